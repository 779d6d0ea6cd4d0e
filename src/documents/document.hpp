#pragma once
// A printable document as data: paragraphs in a few official styles, real tables with header rows
// and merged cells, page breaks and spacing. The 申报书 and the 推荐汇总表 are built as this model
// (pure code), then written as PDF (pdf.hpp) or DOCX (docx.hpp) by the same rules.
#include <string>
#include <variant>
#include <vector>

namespace tidu::documents {

/// Paragraph styles after the conventions of official forms (GB/T 9704 sizes).
enum class Style {
  kAttachmentLabel,  ///< "附件3" at the top left of a cover, 黑体 三号
  kTitle,            ///< the form's title on the cover, 小标宋-like 二号 centred
  kCoverField,       ///< "申报单位（盖章）：…" on the cover, 三号
  kCoverFooter,      ///< issuer and year under the cover fields, 三号 centred
  kTableTitle,       ///< a table's title (summary tables), 二号 centred
  kHeading1,         ///< "一、…" 黑体 三号
  kHeading2,         ///< "（一）…" 宋体加粗 四号
  kHeading3,         ///< "1. …" 宋体加粗 小四
  kBody,             ///< 宋体 小四, first line indented two characters
  kPlain,            ///< 宋体 小四, no indent
  kHint,             ///< the form's guidance in brackets, 五号
  kNote,             ///< notes and footnotes under tables, 五号
  kCaption,          ///< "图N 说明" under a picture, 五号 centred
};

enum class Align { kLeft, kCenter, kRight };

struct Paragraph {
  std::string text;
  Style style = Style::kBody;
};

/// A table cell; `span` columns wide.
struct Cell {
  std::string text;
  int span = 1;
  bool bold = false;
  Align align = Align::kLeft;
};

struct Row {
  std::vector<Cell> cells;
};

/// A bordered table; `header_rows` rows repeat at the top of every page it continues on.
struct Table {
  std::vector<double> widths;  ///< relative column widths
  std::vector<Row> rows;
  int header_rows = 0;
  bool small = false;  ///< 五号 text instead of 小四
};

struct PageBreak {};

/// Vertical space in millimetres.
struct Spacer {
  double mm = 0;
};

/// A picture in the text (JPEG or PNG), drawn across the text width (at most half a page high)
/// with its caption under it. A picture whose bytes cannot be shown (no bytes, unknown type, no
/// pixel size, or a decoder refuses them) is drawn as `placeholder` with the caption.
struct Image {
  std::string bytes;
  std::string media_type;   ///< image/png or image/jpeg
  int width = 0;            ///< pixels
  int height = 0;           ///< pixels
  std::string caption;      ///< "图1 场景1配图"
  std::string placeholder;  ///< "（图片无法显示：场景1配图.png）"

  [[nodiscard]] bool usable() const {
    return !bytes.empty() && width > 0 && height > 0 &&
           (media_type == "image/png" || media_type == "image/jpeg");
  }
};

using Block = std::variant<Paragraph, Table, PageBreak, Spacer, Image>;

enum class Orientation { kPortrait, kLandscape };

/// Who the document belongs to and how it is identified on every page.
struct Stamp {
  std::string verification_code;  ///< "3FA2-…"; empty: no verification line
  std::string sha256;             ///< the snapshot's hash, stored in the file's metadata
  std::string qr_text;            ///< what the QR code on every page encodes
};

struct Document {
  std::string title;    ///< file metadata
  std::string subject;  ///< file metadata
  Orientation orientation = Orientation::kPortrait;
  std::vector<Block> blocks;
  Stamp stamp;
  /// The first page is a cover: it carries the stamp but no page number, and numbering starts
  /// at 1 on the page after it.
  bool cover = false;
};

/// Building helpers.
inline Paragraph para(std::string text, Style style = Style::kBody) {
  return Paragraph{.text = std::move(text), .style = style};
}
inline Cell cell(std::string text, int span = 1) {
  return Cell{.text = std::move(text), .span = span, .bold = false, .align = Align::kLeft};
}
inline Cell header_cell(std::string text, int span = 1) {
  return Cell{.text = std::move(text), .span = span, .bold = true, .align = Align::kCenter};
}

}  // namespace tidu::documents
