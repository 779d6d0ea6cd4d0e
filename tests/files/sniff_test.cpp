// File types by content: the five accepted types, renamed executables, and ZIP archives that
// are damaged, truncated or lie about where their directory is.
#include "files/sniff.hpp"

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/zip_writer.hpp"

namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using tidu::files::accepted_type_ids;
using tidu::files::MediaType;
using tidu::files::sniff;
using tidu::test::end_record_offset;
using tidu::test::get_u32;
using tidu::test::make_zip;
using tidu::test::minimal_docx;
using tidu::test::minimal_xlsx;
using tidu::test::set_u16;
using tidu::test::set_u32;
using tidu::test::ZipEntry;

const std::string kAllTypes = "PDF、JPEG、PNG、DOCX、XLSX";

/// The id sniff() gives, or the error code.
std::string id_or_code(const std::string& bytes) {
  auto sniffed = sniff(bytes);
  return sniffed ? sniffed->id : sniffed.error().code;
}

std::string pdf() { return "%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"; }
std::string jpeg() { return std::string("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00", 11); }
std::string png() { return std::string("\x89PNG\r\n\x1A\n\x00\x00\x00\x0DIHDR", 16); }
std::string elf() {
  return std::string(
             "\x7F"
             "ELF\x02\x01\x01\x00\x00\x00\x00\x00",
             12) +
         "code";
}

TEST(SniffTest, ListsTheAcceptedTypes) {
  EXPECT_THAT(accepted_type_ids(), ElementsAre("pdf", "jpeg", "png", "docx", "xlsx"));
}

TEST(SniffTest, AcceptsPdfJpegAndPngByTheirSignatures) {
  auto sniffed = sniff(pdf());
  ASSERT_TRUE(sniffed) << sniffed.error().detail;
  EXPECT_EQ(*sniffed, (MediaType{"pdf", "application/pdf", ".pdf"}));
  EXPECT_EQ(sniff(jpeg())->mime, "image/jpeg");
  EXPECT_EQ(sniff(jpeg())->extension, ".jpg");
  EXPECT_EQ(sniff(png())->id, "png");
  EXPECT_EQ(sniff(png())->mime, "image/png");
}

