// Reading the first worksheet of an XLSX workbook (imports/xlsx_reader.hpp): strings shared and
// inline, numbers without ".0", booleans, cells placed by reference, real workbooks written by
// libxlsxwriter; malformed files refused with their codes; oversized files and zip bombs refused
// quickly, before anything large is inflated.
#include "imports/xlsx_reader.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "imports/table_reader.hpp"
#include "imports/xlsx_fixtures.hpp"

namespace {

using tidu::imports::read_table;
using tidu::imports::read_xlsx;
using Cells = std::vector<std::string>;

std::string code_of(const tidu::Result<tidu::table::Table>& r) {
  return r ? std::string("(read)") : r.error().code;
}

/// Runs `read` and returns how long it took.
template <class F>
std::chrono::milliseconds timed(F&& read) {
  const auto start = std::chrono::steady_clock::now();
  read();
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               start);
}

TEST(XlsxReader, SharedAndInlineStringsNumbersAndBooleansArePlacedByTheirReference) {
  const std::string sheet = tidu::test::sheet_xml(
      R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>)"
      R"(<row r="3"><c r="A3" t="inlineStr"><is><t>福清&amp;某某</t></is></c>)"
      R"(<c r="C3"><v>1200</v></c><c r="D3"><v>12.5</v></c><c r="E3" t="b"><v>1</v></c>)"
      R"(<c r="F3" t="n"><v>1.2E+3</v></c><c r="G3" t="str"><v>公式结果</v></c><c r="H3" t="s"><v>1</v></c></row>)"
      R"(<row r="4"><c r="B4" t="s"><v>2</v></c><c r="C4"/></row>)"
      R"(<row r="5"><c r="A5" t="inlineStr"><is><r><t>富</t></r><r><t>文本</t></r><rPh><t>フ</t></rPh></is></c></row>)");
  const std::string shared =
      R"(<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)"
      R"(<si><t>名称</t></si><si><r><t xml:space="preserve">营业 </t></r><r><t>收入</t></r></si>)"
      R"(<si><t/></si></sst>)";
  const auto t = read_xlsx(tidu::test::workbook_of(sheet, shared));
  ASSERT_TRUE(t) << t.error().code << ": " << t.error().message;
  EXPECT_EQ(t->format, tidu::table::Format::kXlsx);
  ASSERT_EQ(t->rows.size(), 3U) << "row 4 holds only empty cells and is left out";
  EXPECT_EQ(t->rows[0].number, 1);
  EXPECT_EQ(t->rows[0].cells, (Cells{"名称", "营业 收入"}));
  EXPECT_EQ(t->rows[1].number, 3) << "the row keeps the number the spreadsheet shows";
  EXPECT_EQ(t->rows[1].cells,
            (Cells{"福清&某某", "", "1200", "12.5", "TRUE", "1200", "公式结果", "营业 收入"}));
  EXPECT_EQ(t->rows[2].number, 5);
  EXPECT_EQ(t->rows[2].cells, (Cells{"富文本"})) << "phonetic runs are not text";
}

TEST(XlsxReader, AWorkbookWrittenByLibxlsxwriterIsReadAsTheSpreadsheetShowsIt) {
  const auto bytes = tidu::test::written_by_libxlsxwriter([](lxw_workbook* wb, lxw_worksheet* ws) {
    lxw_format* date = workbook_add_format(wb);
    format_set_num_format(date, "yyyy-mm-dd");
    worksheet_write_string(ws, 0, 0, "统一社会信用代码", nullptr);
    worksheet_write_string(ws, 0, 1, "从业人员", nullptr);
    worksheet_write_string(ws, 0, 3, "日期", nullptr);
    worksheet_write_string(ws, 1, 0, "91350181MA2XXXXX01", nullptr);
    worksheet_write_number(ws, 1, 1, 350, nullptr);
    worksheet_write_number(ws, 1, 2, 0.1, nullptr);
    lxw_datetime day = {2025, 3, 1, 0, 0, 0};
    worksheet_write_datetime(ws, 1, 3, &day, date);
    worksheet_write_boolean(ws, 1, 4, 0, nullptr);
  });
  const auto t = read_table(bytes);
  ASSERT_TRUE(t) << t.error().code << ": " << t.error().message;
  EXPECT_EQ(t->format, tidu::table::Format::kXlsx);
  ASSERT_EQ(t->rows.size(), 2U);
  EXPECT_EQ(t->rows[0].cells, (Cells{"统一社会信用代码", "从业人员", "", "日期"}));
  ASSERT_EQ(t->rows[1].cells.size(), 5U);
  EXPECT_EQ(t->rows[1].cells[1], "350");
  EXPECT_EQ(t->rows[1].cells[2], "0.1");
  EXPECT_EQ(t->rows[1].cells[3], "45717") << "a date cell is Excel's serial day";
  EXPECT_EQ(tidu::table::parse_date_cell(t->rows[1].cells[3]), "2025-03-01");
  EXPECT_EQ(t->rows[1].cells[4], "FALSE");
}

