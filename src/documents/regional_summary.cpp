#include "documents/regional_summary.hpp"

#include <fmt/format.h>

#include <array>
#include <optional>

#include "core/time.hpp"

namespace tidu::documents {
namespace {

constexpr std::array<const char*, 5> kLevelNames = {"一级", "二级", "三级", "四级", "五级"};

std::string level_name(int level) { return kLevelNames.at(static_cast<std::size_t>(level - 1)); }

std::string percent_text(std::optional<double> p) {
  return p ? fmt::format("{:.1f}%", *p) : std::string("—");
}

std::string date_zh(const std::string& day) {
  const auto d = time::parse_date(day);
  return d ? time::format_date_zh(*d) : day;
}

std::string number_text(double v) {
  return v == static_cast<double>(static_cast<long long>(v))
             ? fmt::format("{}", static_cast<long long>(v))
             : fmt::format("{:.2f}", v);
}

/// The figures table: one row per group with counts, coverage and penetration.
Table figures_table(const std::string& first_column, const std::vector<stats::Breakdown>& rows,
                    const stats::Figures& total) {
  Table t{
      .widths = {2.6, 1.1, 1.1, 1.1, 1.2, 1.3, 1.2}, .rows = {}, .header_rows = 1, .small = true};
  t.rows.push_back(Row{{header_cell(first_column), header_cell("登记企业"), header_cell("规上企业"),
                        header_cell("参评企业"), header_cell("规上覆盖度"),
                        header_cell("二级及以上规上企业"), header_cell("普及率")}});
  auto line = [](const std::string& name, const stats::Figures& f, bool bold) {
    auto c = [bold](std::string text, Align a) {
      return Cell{.text = std::move(text), .span = 1, .bold = bold, .align = a};
    };
    return Row{{c(name, Align::kLeft), c(std::to_string(f.enterprises), Align::kRight),
                c(std::to_string(f.above_scale), Align::kRight),
                c(std::to_string(f.assessed), Align::kRight),
                c(percent_text(f.coverage_percent()), Align::kRight),
                c(std::to_string(f.penetrated), Align::kRight),
                c(percent_text(f.penetration_percent()), Align::kRight)}};
  };
  for (const auto& r : rows) t.rows.push_back(line(r.name, r.figures, false));
  t.rows.push_back(line("合计", total, true));
  return t;
}

Table levels_table(const stats::Figures& f) {
  Table t{.widths = {1, 1, 1, 1, 1, 1}, .rows = {}, .header_rows = 1, .small = true};
  Row head{{header_cell("成熟度等级")}};
  Row counts{{cell("企业数")}};
  for (int level = 1; level <= 5; ++level) {
    head.cells.push_back(header_cell(level_name(level)));
    counts.cells.push_back(
        Cell{.text = std::to_string(f.levels[static_cast<std::size_t>(level - 1)]),
             .span = 1,
             .bold = false,
             .align = Align::kRight});
  }
  t.rows = {head, counts};
  return t;
}

}  // namespace

Document layout_regional_summary(const RegionalSummaryInput& in) {
  const auto& s = in.summary;
  const auto& f = s.total;
  Document doc;
  doc.title = "智能制造能力成熟度自评估和基础级工厂复核工作总结";
  doc.subject = fmt::format("{}（统计截至{}）", s.region_name, date_zh(s.date));
  doc.blocks.emplace_back(para("附件5", Style::kAttachmentLabel));
  doc.blocks.emplace_back(para("智能制造能力成熟度自评估和基础级工厂复核工作总结", Style::kTitle));
  doc.blocks.emplace_back(
      para(fmt::format("地区：{}　　统计截至：{}", s.region_name, date_zh(s.date)),
           Style::kCoverFooter));
  doc.blocks.emplace_back(Spacer{.mm = 4});

  doc.blocks.emplace_back(para("一、整体情况", Style::kHeading1));
  doc.blocks.emplace_back(para(
      "（总结分析本地区制造企业参评数量、规模以上制造企业自评估覆盖度、成熟度水平分析以及智能工厂"
      "普及率（达到成熟度二级及以上的规上企业数量 / 规上企业总数）等情况。）",
      Style::kHint));
  std::string levels;
  for (int level = 1; level <= 5; ++level) {
    if (level > 1) levels += "、";
    levels +=
        fmt::format("{}{}家", level_name(level), f.levels[static_cast<std::size_t>(level - 1)]);
  }
  doc.blocks.emplace_back(para(fmt::format(
      "截至{}，本地区在平台登记的制造企业{}家，其中规模以上工业企业{}家。参加智能制造能力成熟度"
      "自评估的企业{}家，其中规上企业{}家，规上企业自评估覆盖度为{}。",
      date_zh(s.date), f.enterprises, f.above_scale, f.assessed, f.assessed_above_scale,
      percent_text(f.coverage_percent()))));
  doc.blocks.emplace_back(para(fmt::format(
      "成熟度水平：{}{}。达到成熟度二级及以上的规上企业{}家，智能工厂普及率为{}（{} / {}）。",
      levels, f.mean_score ? fmt::format("，平均得分{:.2f}", *f.mean_score) : std::string(),
      f.penetrated, percent_text(f.penetration_percent()), f.penetrated, f.above_scale)));
  doc.blocks.emplace_back(
      para("表1　成熟度等级分布（各企业以统计日前最近一次评估为准）", Style::kNote));
  doc.blocks.emplace_back(levels_table(f));
  if (!s.by_subregion.empty()) {
    doc.blocks.emplace_back(para("表2　分地区情况", Style::kNote));
    doc.blocks.emplace_back(figures_table("地区", s.by_subregion, f));
  }
  if (!s.by_industry.empty()) {
    doc.blocks.emplace_back(para("表3　分行业情况（国民经济行业分类大类）", Style::kNote));
    doc.blocks.emplace_back(figures_table("行业", s.by_industry, f));
  }
  if (s.over_time.size() > 1) {
    std::vector<stats::Breakdown> dated;
    dated.reserve(s.over_time.size());
    for (const auto& d : s.over_time)
      dated.push_back(
          stats::Breakdown{.key = d.date, .name = date_zh(d.date), .figures = d.figures});
    auto t = figures_table("统计日期", dated, f);
    t.rows.pop_back();  // no total over dates
    doc.blocks.emplace_back(para("表4　变化情况", Style::kNote));
    doc.blocks.emplace_back(std::move(t));
  }
  doc.blocks.emplace_back(
      para(fmt::format("注：数据来自平台登记的企业及其智能制造能力成熟度评估记录（"
                       "GB/T 39116-2020）；规上企业按最近"
                       "一年主营业务收入不低于{}万元认定。",
                       number_text(in.above_scale_min_revenue)),
           Style::kNote));

  doc.blocks.emplace_back(para("二、工作推进举措", Style::kHeading1));
  doc.blocks.emplace_back(
      para("（说明本地区建立的常态化评估评价机制的具体措施、评估评价结果应用情况以及工作成效。）",
           Style::kHint));
  doc.blocks.emplace_back(para("（请填写）"));

  doc.blocks.emplace_back(para("三、基础级智能工厂复核情况", Style::kHeading1));
  doc.blocks.emplace_back(para("（说明基础级智能工厂复核情况，确认数量。）", Style::kHint));
  doc.blocks.emplace_back(para(fmt::format(
      "截至{}，本地区企业提交基础级智能工厂自评价{}份，经复核确认{}份、退回修改{}份、待复核{}份。"
      "确认的基础级智能工厂{}家已纳入智能工厂名录。",
      date_zh(s.date), in.self_evaluations_submitted, in.self_evaluations_confirmed,
      in.self_evaluations_returned, in.self_evaluations_pending, f.basic_confirmed)));

  doc.blocks.emplace_back(para("四、下一步工作考虑", Style::kHeading1));
  doc.blocks.emplace_back(para(
      "（提出组织开展本地区智能制造能力成熟度自评估，并以评估结果指导智能工厂梯度培育的工作考虑"
      "和计划。）",
      Style::kHint));
  doc.blocks.emplace_back(para("（请填写）"));

  doc.blocks.emplace_back(Spacer{.mm = 10});
  doc.blocks.emplace_back(para(fmt::format("报送单位（盖章）：{}", in.unit_name), Style::kPlain));
  doc.blocks.emplace_back(para("　　　　年　　月　　日", Style::kPlain));
  return doc;
}

}  // namespace tidu::documents
