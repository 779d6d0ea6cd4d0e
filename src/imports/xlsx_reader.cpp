#include "imports/xlsx_reader.hpp"

#include <expat.h>
#include <zip.h>

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "core/text.hpp"

namespace tidu::imports {
namespace {

/// Bytes handed to the XML parser at a time.
constexpr std::size_t kChunkBytes = std::size_t{64} * 1024;
/// The highest row number a worksheet can have (Excel 2007 and later).
constexpr long kMaxSheetRow = 1'048'576;
/// Integers up to this size print without an exponent or fraction.
constexpr double kLargestPlainInteger = 1e15;

constexpr std::string_view kSaveAs =
    "请在表格软件中另存为 Excel 工作簿（.xlsx）或“CSV UTF-8（逗号分隔）”后再导入";

std::unexpected<Error> broken(std::string_view part, std::string_view why) {
  return fail("IMPORT_XLSX_BROKEN",
              fmt::format("XLSX 文件已损坏或不是 Excel 生成的（{}：{}）：{}", part, why, kSaveAs));
}

/// The local part of an expat name "namespace|local" (or the name without a namespace).
std::string_view local_name(const XML_Char* name) {
  const std::string_view n(name);
  const auto bar = n.rfind('|');
  return bar == std::string_view::npos ? n : n.substr(bar + 1);
}

/// The value of the attribute whose local name is `local`, or nullptr.
const XML_Char* attribute(const XML_Char** attrs, std::string_view local) {
  for (std::size_t i = 0; attrs[i] != nullptr; i += 2) {
    if (local_name(attrs[i]) == local) return attrs[i + 1];
  }
  return nullptr;
}

/// An XML parser freed on scope exit; names come as "namespace|local".
struct ParserDeleter {
  void operator()(XML_ParserStruct* p) const { XML_ParserFree(p); }
};
using Parser = std::unique_ptr<XML_ParserStruct, ParserDeleter>;

Parser make_parser() { return Parser(XML_ParserCreateNS(nullptr, '|')); }

/// What a handler found wrong; the parse stops at once and this is returned.
struct Abort {
  std::optional<Error> error;
  XML_Parser parser = nullptr;

  void stop(Error e) {
    if (!error) error = std::move(e);
    XML_StopParser(parser, XML_FALSE);
  }
};

/// An opened archive over the caller's bytes (not copied).
class Archive {
 public:
  Archive() = default;
  Archive(const Archive&) = delete;
  Archive& operator=(const Archive&) = delete;
  ~Archive() {
    if (zip_ != nullptr) zip_discard(zip_);
  }

  Result<void> open(std::string_view bytes) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    if (source == nullptr) {
      zip_error_fini(&error);
      return fail("IMPORT_XLSX_NOT_ZIP", "无法读取文件", "zip_source_buffer_create");
    }
    zip_ = zip_open_from_source(source, ZIP_RDONLY, &error);
    if (zip_ == nullptr) {
      const std::string detail = zip_error_strerror(&error);
      zip_error_fini(&error);
      zip_source_free(source);
      return fail("IMPORT_XLSX_NOT_ZIP",
                  fmt::format("文件不是有效的 XLSX 文件（ZIP 结构损坏）：{}", kSaveAs), detail);
    }
    zip_error_fini(&error);
    return {};
  }

  [[nodiscard]] zip_t* get() const { return zip_; }