TEST(XlsxReader, CsvIsReadWhenTheBytesAreNotAZip) {
  const auto t = read_table("code,name\n\n350000,福建省\n");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->format, tidu::table::Format::kCsv);
  ASSERT_EQ(t->rows.size(), 2U);
  EXPECT_EQ(t->rows[1].number, 2);
}

TEST(XlsxReader, MalformedWorkbooksAreRefusedWithTheirCodes) {
  // Starts like a ZIP, is not one.
  EXPECT_EQ(code_of(read_xlsx(std::string("PK\x03\x04", 4) + "not really a zip")),
            "IMPORT_XLSX_NOT_ZIP");
  EXPECT_EQ(code_of(read_xlsx("plain text")), "IMPORT_XLSX_NOT_ZIP");
  // A ZIP without a worksheet (a DOCX, say).
  auto no_sheet = tidu::documents::make_zip({{"word/document.xml", "<w:document/>"}});
  ASSERT_TRUE(no_sheet);
  const auto none = read_table(*no_sheet);
  EXPECT_EQ(code_of(none), "IMPORT_XLSX_NO_SHEET");
  EXPECT_NE(none.error().message.find(".xlsx"), std::string::npos) << none.error().message;
  // Broken XML in the sheet.
  const auto broken = read_xlsx(tidu::test::workbook_of(
      tidu::test::sheet_xml(R"(<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></row>)")));
  EXPECT_EQ(code_of(broken), "IMPORT_XLSX_BROKEN");
  EXPECT_NE(broken.error().message.find("XML"), std::string::npos) << broken.error().message;
  // A shared string that does not exist, a cell reference that is not one, rows out of order.
  EXPECT_EQ(code_of(read_xlsx(tidu::test::workbook_of(
                tidu::test::sheet_xml(R"(<row r="1"><c r="A1" t="s"><v>7</v></c></row>)"),
                tidu::test::shared_strings_xml({"a"})))),
            "IMPORT_XLSX_BROKEN");
  EXPECT_EQ(code_of(read_xlsx(tidu::test::workbook_of(
                tidu::test::sheet_xml(R"(<row r="1"><c r="1A"><v>7</v></c></row>)")))),
            "IMPORT_XLSX_BROKEN");
  EXPECT_EQ(
      code_of(read_xlsx(tidu::test::workbook_of(tidu::test::sheet_xml(
          R"(<row r="2"><c r="A2"><v>1</v></c></row><row r="1"><c r="A1"><v>1</v></c></row>)")))),
      "IMPORT_XLSX_BROKEN");
  // An old .xls (an OLE compound file).
  const auto xls = read_table(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + "....");
  EXPECT_EQ(code_of(xls), "IMPORT_XLSX_OLD_FORMAT");
  // A damaged entry: the stored bytes do not match their checksum.
  auto bad_crc =
      tidu::test::stored("xl/worksheets/sheet1.xml",
                         tidu::test::sheet_xml(R"(<row r="1"><c r="A1"><v>1</v></c></row>)"));
  bad_crc.crc ^= 0xFFU;
  EXPECT_EQ(code_of(read_xlsx(tidu::test::raw_zip({bad_crc}))), "IMPORT_XLSX_BROKEN");
}

// Found reading xlsx_reader for fuzz/xlsx_parts, confirmed with that target: a <row> opened inside
// a cell reset the column to 0, so closing the cell wrote its value at index -1 of the row.
TEST(XlsxReader, ARowOpenedInsideARowOrCellIsBroken) {
  for (const char* rows : {R"(<row r="1"><c r="A1"><v>1</v><row r="2"/></c></row>)",
                           R"(<c><v>1</v><row r="1"></row></c>)",
                           R"(<row r="1"><c r="A1"><v>1</v></c><row r="2"/></row>)"}) {
    const auto read = read_xlsx(tidu::test::workbook_of(tidu::test::sheet_xml(rows)));
    EXPECT_EQ(code_of(read), "IMPORT_XLSX_BROKEN") << rows;
  }
}

