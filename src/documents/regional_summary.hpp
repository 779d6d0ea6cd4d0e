#pragma once
// The regional self-assessment summary (seed 000 附件5 智能制造能力成熟度自评估和基础级工厂复核工作
// 总结（模板）) as a Document: its four sections in the template's order, 一 and 三 prefilled from
// the statistics, 二 and 四 with the template's guidance and room for the unit's own text. Pure.
#include <string>

#include "documents/document.hpp"
#include "stats/maturity.hpp"

namespace tidu::documents {

struct RegionalSummaryInput {
  stats::RegionalSummary summary;
  int self_evaluations_submitted = 0;
  int self_evaluations_confirmed = 0;
  int self_evaluations_returned = 0;
  int self_evaluations_pending = 0;
  double above_scale_min_revenue = 0;  ///< 万元
  std::string unit_name;               ///< 报送单位, e.g. 福州市工业和信息化局
};

Document layout_regional_summary(const RegionalSummaryInput& in);

}  // namespace tidu::documents