 private:
  zip_t* zip_ = nullptr;
};

/// The index of the entry named `name` (ASCII case ignored), or nullopt.
std::optional<zip_uint64_t> locate(zip_t* z, const std::string& name) {
  const zip_int64_t i = zip_name_locate(z, name.c_str(), ZIP_FL_NOCASE);
  if (i < 0) return std::nullopt;
  return static_cast<zip_uint64_t>(i);
}

/// Streams one entry through `parser` in chunks, refusing it as soon as it passes `cap` bytes,
/// its stated size, or the compression ratio limit.
Result<void> stream_entry(zip_t* z, zip_uint64_t index, std::string_view part, std::size_t cap,
                          const XlsxLimits& limits, XML_Parser parser, Abort& abort) {
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(z, index, 0, &st) < 0) return broken(part, zip_strerror(z));
  if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) != 0 && st.encryption_method != ZIP_EM_NONE) {
    return fail("IMPORT_XLSX_ENCRYPTED",
                "工作簿设置了密码（已加密）：请取消密码保护后另存为 .xlsx 再导入");
  }
  if ((st.valid & ZIP_STAT_SIZE) == 0 || (st.valid & ZIP_STAT_COMP_SIZE) == 0)
    return broken(part, "缺少大小信息");
  const auto too_large = [&] {
    return fail("IMPORT_XLSX_ENTRY_TOO_LARGE",
                fmt::format("工作簿中的“{}”解压后超过 {} MB：请删去不需要的工作表、格式和数据，"
                            "或拆分后分批导入",
                            part, cap >> 20),
                fmt::format("{}: stated {} bytes, {} compressed", part, st.size, st.comp_size));
  };
  const auto bomb = [&](zip_uint64_t seen) {
    return fail("IMPORT_XLSX_RATIO",
                fmt::format("工作簿中的“{}”压缩比异常（超过 {:.0f} 倍），可能是恶意构造的文件，"
                            "已拒绝：{}",
                            part, limits.max_ratio, kSaveAs),
                fmt::format("{}: {} bytes from {} compressed", part, seen, st.comp_size));
  };
  const auto over_ratio = [&](zip_uint64_t size) {
    return size > kRatioFloorBytes &&
           static_cast<double>(size) >
               limits.max_ratio * static_cast<double>(std::max<zip_uint64_t>(st.comp_size, 1));
  };
  if (st.size > cap) return too_large();
  if (over_ratio(st.size)) return bomb(st.size);

  zip_file_t* file = zip_fopen_index(z, index, 0);
  if (file == nullptr) return broken(part, zip_strerror(z));
  const std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> closer(file, zip_fclose);
  std::array<char, kChunkBytes> chunk{};
  zip_uint64_t total = 0;
  for (;;) {
    const zip_int64_t n = zip_fread(file, chunk.data(), chunk.size());
    if (n < 0) return broken(part, zip_file_strerror(file));
    total += static_cast<zip_uint64_t>(n);
    // The stated size may lie: what is actually inflated counts.
    if (total > cap) return too_large();
    if (total > st.size) return broken(part, "解压后的大小与记录不符");
    if (over_ratio(total)) return bomb(total);
    const bool last = n == 0;
    if (XML_Parse(parser, chunk.data(), static_cast<int>(n), last ? XML_TRUE : XML_FALSE) !=
        XML_STATUS_OK) {
      if (abort.error) return std::unexpected(std::move(*abort.error));
      return broken(part, fmt::format("第 {} 行 XML 错误：{}", XML_GetCurrentLineNumber(parser),
                                      XML_ErrorString(XML_GetErrorCode(parser))));
    }
    if (last) break;
  }
  if (abort.error) return std::unexpected(std::move(*abort.error));
  return {};
}

// ---- workbook.xml and its relationships: which part is the first worksheet ----

struct WorkbookScan {
  Abort abort;
  std::string first_sheet_rel;  ///< r:id of the first <sheet>
  bool found = false;
};

void XMLCALL workbook_start(void* data, const XML_Char* name, const XML_Char** attrs) {
  auto& s = *static_cast<WorkbookScan*>(data);
  if (s.found || local_name(name) != "sheet") return;
  if (const auto* id = attribute(attrs, "id"); id != nullptr) {
    s.first_sheet_rel = id;
    s.found = true;
  }
}

struct RelsScan {
  Abort abort;
  std::string wanted;
  std::string target;
};

void XMLCALL rels_start(void* data, const XML_Char* name, const XML_Char** attrs) {
  auto& s = *static_cast<RelsScan*>(data);
  if (local_name(name) != "Relationship") return;
  const auto* id = attribute(attrs, "Id");
  const auto* target = attribute(attrs, "Target");
  if (id != nullptr && target != nullptr && s.wanted == id && s.target.empty()) s.target = target;
}

