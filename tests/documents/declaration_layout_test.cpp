// The 申报书 as a document model: every section of each form in its order with its heading, the
// cover, tables from the form and the catalogue, check boxes, and the verification stamp.
#include "documents/declaration_layout.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "declaration/json_io.hpp"
#include "declaration/sample.hpp"
#include "documents/tools.hpp"
#include "documents/verification.hpp"
#include "support/world.hpp"

namespace {

using tidu::documents::Document;
using tidu::documents::Paragraph;
using tidu::documents::Style;
using tidu::documents::Table;

constexpr const char* kHash = "3fa29c0177b4e0d5aa11bb22cc33dd44ee55ff6600112233445566778899aabb";

Document layout(const std::string& round, std::uint32_t variant = 0) {
  const auto& policy = tidu::test::policy(round);
  const auto sample = tidu::declaration::make_sample(policy, variant);
  return tidu::documents::layout_declaration(
      policy, tidu::declaration::to_json(sample),
      {.sha256 = kHash, .number = 2, .submitted_at = "2025-04-01T10:00:00+08:00"});
}

std::vector<std::string> paragraphs(const Document& d) {
  std::vector<std::string> out;
  for (const auto& b : d.blocks) {
    if (const auto* p = std::get_if<Paragraph>(&b)) out.push_back(p->text);
  }
  return out;
}

std::string all_text(const Document& d) {
  std::string out;
  for (const auto& b : d.blocks) {
    if (const auto* p = std::get_if<Paragraph>(&b)) out += p->text + "\n";
    if (const auto* t = std::get_if<Table>(&b)) {
      for (const auto& r : t->rows)
        for (const auto& c : r.cells) out += c.text + "\n";
    }
  }
  return out;
}

class DocLayout : public ::testing::TestWithParam<std::string> {};

TEST_P(DocLayout, EverySectionHeadingOfTheFormAppearsInTheFormsOrder) {
  const auto& policy = tidu::test::policy(GetParam());
  const auto doc = layout(GetParam());
  const auto texts = paragraphs(doc);
  std::size_t at = 0;
  for (const auto& heading : tidu::test::documents::form_headings(*policy.form)) {
    const auto it =
        std::find(texts.begin() + static_cast<std::ptrdiff_t>(at), texts.end(), heading);
    ASSERT_NE(it, texts.end()) << "heading missing or out of order: " << heading;
    at = static_cast<std::size_t>(it - texts.begin()) + 1;
  }
}

TEST_P(DocLayout, TheCoverCarriesTheTitleAndEveryCoverFieldBeforeTheFirstPageBreak) {
  const auto& policy = tidu::test::policy(GetParam());
  const auto doc = layout(GetParam());
  EXPECT_TRUE(doc.cover);
  std::vector<std::string> cover;
  for (const auto& b : doc.blocks) {
    if (std::holds_alternative<tidu::documents::PageBreak>(b)) break;
    if (const auto* p = std::get_if<Paragraph>(&b)) cover.push_back(p->text);
  }
  const std::string title =
      policy.round->form_title.empty() ? policy.form->title : policy.round->form_title;
  ASSERT_FALSE(cover.empty());
  EXPECT_NE(std::find(cover.begin(), cover.end(), title), cover.end()) << title;
  for (const auto& f : policy.form->cover) {
    EXPECT_TRUE(std::any_of(cover.begin(), cover.end(), [&](const std::string& t) {
      return t.starts_with(f.label + "：");
    })) << f.label;
  }
}

TEST_P(DocLayout, KeyFieldsOfTheSnapshotAreInTheDocument) {
  const auto& policy = tidu::test::policy(GetParam());
  const auto sample = tidu::declaration::make_sample(policy, 0);
  const auto text = all_text(layout(GetParam()));
  for (const auto& value : {sample.enterprise.name, sample.factory.name, sample.enterprise.address,
                            sample.enterprise.contact.name, sample.cover.applicant}) {
    if (value.empty()) continue;
    EXPECT_NE(text.find(value), std::string::npos) << value;
  }
  for (const auto& s : sample.scenarios) EXPECT_NE(text.find(s.instance), std::string::npos);
}

TEST_P(DocLayout, StampsTheVerificationCodeOfTheSnapshotHash) {
  const auto doc = layout(GetParam());
  EXPECT_EQ(doc.stamp.verification_code, "3FA2-9C01-77B4-E0D5");
  EXPECT_EQ(doc.stamp.sha256, kHash);
  EXPECT_NE(doc.stamp.qr_text.find(kHash), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Rounds, DocLayout,
                         ::testing::Values("fj-2025-advanced", "jx-2025-advanced",
                                           "hb-tianmen-2026-basic", "sn-2024-excellent"));

TEST(DocLayoutFujian, TitlesAreCheckBoxesWithTheDeclaredOnesTicked) {
  const auto& policy = tidu::test::policy("fj-2025-advanced");
  auto sample = tidu::declaration::make_sample(policy, 0);
  sample.enterprise.titles = {{"provincial_demo_factory", 2022, ""}};
  sample.enterprise.accident.occurred = false;
  const auto doc =
      tidu::documents::layout_declaration(policy, tidu::declaration::to_json(sample),
                                          {.sha256 = kHash, .number = 1, .submitted_at = ""});
  const auto text = all_text(doc);
  EXPECT_NE(text.find("☑省级智能制造示范工厂（2022年）"), std::string::npos)
      << text.substr(0, 4000);
  EXPECT_NE(text.find("☐国家智能制造示范工厂揭榜单位"), std::string::npos);
  EXPECT_NE(text.find("☐是　☑否"), std::string::npos) << "accidents: no";
}

TEST(DocLayoutFujian, KpiRowsCarryTheCataloguesNamesAndUnits) {
  const auto& policy = tidu::test::policy("fj-2025-advanced");
  auto sample = tidu::declaration::make_sample(policy, 0);
  ASSERT_FALSE(sample.factory.kpis.empty());
  const auto* kpi = policy.kpis->find(sample.factory.kpis.front().number);
  ASSERT_NE(kpi, nullptr);
  const auto doc =
      tidu::documents::layout_declaration(policy, tidu::declaration::to_json(sample),
                                          {.sha256 = kHash, .number = 1, .submitted_at = ""});
  bool found = false;
  for (const auto& b : doc.blocks) {
    const auto* t = std::get_if<Table>(&b);
    if (t == nullptr) continue;
    for (const auto& r : t->rows) {
      if (r.cells.size() == 6 && r.cells[1].text == kpi->name && r.cells[2].text == kpi->unit)
        found = true;
    }
  }
  EXPECT_TRUE(found) << kpi->name;
}

TEST(DocLayoutNumbers, PrintsNumbersWithoutTrailingZeros) {
  EXPECT_EQ(tidu::documents::format_number(12), "12");
  EXPECT_EQ(tidu::documents::format_number(12.5), "12.5");
  EXPECT_EQ(tidu::documents::format_number(0.126), "0.13");
  EXPECT_EQ(tidu::documents::format_number(-3.10), "-3.1");
}

}  // namespace
