// The 推荐汇总表 in each round's own columns, rank order, the unit and the notes; written as XLSX
// (LibreOffice converts it, values that look like formulas stay text) and as PDF.
#include "documents/summary.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "declaration/json_io.hpp"
#include "declaration/sample.hpp"
#include "documents/pdf.hpp"
#include "documents/tools.hpp"
#include "support/world.hpp"

namespace {

namespace docs = tidu::test::documents;
using tidu::documents::SummaryEntry;

const std::vector<std::string>& all_rounds() {
  static const std::vector<std::string> r = {"fj-2025-advanced", "jx-2025-advanced",
                                             "hb-tianmen-2026-basic", "sn-2024-excellent"};
  return r;
}

/// Three entries given out of order: rank 2, rank 3 (exempt, remark), rank 1 whose contact and
/// factory look like formulas.
std::vector<SummaryEntry> entries(const std::string& round) {
  const auto& policy = tidu::test::policy(round);
  std::vector<SummaryEntry> out;
  for (std::uint32_t v : {11U, 12U, 13U}) {
    auto d = tidu::declaration::make_sample(policy, v);
    if (v == 13) {
      d.enterprise.contact.name = "=HYPERLINK(\"http://x\",\"点我\")";
      d.factory.name = "+1+2智能工厂";
      d.enterprise.contact.mobile = "@SUM(1,1)";
    }
    out.push_back(SummaryEntry{.rank = v == 11   ? 2
                                       : v == 12 ? 3
                                                 : 1,
                               .exempt = v == 12,
                               .remark = v == 12 ? "2024年江西省智能制造标杆企业" : "",
                               .content = tidu::declaration::to_json(d)});
  }
  return out;
}

TEST(DocSummary, ColumnsAreTheRoundsAndRowsAreInRankOrder) {
  for (const auto& round : all_rounds()) {
    SCOPED_TRACE(round);
    const auto& policy = tidu::test::policy(round);
    auto e = entries(round);
    const auto first = e[2].content["enterprise"]["name"].get<std::string>();
    const auto sheet = tidu::documents::build_summary(policy, "测试推荐单位", e);
    ASSERT_TRUE(sheet) << sheet.error().message;
    ASSERT_EQ(sheet->columns.size(), policy.round->summary_table.columns.size());
    for (std::size_t i = 0; i < sheet->columns.size(); ++i)
      EXPECT_EQ(sheet->columns[i], policy.round->summary_table.columns[i].label);
    ASSERT_EQ(sheet->rows.size(), 3U);
    EXPECT_EQ(sheet->rows[0][0], "1");
    EXPECT_EQ(sheet->rows[2][0], "3");
    EXPECT_EQ(sheet->rows[0][1], first);
    EXPECT_EQ(sheet->notes, policy.round->summary_table.notes);
    ASSERT_FALSE(sheet->header_lines.empty());
    EXPECT_EQ(sheet->header_lines.front(), "推荐单位（盖章）：测试推荐单位");
  }
}

TEST(DocSummary, JiangxiMarksTheFormerBenchmarkEnterpriseInItsRemarkColumn) {
  const auto sheet = tidu::documents::build_summary(
      tidu::test::policy("jx-2025-advanced"), "鹰潭市工业和信息化局", entries("jx-2025-advanced"));
  ASSERT_TRUE(sheet);
  ASSERT_EQ(sheet->column_keys.back(), "remark");
  EXPECT_EQ(sheet->rows[2].back(), "2024年江西省智能制造标杆企业");
  EXPECT_EQ(sheet->rows[0].back(), "");
}

TEST(DocSummary, XlsxAndPdfOfEveryRoundConvertAndReadBackWithFormulasKeptAsText) {
  const auto dir = docs::artefacts() / "summary";
  std::filesystem::create_directories(dir);
  std::vector<std::filesystem::path> inputs;
  for (const auto& round : all_rounds()) {
    const auto sheet =
        tidu::documents::build_summary(tidu::test::policy(round), "测试推荐单位", entries(round));
    ASSERT_TRUE(sheet);
    const auto xlsx = tidu::documents::render_xlsx(*sheet);
    ASSERT_TRUE(xlsx) << xlsx.error().message;
    inputs.push_back(dir / (round + "-summary.xlsx"));
    std::filesystem::remove(dir / (round + "-summary.pdf"));
    docs::write_file(inputs.back(), *xlsx);
    // No cell is a formula: the worksheet has no <f> element.
    const auto sheet_xml = tidu::test::run_command("unzip -p " + docs::quoted(inputs.back()) +
                                                   " xl/worksheets/sheet1.xml");
    ASSERT_EQ(sheet_xml.code, 0);
    EXPECT_EQ(sheet_xml.out.find("<f>"), std::string::npos) << round;

    const auto pdf = tidu::documents::render_pdf(tidu::documents::layout_summary(*sheet));
    ASSERT_TRUE(pdf) << pdf.error().message;
    const auto pdf_file = dir / (round + "-summary-direct.pdf");
    docs::write_file(pdf_file, *pdf);
    const auto flat = docs::squeezed(docs::pdf_text(pdf_file).out);
    EXPECT_TRUE(docs::has_text(flat, sheet->title)) << round;
    for (const auto& c : sheet->columns)
      EXPECT_TRUE(docs::has_text(flat, docs::head(c, 3))) << round << " " << c;
    for (const auto& n : sheet->notes) EXPECT_TRUE(docs::has_text(flat, n)) << round << " " << n;
    EXPECT_TRUE(docs::has_text(flat, "推荐单位（盖章）：测试推荐单位"));
    for (const auto& f : docs::cjk_fonts(pdf_file)) EXPECT_TRUE(f.embedded) << f.name;
    EXPECT_FALSE(docs::cjk_fonts(pdf_file).empty());
    EXPECT_TRUE(docs::render_first_page(pdf_file, dir / (round + "-summary-direct-page1.png")));
  }
  const auto converted = docs::convert_to_pdf(inputs, dir);
  ASSERT_EQ(converted.code, 0) << converted.out;
  for (const auto& round : all_rounds()) {
    SCOPED_TRACE(round);
    const auto pdf = dir / (round + "-summary.pdf");
    ASSERT_TRUE(std::filesystem::exists(pdf)) << converted.out;
    const auto flat = docs::squeezed(docs::pdf_text(pdf).out);
    const auto& table = tidu::test::policy(round).round->summary_table;
    EXPECT_TRUE(docs::has_text(flat, table.title));
    for (const auto& c : table.columns)
      EXPECT_TRUE(docs::has_text(flat, docs::head(c.label, 3))) << c.label;
    EXPECT_TRUE(docs::has_text(flat, "@SUM(1,1)")) << "a formula-like value stays text";
    EXPECT_TRUE(docs::has_text(flat, "=HYPERLINK(\"http://x\",\"点我\")"))
        << "a formula-like value stays text";
    EXPECT_TRUE(docs::has_text(flat, "+1+2智能工厂"));
    EXPECT_TRUE(docs::render_first_page(pdf, dir / (round + "-summary-xlsx-page1.png")));
  }
}

}  // namespace