/// The ZIP name of a relationship target of xl/workbook.xml.
std::string part_of_target(std::string_view target) {
  if (target.starts_with('/')) return std::string(target.substr(1));
  std::string base = "xl/";
  while (target.starts_with("../")) {
    target.remove_prefix(3);
    base.clear();
  }
  if (target.starts_with("./")) target.remove_prefix(2);
  return base + std::string(target);
}

/// The ZIP name of the first worksheet, or NO_SHEET.
Result<zip_uint64_t> first_sheet(zip_t* z, const XlsxLimits& limits) {
  const auto no_sheet = [] {
    return fail("IMPORT_XLSX_NO_SHEET",
                fmt::format("文件中没有工作表，不是 Excel 工作簿：{}", kSaveAs));
  };
  std::string name;
  if (const auto wb = locate(z, "xl/workbook.xml")) {
    WorkbookScan scan;
    const Parser p = make_parser();
    scan.abort.parser = p.get();
    XML_SetUserData(p.get(), &scan);
    XML_SetStartElementHandler(p.get(), workbook_start);
    TIDU_TRY(stream_entry(z, *wb, "xl/workbook.xml", limits.max_part_bytes, limits, p.get(),
                          scan.abort));
    const auto rels = locate(z, "xl/_rels/workbook.xml.rels");
    if (scan.found && rels) {
      RelsScan rscan;
      rscan.wanted = scan.first_sheet_rel;
      const Parser rp = make_parser();
      rscan.abort.parser = rp.get();
      XML_SetUserData(rp.get(), &rscan);
      XML_SetStartElementHandler(rp.get(), rels_start);
      TIDU_TRY(stream_entry(z, *rels, "xl/_rels/workbook.xml.rels", limits.max_part_bytes, limits,
                            rp.get(), rscan.abort));
      if (!rscan.target.empty()) name = part_of_target(rscan.target);
    }
  }
  if (!name.empty()) {
    if (const auto at = locate(z, name)) return *at;
  }
  // Without a usable workbook part, the conventional name of the first sheet.
  if (const auto at = locate(z, "xl/worksheets/sheet1.xml")) return *at;
  return no_sheet();
}

// ---- sharedStrings.xml ----

struct SharedStrings {
  Abort abort;
  const XlsxLimits* limits = nullptr;
  std::vector<std::string> strings;
  std::size_t bytes = 0;
  int depth_in_phonetic = 0;  ///< inside <rPh> (furigana): not part of the text
  bool in_item = false;
  bool in_text = false;
};

std::unexpected<Error> cell_too_long(const XlsxLimits& limits) {
  return fail(
      "IMPORT_XLSX_CELL_TOO_LONG",
      fmt::format("有单元格内容超过 {} 字节：请检查是否误粘贴了大段文字", limits.max_cell_bytes));
}

void XMLCALL shared_start(void* data, const XML_Char* name, const XML_Char** /*attrs*/) {
  auto& s = *static_cast<SharedStrings*>(data);
  const auto n = local_name(name);
  if (n == "si") {
    if (s.strings.size() >= s.limits->max_shared_strings) {
      s.abort.stop(Error{"IMPORT_XLSX_TOO_MANY_CELLS",
                         fmt::format("工作簿的共享字符串超过 {} 个：请拆分后分批导入",
                                     s.limits->max_shared_strings)});
      return;
    }
    s.strings.emplace_back();
    s.in_item = true;
  } else if (n == "rPh") {
    ++s.depth_in_phonetic;
  } else if (n == "t" && s.in_item && s.depth_in_phonetic == 0) {
    s.in_text = true;
  }
}

void XMLCALL shared_end(void* data, const XML_Char* name) {
  auto& s = *static_cast<SharedStrings*>(data);
  const auto n = local_name(name);
  if (n == "si") {
    s.in_item = false;
  } else if (n == "rPh") {
    --s.depth_in_phonetic;
  } else if (n == "t") {
    s.in_text = false;
  }
}