TEST(XlsxReader, RowsColumnsCellsAndEntriesAreBounded) {
  tidu::imports::XlsxLimits small;
  small.max_rows = 3;
  std::string rows;
  for (int r = 1; r <= 4; ++r)
    rows += "<row r=\"" + std::to_string(r) + "\"><c r=\"A" + std::to_string(r) +
            "\"><v>1</v></c></row>";
  const auto sheet = tidu::test::workbook_of(tidu::test::sheet_xml(rows));
  EXPECT_TRUE(read_xlsx(sheet));
  EXPECT_EQ(code_of(read_xlsx(sheet, small)), "IMPORT_TOO_MANY_ROWS");

  EXPECT_EQ(code_of(read_xlsx(tidu::test::workbook_of(
                tidu::test::sheet_xml(R"(<row r="1"><c r="IW1"><v>1</v></c></row>)")))),
            "IMPORT_XLSX_TOO_MANY_COLUMNS")
      << "column 257";

  const std::string long_text(tidu::imports::XlsxLimits{}.max_cell_bytes + 1, 'x');
  EXPECT_EQ(
      code_of(read_xlsx(tidu::test::workbook_of(tidu::test::sheet_xml(
          R"(<row r="1"><c r="A1" t="inlineStr"><is><t>)" + long_text + "</t></is></c></row>")))),
      "IMPORT_XLSX_CELL_TOO_LONG");

  std::vector<tidu::documents::ZipEntry> pictures;
  for (int i = 0; i < 64; ++i)
    pictures.push_back({"xl/media/image" + std::to_string(i) + ".png", "x"});
  EXPECT_EQ(code_of(read_xlsx(tidu::test::workbook_of(tidu::test::sheet_xml(""), {}, pictures))),
            "IMPORT_XLSX_TOO_MANY_ENTRIES");
}

TEST(XlsxReader, AnOversizedFileIsRefusedBeforeItIsOpened) {
  std::string big("PK\x03\x04", 4);
  big.resize(tidu::table::kMaxFileBytes + 1, '\0');
  tidu::Result<tidu::table::Table> r;
  const auto took = timed([&] { r = read_table(big); });
  EXPECT_EQ(code_of(r), "IMPORT_FILE_TOO_LARGE");
  EXPECT_NE(r.error().message.find("20 MB"), std::string::npos) << r.error().message;
  EXPECT_LT(took.count(), 100);
}

TEST(XlsxReader, AZipBombStatingItsSizeIsRefusedWithoutInflatingIt) {
  const std::string bomb = tidu::test::zip_bomb(3072);  // a sheet of 3 GiB, about 3 MB compressed
  ASSERT_LT(bomb.size(), tidu::table::kMaxFileBytes);
  tidu::Result<tidu::table::Table> r;
  const auto took = timed([&] { r = read_table(bomb); });
  EXPECT_EQ(code_of(r), "IMPORT_XLSX_ENTRY_TOO_LARGE") << (r ? "" : r.error().message);
  EXPECT_LT(took.count(), 500);
  std::cerr << "[ timing ] 3 GiB sheet, size stated: refused in " << took.count() << " ms\n";

  // Within the size limit but compressed a thousandfold: refused by the ratio.
  const std::string dense = tidu::test::zip_bomb(90);
  const auto took_dense = timed([&] { r = read_table(dense); });
  EXPECT_EQ(code_of(r), "IMPORT_XLSX_RATIO");
  EXPECT_NE(r.error().message.find("压缩比"), std::string::npos);
  EXPECT_LT(took_dense.count(), 500);
  std::cerr << "[ timing ] 90 MiB sheet at 1000:1: refused in " << took_dense.count() << " ms\n";
}

TEST(XlsxReader, AZipBombLyingAboutItsSizeIsRefusedAfterTheFirstChunk) {
  // The headers claim 40 KB (a ratio of about 0.01); the data inflates to 3 GiB.
  const std::string bomb = tidu::test::zip_bomb(3072, 40'000);
  tidu::Result<tidu::table::Table> r;
  const auto took = timed([&] { r = read_table(bomb); });
  ASSERT_FALSE(r);
  EXPECT_TRUE(r.error().code == "IMPORT_XLSX_BROKEN" || r.error().code == "IMPORT_XLSX_RATIO")
      << r.error().code;
  EXPECT_LT(took.count(), 500);
  std::cerr << "[ timing ] 3 GiB sheet claiming 40 KB: refused in " << took.count() << " ms ("
            << r.error().code << ")\n";

  // Claiming 99 MiB (under the sheet limit) with the ratio check off: inflating stops once the
  // data passes its stated size, memory bounded by one chunk.
  tidu::imports::XlsxLimits generous;
  generous.max_ratio = 5000;  // only the actual-size caps are left
  const auto took_capped =
      timed([&] { r = read_xlsx(tidu::test::zip_bomb(3072, 99u << 20), generous); });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "IMPORT_XLSX_BROKEN") << "inflated past its stated size";
  std::cerr << "[ timing ] 3 GiB sheet claiming 99 MiB, ratio check off: refused in "
            << took_capped.count() << " ms\n";
  EXPECT_LT(took_capped.count(), 5000);
}

}  // namespace
