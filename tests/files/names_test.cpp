// Stored file names and the download header built from them.
#include "files/names.hpp"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/text.hpp"

namespace {

using ::testing::EndsWith;
using tidu::files::content_disposition;
using tidu::files::kMaxFileNameBytes;
using tidu::files::sanitize_file_name;

TEST(FileNameTest, KeepsChineseNames) {
  EXPECT_EQ(sanitize_file_name("智能工厂申报书（2025）.pdf"), "智能工厂申报书（2025）.pdf");
  EXPECT_EQ(sanitize_file_name("设备 清单 v2.xlsx"), "设备 清单 v2.xlsx");
}

TEST(FileNameTest, DropsPathComponents) {
  EXPECT_EQ(sanitize_file_name("../../etc/passwd"), "passwd");
  EXPECT_EQ(sanitize_file_name(R"(C:\Users\张三\桌面\营业执照.jpg)"), "营业执照.jpg");
  EXPECT_EQ(sanitize_file_name("folder/"), "附件");
}

TEST(FileNameTest, DropsControlAndReservedCharacters) {
  EXPECT_EQ(sanitize_file_name("a\r\nb\t\x01\x7F.pdf"), "ab.pdf");
  EXPECT_EQ(sanitize_file_name(R"(报告:*?"<>|终稿.docx)"), "报告终稿.docx");
  EXPECT_EQ(sanitize_file_name("a\xC2\x85z.pdf"), "az.pdf");  // U+0085, a C1 control
}

TEST(FileNameTest, DropsBidirectionalOverridesThatHideTheRealExtension) {
  EXPECT_EQ(sanitize_file_name("申报书\u202Efdp.exe"), "申报书fdp.exe");
  EXPECT_EQ(sanitize_file_name("\uFEFF报告\u2066.pdf"), "报告.pdf");
}

TEST(FileNameTest, DropsInvalidUtf8) {
  EXPECT_EQ(sanitize_file_name("报\xFF\xC0\xAF告.pdf"), "报告.pdf");
  EXPECT_EQ(sanitize_file_name("\xE6\x8A"), "附件");
}

TEST(FileNameTest, TrimsLeadingDotsAndTrailingDotsAndSpaces) {
  EXPECT_EQ(sanitize_file_name(".bashrc"), "bashrc");
  EXPECT_EQ(sanitize_file_name("...  .隐藏.pdf"), "隐藏.pdf");
  EXPECT_EQ(sanitize_file_name("报告.pdf. . "), "报告.pdf");
  EXPECT_EQ(sanitize_file_name(".."), "附件");
  EXPECT_EQ(sanitize_file_name(""), "附件");
  EXPECT_EQ(sanitize_file_name("\x01\x02"), "附件");
}

TEST(FileNameTest, CapsLengthOnACharacterBoundaryKeepingTheExtension) {
  std::string long_name;
  for (int i = 0; i < 60; ++i) long_name += "工";  // 180 bytes
  const std::string capped = sanitize_file_name(long_name + ".pdf");
  EXPECT_LE(capped.size(), kMaxFileNameBytes);
  EXPECT_THAT(capped, EndsWith("工.pdf"));
  EXPECT_TRUE(tidu::text::valid_utf8(capped));
  EXPECT_EQ(capped.size(), 38 * 3 + 4U);  // 118 bytes: a 39th 工 would need 121

  const std::string no_extension = sanitize_file_name(long_name);
  EXPECT_EQ(no_extension.size(), 120U);
  EXPECT_TRUE(tidu::text::valid_utf8(no_extension));

  const std::string odd = sanitize_file_name("a" + long_name);  // boundaries shift by one
  EXPECT_EQ(odd.size(), 1 + 39 * 3U);
  EXPECT_TRUE(tidu::text::valid_utf8(odd));

  const std::string long_extension = sanitize_file_name("x." + long_name);
  EXPECT_LE(long_extension.size(), kMaxFileNameBytes);
  EXPECT_TRUE(tidu::text::valid_utf8(long_extension));
}

TEST(ContentDispositionNameTest, EncodesChineseNamesWithAnAsciiFallback) {
  EXPECT_EQ(content_disposition("申报书.pdf", false),
            "attachment; filename=\"_.pdf\"; "
            "filename*=UTF-8''%E7%94%B3%E6%8A%A5%E4%B9%A6.pdf");
  EXPECT_EQ(content_disposition("2025年申报书v2.pdf", true),
            "inline; filename=\"2025_v2.pdf\"; "
            "filename*=UTF-8''2025%E5%B9%B4%E7%94%B3%E6%8A%A5%E4%B9%A6v2.pdf");
}

TEST(ContentDispositionNameTest, PercentEncodesEverythingOutsideAttrChar) {
  EXPECT_EQ(content_disposition("a b;c,d'e(f)%=@[].pdf", false),
            "attachment; filename=\"a b;c,d'e(f)%=@[].pdf\"; "
            "filename*=UTF-8''a%20b%3Bc%2Cd%27e%28f%29%25%3D%40%5B%5D.pdf");
  EXPECT_EQ(content_disposition("!#$&+-.^_`|~Az09", false),
            "attachment; filename=\"!#$&+-.^_`|~Az09\"; filename*=UTF-8''!#$&+-.^_`|~Az09");
}

TEST(ContentDispositionNameTest, KeepsQuotesBackslashesAndLineBreaksOutOfTheHeader) {
  EXPECT_EQ(content_disposition("a\"b\\c\r\nd.pdf", false),
            "attachment; filename=\"a_b_c_d.pdf\"; filename*=UTF-8''a%22b%5Cc%0D%0Ad.pdf");
}

TEST(ContentDispositionNameTest, NamesAnEmptyFileAttachment) {
  EXPECT_EQ(content_disposition("", false),
            "attachment; filename=\"_\"; filename*=UTF-8''%E9%99%84%E4%BB%B6");
}

}  // namespace