void XMLCALL shared_text(void* data, const XML_Char* text, int len) {
  auto& s = *static_cast<SharedStrings*>(data);
  if (!s.in_text) return;
  auto& out = s.strings.back();
  const auto n = static_cast<std::size_t>(len);
  if (out.size() + n > s.limits->max_cell_bytes) {
    s.abort.stop(cell_too_long(*s.limits).error());
    return;
  }
  s.bytes += n;
  if (s.bytes > s.limits->max_text_bytes) {
    s.abort.stop(Error{
        "IMPORT_XLSX_TOO_MANY_CELLS",
        fmt::format("工作簿的文字超过 {} MB：请拆分后分批导入", s.limits->max_text_bytes >> 20)});
    return;
  }
  out.append(text, n);
}

// ---- the worksheet ----

enum class CellType { kNumber, kShared, kInline, kBoolean, kText };

struct SheetReader {
  Abort abort;
  const XlsxLimits* limits = nullptr;
  const std::vector<std::string>* shared = nullptr;
  table::Table table;
  std::size_t cells = 0;
  std::size_t text_bytes = 0;

  bool in_data = false;  ///< inside <sheetData>
  bool in_row = false;   ///< inside <row>
  long row_number = 0;
  std::vector<std::string> row;
  std::size_t column = 0;  ///< 1-based column of the current or last cell
  CellType type = CellType::kNumber;
  bool in_cell = false;
  bool collecting = false;  ///< inside <v>, or a <t> of an inline string
  int depth_in_phonetic = 0;
  std::string value;
};

/// The column and row of a reference like "AB12"; nullopt when malformed.
std::optional<std::pair<std::size_t, long>> parse_reference(std::string_view ref) {
  std::size_t column = 0;
  std::size_t i = 0;
  for (; i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z'; ++i) {
    if (i >= 3) return std::nullopt;
    column = column * 26 + static_cast<std::size_t>(ref[i] - 'A' + 1);
  }
  if (i == 0) return std::nullopt;
  long row = 0;
  const auto [ptr, ec] = std::from_chars(ref.data() + i, ref.data() + ref.size(), row);
  if (ec != std::errc{} || ptr != ref.data() + ref.size() || row < 1) return std::nullopt;
  return std::pair{column, row};
}

/// A number cell's text as a person would write it: 1200, 12.5, 0.1.
std::string format_number(std::string_view written) {
  double v = 0;
  const auto [ptr, ec] = std::from_chars(written.data(), written.data() + written.size(), v);
  if (ec != std::errc{} || ptr != written.data() + written.size() || !std::isfinite(v))
    return std::string(written);
  if (std::trunc(v) == v && std::fabs(v) < kLargestPlainInteger)
    return fmt::format("{}", static_cast<std::int64_t>(v));
  std::array<char, 32> buf{};
  const auto [end, err] = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  if (err != std::errc{}) return std::string(written);
  return {buf.data(), end};
}

void finish_row(SheetReader& s) {
  while (!s.row.empty() && text::blank(s.row.back())) s.row.pop_back();
  if (s.row.empty()) return;
  if (s.table.rows.size() >= s.limits->max_rows) {
    s.abort.stop(Error{"IMPORT_TOO_MANY_ROWS",
                       fmt::format("数据超过 {} 行：请拆分后分批导入", s.limits->max_rows - 1)});
    return;
  }
  s.cells += s.row.size();
  if (s.cells > s.limits->max_cells) {
    s.abort.stop(Error{"IMPORT_XLSX_TOO_MANY_CELLS",
                       fmt::format("工作表的单元格超过 {} 个：请删去不需要的列，或拆分后分批导入",
                                   s.limits->max_cells)});
    return;
  }
  s.table.rows.push_back({static_cast<int>(s.row_number), std::move(s.row)});
  s.row.clear();
}

