// The 推荐汇总表 as XLSX with libxlsxwriter. The library writes to a file, so the workbook goes
// to a private temporary file that is read back and removed.
#include <stdlib.h>  // mkstemp
#include <unistd.h>  // close, unlink
#include <xlsxwriter.h>

#include <algorithm>
#include <fstream>
#include <iterator>

#include "documents/summary.hpp"

namespace tidu::documents {
namespace {

constexpr const char* kFont = "宋体";

double column_chars(const std::string& key) {
  if (key == "rank") return 6;
  if (key == "scenarios" || key == "instances") return 44;
  if (key == "enterprise" || key == "project") return 30;
  if (key == "mobile") return 16;
  if (key == "remark" || key == "region" || key == "township" || key == "sector") return 20;
  return 12;
}

lxw_format* make_format(lxw_workbook* wb, double size, bool bold, uint8_t align, bool border) {
  lxw_format* f = workbook_add_format(wb);
  format_set_font_name(f, kFont);
  format_set_font_size(f, size);
  if (bold) format_set_bold(f);
  format_set_align(f, align);
  format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
  format_set_text_wrap(f);
  if (border) format_set_border(f, LXW_BORDER_THIN);
  return f;
}

/// Lines a wrapped cell needs at the column's width (CJK characters count double).
int lines_for(const std::string& text, double chars) {
  int lines = 1;
  double width = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++lines;
      width = 0;
      ++i;
      continue;
    }
    const std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    width += len >= 3 ? 2 : 1;
    if (width > chars) {
      ++lines;
      width = len >= 3 ? 2 : 1;
    }
    i += len;
  }
  return lines;
}

}  // namespace

Result<std::string> render_xlsx(const SummarySheet& sheet) {
  std::string path = "/tmp/tidu-xlsx-XXXXXX";
  const int fd = mkstemp(path.data());
  if (fd < 0) return fail("DOCUMENT_RENDER_FAILED", "生成 Excel 文件失败，请稍后重试", "mkstemp");
  close(fd);
  lxw_workbook* wb = workbook_new(path.c_str());
  if (wb == nullptr) {
    unlink(path.c_str());
    return fail("DOCUMENT_RENDER_FAILED", "生成 Excel 文件失败，请稍后重试", "workbook_new");
  }
  lxw_worksheet* ws = workbook_add_worksheet(wb, "推荐汇总表");
  lxw_format* label = make_format(wb, 14, true, LXW_ALIGN_LEFT, false);
  lxw_format* title = make_format(wb, 18, true, LXW_ALIGN_CENTER, false);
  lxw_format* plain = make_format(wb, 12, false, LXW_ALIGN_LEFT, false);
  lxw_format* head = make_format(wb, 12, true, LXW_ALIGN_CENTER, true);
  lxw_format* centred = make_format(wb, 11, false, LXW_ALIGN_CENTER, true);
  lxw_format* text = make_format(wb, 11, false, LXW_ALIGN_LEFT, true);
  lxw_format* note = make_format(wb, 11, false, LXW_ALIGN_LEFT, false);

  const auto last_col = static_cast<lxw_col_t>(std::max<std::size_t>(sheet.columns.size(), 1) - 1);
  for (std::size_t c = 0; c < sheet.column_keys.size(); ++c) {
    worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                         column_chars(sheet.column_keys[c]), nullptr);
  }
  lxw_row_t row = 0;
  if (!sheet.attachment.empty())
    worksheet_write_string(ws, row++, 0, sheet.attachment.c_str(), label);
  worksheet_set_row(ws, row, 36, nullptr);
  worksheet_merge_range(ws, row, 0, row, last_col, sheet.title.c_str(), title);
  ++row;
  std::string header;
  for (const auto& h : sheet.header_lines) header += (header.empty() ? "" : "　　　　") + h;
  if (!header.empty()) {
    worksheet_merge_range(ws, row, 0, row, last_col, header.c_str(), plain);
    ++row;
  }
  const lxw_row_t header_row = row;
  worksheet_set_row(ws, row, 32, nullptr);
  for (std::size_t c = 0; c < sheet.columns.size(); ++c)
    worksheet_write_string(ws, row, static_cast<lxw_col_t>(c), sheet.columns[c].c_str(), head);
  ++row;
  for (const auto& r : sheet.rows) {
    int lines = 1;
    for (std::size_t c = 0; c < r.size(); ++c) {
      const auto& key = sheet.column_keys[c];
      lines = std::max(lines, lines_for(r[c], column_chars(key)));
      const bool centre = key == "rank" || key == "contact" || key == "mobile" || key == "level";
      // Every value is written as a string: "=…", "+…", "-…", "@…" stay text, never formulas.
      worksheet_write_string(ws, row, static_cast<lxw_col_t>(c), r[c].c_str(),
                             centre ? centred : text);
    }
    worksheet_set_row(ws, row, std::max(24.0, 16.0 * lines), nullptr);
    ++row;
  }
  for (const auto& n : sheet.notes) {
    worksheet_merge_range(ws, row, 0, row, last_col, n.c_str(), note);
    worksheet_set_row(ws, row, 20.0 * lines_for(n, 120), nullptr);
    ++row;
  }
  worksheet_set_landscape(ws);
  worksheet_set_paper(ws, 9);  // A4
  worksheet_fit_to_pages(ws, 1, 0);
  worksheet_repeat_rows(ws, header_row, header_row);
  const lxw_error closed = workbook_close(wb);
  std::string out;
  if (closed == LXW_NO_ERROR) {
    std::ifstream in(path, std::ios::binary);
    out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  unlink(path.c_str());
  if (closed != LXW_NO_ERROR || out.empty()) {
    return fail("DOCUMENT_RENDER_FAILED", "生成 Excel 文件失败，请稍后重试", lxw_strerror(closed));
  }
  return out;
}

}  // namespace tidu::documents
