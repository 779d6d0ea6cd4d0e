#pragma once
// The 推荐汇总表: a unit's recommendation list in the round's own columns (round data:
// summary_table), in rank order, with the recommending unit above and the notes of the seed
// table below. Building the sheet is pure; it is written as XLSX (xlsx.hpp) or, through
// layout_summary, as PDF.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "documents/document.hpp"
#include "rounds/round.hpp"

namespace tidu::documents {

/// One recommended declaration: its place in the list and its submitted content.
struct SummaryEntry {
  int rank = 0;
  bool exempt = false;
  std::string remark;      ///< e.g. "2023年江西省智能制造标杆企业"
  nlohmann::json content;  ///< the submitted snapshot (declaration JSON)
};

/// The table as it is printed.
struct SummarySheet {
  std::string attachment;  ///< "附件5"
  std::string title;
  std::vector<std::string> header_lines;  ///< "推荐单位（盖章）：福州市工业和信息化局"
  std::vector<std::string> column_keys;
  std::vector<std::string> columns;  ///< labels
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> notes;
};

/// The column keys a round's summary table may use.
const std::vector<std::string>& summary_column_keys();

/// The sheet of a unit's list; entries in any order (sorted by rank here). UNKNOWN summary column
/// keys are DATA_FILE_INVALID.
Result<SummarySheet> build_summary(const rounds::Policy& policy, const std::string& unit_name,
                                   std::vector<SummaryEntry> entries);

/// The sheet as a landscape A4 document.
Document layout_summary(const SummarySheet& sheet);

/// The sheet as XLSX: every cell text (a value starting with = + - @ stays text, never a formula).
Result<std::string> render_xlsx(const SummarySheet& sheet);

}  // namespace tidu::documents