void XMLCALL sheet_start(void* data, const XML_Char* name, const XML_Char** attrs) {
  auto& s = *static_cast<SheetReader*>(data);
  const auto n = local_name(name);
  if (n == "sheetData") {
    s.in_data = true;
    return;
  }
  if (!s.in_data) return;
  if (n == "row") {
    // A row inside a row or a cell would reset the column an open cell is written at.
    if (s.in_row || s.in_cell) {
      s.abort.stop(
          broken("工作表", fmt::format("第 {} 行未结束就开始了新的一行", s.row_number)).error());
      return;
    }
    s.in_row = true;
    long number = s.row_number + 1;
    if (const auto* r = attribute(attrs, "r"); r != nullptr) {
      const std::string_view text(r);
      const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
      if (ec != std::errc{} || ptr != text.data() + text.size()) number = 0;
    }
    if (number <= s.row_number || number > kMaxSheetRow) {
      s.abort.stop(broken("工作表", fmt::format("行号“{}”无效或未按顺序", number)).error());
      return;
    }
    s.row_number = number;
    s.row.clear();
    s.column = 0;
  } else if (n == "c") {
    std::size_t column = s.column + 1;
    if (const auto* r = attribute(attrs, "r"); r != nullptr) {
      const auto ref = parse_reference(r);
      if (!ref || ref->second != s.row_number) {
        s.abort.stop(
            broken("工作表", fmt::format("单元格引用“{}”无效", text::prefix(r, 20))).error());
        return;
      }
      column = ref->first;
    }
    if (column <= s.column) {
      s.abort.stop(broken("工作表", "单元格未按列的顺序排列").error());
      return;
    }
    if (column > s.limits->max_columns) {
      s.abort.stop(
          Error{"IMPORT_XLSX_TOO_MANY_COLUMNS",
                fmt::format("第 {} 行有超过 {} 列的单元格：导入的表只需要几列，请删去多余的列",
                            s.row_number, s.limits->max_columns)});
      return;
    }
    s.column = column;
    const std::string_view t = attribute(attrs, "t") != nullptr ? attribute(attrs, "t") : "n";
    s.type = t == "s"           ? CellType::kShared
             : t == "inlineStr" ? CellType::kInline
             : t == "b"         ? CellType::kBoolean
             : t == "n"         ? CellType::kNumber
                                : CellType::kText;  // str (a formula's text), e (#N/A), d (ISO)
    s.in_cell = true;
    s.value.clear();
  } else if (s.in_cell && n == "rPh") {
    ++s.depth_in_phonetic;
  } else if (s.in_cell) {
    // The value: <v> of every type but inline strings, whose text is in <is><t> (not <rPh>).
    const bool inline_text = s.type == CellType::kInline;
    if ((n == "v" && !inline_text) || (n == "t" && inline_text && s.depth_in_phonetic == 0))
      s.collecting = true;
  }
}

void XMLCALL sheet_end(void* data, const XML_Char* name) {
  auto& s = *static_cast<SheetReader*>(data);
  const auto n = local_name(name);
  if (n == "sheetData") {
    s.in_data = false;
  } else if (!s.in_data) {
    return;
  } else if (n == "v" || n == "t") {
    s.collecting = false;
  } else if (n == "rPh") {
    --s.depth_in_phonetic;
  } else if (n == "c" && s.in_cell) {
    s.in_cell = false;
    std::string cell;
    switch (s.type) {
      case CellType::kShared: {
        std::size_t i = 0;
        const auto [ptr, ec] = std::from_chars(s.value.data(), s.value.data() + s.value.size(), i);
        if (ec != std::errc{} || ptr != s.value.data() + s.value.size() || i >= s.shared->size()) {
          s.abort.stop(
              broken("工作表", fmt::format("第 {} 行引用了不存在的共享字符串", s.row_number))
                  .error());
          return;
        }
        cell = (*s.shared)[i];
        break;
      }
      case CellType::kBoolean:
        cell = s.value == "1" ? "TRUE" : s.value == "0" ? "FALSE" : s.value;
        break;
      case CellType::kNumber:
        cell = s.value.empty() ? std::string{} : format_number(s.value);
        break;
      case CellType::kInline:
      case CellType::kText:
        cell = std::move(s.value);
        break;
    }
    if (cell.empty()) return;
    s.text_bytes += cell.size();
    if (s.text_bytes > s.limits->max_text_bytes) {
      s.abort.stop(Error{
          "IMPORT_XLSX_TOO_MANY_CELLS",
          fmt::format("工作表的文字超过 {} MB：请拆分后分批导入", s.limits->max_text_bytes >> 20)});
      return;
    }
    s.row.resize(s.column);
    s.row[s.column - 1] = std::move(cell);
  } else if (n == "row") {
    s.in_row = false;
    finish_row(s);
  }
}

