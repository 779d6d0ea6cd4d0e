// The verification code: derived from the snapshot hash, read back from text and from a PDF.
#include "documents/verification.hpp"

#include <gtest/gtest.h>

#include "documents/pdf.hpp"

namespace {

constexpr const char* kHash = "3fa29c0177b4e0d5aa11bb22cc33dd44ee55ff6600112233445566778899aabb";

TEST(DocVerification, TheCodeIsTheFirstSixteenHexDigitsInFourGroups) {
  EXPECT_EQ(tidu::documents::verification_code(kHash), "3FA2-9C01-77B4-E0D5");
}

TEST(DocVerification, CodesAreReadInAnyCaseWithOrWithoutDashes) {
  EXPECT_EQ(tidu::documents::code_prefix("3FA2-9C01-77B4-E0D5"), "3fa29c0177b4e0d5");
  EXPECT_EQ(tidu::documents::code_prefix("3fa29c0177b4e0d5"), "3fa29c0177b4e0d5");
  EXPECT_EQ(tidu::documents::code_prefix("3fa2 9c01 77b4 e0d5"), "3fa29c0177b4e0d5");
  EXPECT_FALSE(tidu::documents::code_prefix("3FA2-9C01-77B4"));
  EXPECT_FALSE(tidu::documents::code_prefix("3FA2-9C01-77B4-E0D5-00"));
  EXPECT_FALSE(tidu::documents::code_prefix("3FA2-9C01-77B4-E0DZ"));
  EXPECT_FALSE(tidu::documents::code_prefix("%' OR 1=1 --"));
}

TEST(DocVerification, APdfCarriesItsCodeAndHashWhereTheyCanBeReadBack) {
  tidu::documents::Document doc{
      .title = "测试",
      .subject = "测试",
      .orientation = tidu::documents::Orientation::kPortrait,
      .blocks = {tidu::documents::para("正文。")},
      .stamp = {.verification_code = "3FA2-9C01-77B4-E0D5", .sha256 = kHash, .qr_text = "x"},
      .cover = false};
  const auto pdf = tidu::documents::render_pdf(doc);
  ASSERT_TRUE(pdf) << pdf.error().message;
  const auto marker = tidu::documents::find_pdf_marker(*pdf);
  ASSERT_TRUE(marker);
  EXPECT_EQ(marker->code, "3FA2-9C01-77B4-E0D5");
  EXPECT_EQ(marker->sha256, kHash);
}

TEST(DocVerification, TextWithoutAMarkerOrWithABrokenOneHasNone) {
  EXPECT_FALSE(tidu::documents::find_pdf_marker("%PDF-1.5 nothing here"));
  EXPECT_FALSE(tidu::documents::find_pdf_marker("tidu-verify:3FA2-9C01-77B4-E0D5 sha256:abc"));
  EXPECT_FALSE(tidu::documents::find_pdf_marker("tidu-verify:3FA2 sha256:" + std::string(kHash)));
}

}  // namespace