TEST(SniffTest, TellsDocxFromXlsxByTheirEntries) {
  auto docx = sniff(minimal_docx());
  ASSERT_TRUE(docx) << docx.error().detail;
  EXPECT_EQ(docx->id, "docx");
  EXPECT_EQ(docx->mime, "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  EXPECT_EQ(docx->extension, ".docx");
  auto xlsx = sniff(minimal_xlsx());
  ASSERT_TRUE(xlsx) << xlsx.error().detail;
  EXPECT_EQ(xlsx->id, "xlsx");
  EXPECT_EQ(xlsx->mime, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
}

TEST(SniffTest, ReadsAnArchiveWithACommentThatContainsAnEndSignature) {
  const std::string comment = std::string("PK\x05\x06", 4) + "由 WPS 保存";
  EXPECT_EQ(id_or_code(make_zip(tidu::test::docx_entries(), comment)), "docx");
}

TEST(SniffTest, RefusesARenamedExecutableNamingTheAcceptedTypes) {
  auto sniffed = sniff(elf());
  ASSERT_FALSE(sniffed);
  EXPECT_EQ(sniffed.error().code, "FILE_TYPE_REFUSED");
  EXPECT_THAT(sniffed.error().message, HasSubstr(kAllTypes));
  EXPECT_THAT(sniffed.error().message, HasSubstr("按文件内容判断"));
  EXPECT_THAT(sniffed.error().detail, HasSubstr("7f454c46"));
  EXPECT_EQ(id_or_code("MZ\x90\x00 This program cannot be run in DOS mode"), "FILE_TYPE_REFUSED");
}

TEST(SniffTest, RefusesEmptyAndTextFiles) {
  EXPECT_EQ(id_or_code(""), "FILE_TYPE_REFUSED");
  EXPECT_EQ(id_or_code("%PDF"), "FILE_TYPE_REFUSED");
  EXPECT_EQ(id_or_code("名称,数量\n机床,3\n"), "FILE_TYPE_REFUSED");
  EXPECT_EQ(id_or_code(" %PDF-1.4"), "FILE_TYPE_REFUSED");
}

TEST(SniffTest, RefusesAnExecutableWithAnOfficeArchiveAppended) {
  EXPECT_EQ(id_or_code("MZ" + std::string(64, '\0') + minimal_docx()), "FILE_TYPE_REFUSED");
}

TEST(SniffTest, RefusesZipArchivesThatAreNeitherDocxNorXlsx) {
  EXPECT_EQ(id_or_code(make_zip({{"readme.txt", "说明"}, {"word/a.xml", "<a/>"}})),
            "FILE_TYPE_REFUSED");
  EXPECT_EQ(id_or_code(make_zip({{"[Content_Types].xml", "<Types/>"}, {"ppt/slide1.xml", ""}})),
            "FILE_TYPE_REFUSED");
  EXPECT_EQ(id_or_code(make_zip({})), "FILE_TYPE_REFUSED");
  auto both = sniff(make_zip(
      {{"[Content_Types].xml", "<Types/>"}, {"word/document.xml", ""}, {"xl/workbook.xml", ""}}));
  ASSERT_FALSE(both);
  EXPECT_THAT(both.error().message, HasSubstr(kAllTypes));
  EXPECT_THAT(both.error().message, Not(HasSubstr("损坏")));
}

TEST(SniffTest, RefusesATruncatedArchiveSayingItMayBeDamaged) {
  const std::string docx = minimal_docx();
  for (const std::size_t keep : {docx.size() - 1, docx.size() - 22, docx.size() / 2, 30UL, 4UL}) {
    auto sniffed = sniff(docx.substr(0, keep));
    ASSERT_FALSE(sniffed) << "kept " << keep << " bytes";
    EXPECT_EQ(sniffed.error().code, "FILE_TYPE_REFUSED");
    EXPECT_THAT(sniffed.error().message, HasSubstr(kAllTypes));
    EXPECT_THAT(sniffed.error().message, HasSubstr("可能已损坏"));
  }
}

TEST(SniffTest, RefusesAnAbsurdCentralDirectoryOffsetOrSize) {
  const std::string docx = minimal_docx();
  const std::size_t end = end_record_offset(docx);
  for (const std::uint32_t offset : {0x7FFFFFFFU, 0xFFFFFFFEU, static_cast<std::uint32_t>(end)}) {
    std::string bad = docx;
    set_u32(bad, end + 16, offset);
    auto sniffed = sniff(bad);
    ASSERT_FALSE(sniffed) << "offset " << offset;
    EXPECT_THAT(sniffed.error().detail, HasSubstr("zip:"));
  }
  std::string huge = docx;
  set_u32(huge, end + 12, 0xFFFFFF00U);
  EXPECT_EQ(id_or_code(huge), "FILE_TYPE_REFUSED");
}

TEST(SniffTest, RefusesEntriesThatRunPastTheDirectory) {
  const std::string docx = minimal_docx();
  const std::size_t end = end_record_offset(docx);
  std::string more_entries = docx;
  set_u16(more_entries, end + 8, 200);
  set_u16(more_entries, end + 10, 200);
  EXPECT_EQ(id_or_code(more_entries), "FILE_TYPE_REFUSED");

  // A name length pointing far past the directory in the first central entry.
  const std::size_t directory = get_u32(docx, end + 16);
  std::string long_name = docx;
  set_u16(long_name, directory + 28, 0xFFFF);
  EXPECT_EQ(id_or_code(long_name), "FILE_TYPE_REFUSED");

  std::string bad_local = docx;
  set_u32(bad_local, directory + 42, 0xFFFFFFF0U);
  EXPECT_EQ(id_or_code(bad_local), "FILE_TYPE_REFUSED");
}

TEST(SniffTest, RefusesTypesOutsideTheAllowedListNamingOnlyThose) {
  const std::vector<std::string> images{"jpeg", "png"};
  auto refused = sniff(pdf(), images);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "FILE_TYPE_REFUSED");
  EXPECT_THAT(refused.error().message, HasSubstr("只接受 JPEG、PNG 文件"));
  EXPECT_THAT(refused.error().message, HasSubstr("上传的是 PDF 文件"));
  EXPECT_THAT(refused.error().message, Not(HasSubstr("DOCX")));

  auto unknown = sniff(elf(), images);
  ASSERT_FALSE(unknown);
  EXPECT_THAT(unknown.error().message, HasSubstr("只接受 JPEG、PNG 文件"));

  auto damaged = sniff(minimal_docx().substr(0, 100), images);
  ASSERT_FALSE(damaged);
  EXPECT_THAT(damaged.error().message, Not(HasSubstr("DOCX")));

  EXPECT_EQ(sniff(png(), images)->id, "png");
  EXPECT_EQ(sniff(minimal_xlsx(), {"xlsx"})->id, "xlsx");
  EXPECT_FALSE(sniff(png(), {}));
}

}  // namespace