void XMLCALL sheet_text(void* data, const XML_Char* text, int len) {
  auto& s = *static_cast<SheetReader*>(data);
  if (!s.collecting) return;
  const auto n = static_cast<std::size_t>(len);
  if (s.value.size() + n > s.limits->max_cell_bytes) {
    s.abort.stop(Error{"IMPORT_XLSX_CELL_TOO_LONG",
                       fmt::format("第 {} 行有单元格内容超过 {} 字节：请检查是否误粘贴了大段文字",
                                   s.row_number, s.limits->max_cell_bytes)});
    return;
  }
  s.value.append(text, n);
}

}  // namespace

bool looks_like_zip(std::string_view bytes) {
  return bytes.starts_with(std::string_view("PK\x03\x04", 4)) ||
         bytes.starts_with(std::string_view("PK\x05\x06", 4));
}

bool looks_like_ole(std::string_view bytes) {
  return bytes.starts_with(std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8));
}

Result<table::Table> read_xlsx(std::string_view bytes, const XlsxLimits& limits) {
  if (bytes.size() > limits.max_file_bytes) {
    return fail("IMPORT_FILE_TOO_LARGE",
                fmt::format("文件超过 {} MB：请拆分后分批导入", limits.max_file_bytes >> 20));
  }
  if (looks_like_ole(bytes)) {
    return fail("IMPORT_XLSX_OLD_FORMAT",
                "这是旧版 Excel 文件（.xls）或设置了密码的工作簿：请取消密码，另存为 Excel "
                "工作簿（.xlsx）或“CSV UTF-8（逗号分隔）”后再导入");
  }
  if (!looks_like_zip(bytes)) {
    return fail("IMPORT_XLSX_NOT_ZIP", fmt::format("文件不是 XLSX 工作簿：{}", kSaveAs));
  }
  Archive archive;
  TIDU_TRY(archive.open(bytes));
  zip_t* z = archive.get();
  const zip_int64_t entries = zip_get_num_entries(z, 0);
  if (entries < 0 || static_cast<zip_uint64_t>(entries) > limits.max_entries) {
    return fail("IMPORT_XLSX_TOO_MANY_ENTRIES",
                fmt::format("工作簿内含文件超过 {} 个（图片、多个工作表等）：请只保留要导入的"
                            "一张表，另存为新的 .xlsx 后再导入",
                            limits.max_entries));
  }
  auto sheet = first_sheet(z, limits);
  if (!sheet) return std::unexpected(sheet.error());

  SharedStrings shared;
  shared.limits = &limits;
  if (const auto at = locate(z, "xl/sharedStrings.xml")) {
    const Parser p = make_parser();
    shared.abort.parser = p.get();
    XML_SetUserData(p.get(), &shared);
    XML_SetElementHandler(p.get(), shared_start, shared_end);
    XML_SetCharacterDataHandler(p.get(), shared_text);
    TIDU_TRY(stream_entry(z, *at, "xl/sharedStrings.xml", limits.max_shared_strings_bytes, limits,
                          p.get(), shared.abort));
  }

  SheetReader reader;
  reader.limits = &limits;
  reader.shared = &shared.strings;
  reader.table.format = table::Format::kXlsx;
  const Parser p = make_parser();
  reader.abort.parser = p.get();
  XML_SetUserData(p.get(), &reader);
  XML_SetElementHandler(p.get(), sheet_start, sheet_end);
  XML_SetCharacterDataHandler(p.get(), sheet_text);
  const char* sheet_name = zip_get_name(z, *sheet, 0);
  TIDU_TRY(stream_entry(z, *sheet, sheet_name != nullptr ? sheet_name : "worksheet",
                        limits.max_sheet_bytes, limits, p.get(), reader.abort));
  return std::move(reader.table);
}

}  // namespace tidu::imports
