// The 申报书 as PDF for each form template, checked with poppler: the key fields and every
// section heading in the text, the CJK fonts embedded, no line starting with closing punctuation,
// the verification code on every page, and page 1 kept as a PNG artefact.
#include "documents/pdf.hpp"

#include <gtest/gtest.h>

#include <string>

#include "declaration/json_io.hpp"
#include "declaration/sample.hpp"
#include "documents/declaration_layout.hpp"
#include "documents/tools.hpp"
#include "support/world.hpp"

namespace {

namespace docs = tidu::test::documents;

constexpr const char* kHash = "9d0c2b7e51a4f3886b1e0c9d2a7f4e3b5c6d7e8f90a1b2c3d4e5f60718293a4b";

int page_count(const std::filesystem::path& pdf) {
  const auto r = tidu::test::run_command("pdfinfo '" + pdf.string() + "' 2>&1");
  const auto at = r.out.find("Pages:");
  return at == std::string::npos ? 0 : std::stoi(r.out.substr(at + 6));
}

class DocPdf : public ::testing::TestWithParam<std::string> {};

TEST_P(DocPdf, TheDeclarationReadsBackWithItsHeadingsFieldsFontsAndCodeOnEveryPage) {
  const auto& policy = tidu::test::policy(GetParam());
  const auto sample = tidu::declaration::make_sample(policy, 1);
  const auto doc = tidu::documents::layout_declaration(
      policy, tidu::declaration::to_json(sample),
      {.sha256 = kHash, .number = 1, .submitted_at = "2025-04-01T10:00:00+08:00"});
  const auto pdf = tidu::documents::render_pdf(doc);
  ASSERT_TRUE(pdf) << pdf.error().message;
  ASSERT_TRUE(pdf->starts_with("%PDF-"));
  const auto file = docs::artefacts() / (GetParam() + "-declaration.pdf");
  docs::write_file(file, *pdf);

  const auto text = docs::pdf_text(file);
  ASSERT_EQ(text.code, 0) << text.out;
  const auto flat = docs::squeezed(text.out);
  for (const auto& heading : docs::form_headings(*policy.form))
    EXPECT_TRUE(docs::has_text(flat, heading)) << "heading: " << heading;
  for (const auto& value : {sample.enterprise.name, sample.factory.name,
                            sample.enterprise.contact.name, sample.enterprise.address}) {
    if (!value.empty()) {
      EXPECT_TRUE(docs::has_text(flat, value)) << "field: " << value;
    }
  }
  for (const auto& s : sample.scenarios)
    EXPECT_TRUE(docs::has_text(flat, s.instance)) << "scenario: " << s.instance;

  // The verification code on every page.
  const int pages = page_count(file);
  EXPECT_GE(pages, 4);
  std::size_t codes = 0;
  for (auto at = flat.find(doc.stamp.verification_code); at != std::string::npos;
       at = flat.find(doc.stamp.verification_code, at + 1))
    ++codes;
  EXPECT_EQ(codes, static_cast<std::size_t>(pages)) << "one code per page";

  // Chinese line breaking: no line begins with closing punctuation.
  std::size_t at = 0;
  while (at < text.out.size()) {
    auto end = text.out.find('\n', at);
    if (end == std::string::npos) end = text.out.size();
    const std::string line = text.out.substr(at, end - at);
    for (const auto& mark : docs::closing_punctuation())
      EXPECT_FALSE(line.starts_with(mark)) << "a line starts with " << mark << ": " << line;
    at = end + 1;
  }

  const auto fonts = docs::cjk_fonts(file);
  ASSERT_FALSE(fonts.empty()) << "no CJK font in the PDF";
  for (const auto& f : fonts) EXPECT_TRUE(f.embedded) << f.name << " is not embedded";

  EXPECT_TRUE(
      docs::render_first_page(file, docs::artefacts() / (GetParam() + "-declaration-page1.png")));
}

INSTANTIATE_TEST_SUITE_P(Rounds, DocPdf,
                         ::testing::Values("fj-2025-advanced", "jx-2025-advanced",
                                           "hb-tianmen-2026-basic", "sn-2024-excellent"));

TEST(DocPdfTables, ALongTableContinuesOnTheNextPageWithItsHeaderRepeated) {
  tidu::documents::Table t{.widths = {1, 3}, .rows = {}, .header_rows = 1, .small = false};
  t.rows.push_back(
      {{tidu::documents::header_cell("序号"), tidu::documents::header_cell("重复表头")}});
  for (int i = 1; i <= 80; ++i)
    t.rows.push_back({{tidu::documents::cell(std::to_string(i)), tidu::documents::cell("内容")}});
  tidu::documents::Document doc{.title = "t",
                                .subject = "t",
                                .orientation = tidu::documents::Orientation::kPortrait,
                                .blocks = {t},
                                .stamp = {},
                                .cover = false};
  const auto pdf = tidu::documents::render_pdf(doc);
  ASSERT_TRUE(pdf) << pdf.error().message;
  const auto file = docs::artefacts() / "long-table.pdf";
  docs::write_file(file, *pdf);
  const int pages = page_count(file);
  EXPECT_GE(pages, 2);
  const auto flat = docs::squeezed(docs::pdf_text(file).out);
  std::size_t headers = 0;
  for (auto at = flat.find("重复表头"); at != std::string::npos; at = flat.find("重复表头", at + 1))
    ++headers;
  EXPECT_EQ(headers, static_cast<std::size_t>(pages));
  EXPECT_TRUE(docs::has_text(flat, "— 2 —")) << "page numbers";
}

}  // namespace
