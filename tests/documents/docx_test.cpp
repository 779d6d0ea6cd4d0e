// The 申报书 as DOCX for each form template: LibreOffice headless opens and converts every one to
// PDF, whose text has the headings and key fields and whose CJK fonts are embedded; page 1 of each
// conversion is kept as a PNG artefact.
#include "documents/docx.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "declaration/json_io.hpp"
#include "declaration/sample.hpp"
#include "documents/declaration_layout.hpp"
#include "documents/tools.hpp"
#include "support/world.hpp"

namespace {

namespace docs = tidu::test::documents;

constexpr const char* kHash = "5b7e0c9d2a7f4e3b9d0c2b7e51a4f3886b1e0c9d2a7f4e3b5c6d7e8f90a1b2c3";

TEST(DocDocx, EveryFormTemplateConvertsWithLibreOfficeAndReadsBack) {
  const std::vector<std::string> rounds = {"fj-2025-advanced", "jx-2025-advanced",
                                           "hb-tianmen-2026-basic", "sn-2024-excellent"};
  const auto dir = docs::artefacts() / "docx";
  std::filesystem::create_directories(dir);
  std::vector<std::filesystem::path> inputs;
  for (const auto& round : rounds) {
    const auto& policy = tidu::test::policy(round);
    const auto sample = tidu::declaration::make_sample(policy, 2);
    const auto doc =
        tidu::documents::layout_declaration(policy, tidu::declaration::to_json(sample),
                                            {.sha256 = kHash, .number = 1, .submitted_at = ""});
    const auto docx = tidu::documents::render_docx(doc);
    ASSERT_TRUE(docx) << docx.error().message;
    ASSERT_TRUE(docx->starts_with("PK")) << "a ZIP container";
    inputs.push_back(dir / (round + "-declaration.docx"));
    std::filesystem::remove(dir / (round + "-declaration.pdf"));
    docs::write_file(inputs.back(), *docx);
  }
  const auto converted = docs::convert_to_pdf(inputs, dir);
  ASSERT_EQ(converted.code, 0) << converted.out;
  for (const auto& round : rounds) {
    SCOPED_TRACE(round);
    const auto& policy = tidu::test::policy(round);
    const auto sample = tidu::declaration::make_sample(policy, 2);
    const auto pdf = dir / (round + "-declaration.pdf");
    ASSERT_TRUE(std::filesystem::exists(pdf)) << "LibreOffice did not convert it:\n"
                                              << converted.out;
    const auto flat = docs::squeezed(docs::pdf_text(pdf).out);
    for (const auto& heading : docs::form_headings(*policy.form))
      EXPECT_TRUE(docs::has_text(flat, heading)) << "heading: " << heading;
    for (const auto& value :
         {sample.enterprise.name, sample.factory.name, sample.enterprise.contact.name}) {
      if (!value.empty()) {
        EXPECT_TRUE(docs::has_text(flat, value)) << "field: " << value;
      }
    }
    EXPECT_TRUE(docs::has_text(flat, "5B7E-0C9D-2A7F-4E3B")) << "the code in the footer";
    const auto fonts = docs::cjk_fonts(pdf);
    ASSERT_FALSE(fonts.empty()) << "no CJK font in the converted PDF";
    for (const auto& f : fonts) EXPECT_TRUE(f.embedded) << f.name << " is not embedded";
    EXPECT_TRUE(docs::render_first_page(pdf, dir / (round + "-declaration-docx-page1.png")));
  }
}

TEST(DocDocx, XmlEscapingKeepsMarkupAndDropsForbiddenControlCharacters) {
  EXPECT_EQ(tidu::documents::xml_escape("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&apos;");
  EXPECT_EQ(tidu::documents::xml_escape(std::string("x\x01y\tz\n", 6)), "xy\tz\n");
}

}  // namespace
