#include "documents/docx.hpp"

#include <cmath>

#include <fmt/format.h>

#include "documents/verification.hpp"
#include "documents/zip.hpp"

namespace tidu::documents {
namespace {

constexpr double kTwipsPerMm = 1440.0 / 25.4;
constexpr int kA4ShortTwips = 11906;
constexpr int kA4LongTwips = 16838;
/// Word adds the spacing of the paragraphs around a spacer, so it needs less of its own.
constexpr double kSpacerScale = 0.45;

int twips(double mm) { return static_cast<int>(std::lround(mm * kTwipsPerMm)); }

constexpr const char* kNs =
    R"(xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" )"
    R"(xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships")";

constexpr const char* kContentTypes = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Default Extension="png" ContentType="image/png"/>
<Default Extension="jpeg" ContentType="image/jpeg"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>
<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>
</Types>)";

constexpr const char* kRootRels = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>
</Relationships>)";

constexpr const char* kDocumentRels = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>
{}</Relationships>)";

/// EMU (English Metric Units) per millimetre: 914400 per inch.
constexpr double kEmuPerMm = 36000;
constexpr double kPlaceholderMm = 24;

constexpr const char* kSettings = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:defaultTabStop w:val="420"/><w:characterSpacingControl w:val="compressPunctuation"/>
<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>
</w:settings>)";

constexpr const char* kApp = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Tidu</Application></Properties>)";

/// One paragraph style: id, name, East Asian font, size in half-points, bold, alignment, first
/// line indent in characters (hundredths), spacing before/after in twips, line spacing (240 = 1).
struct StyleDef {
  Style style;
  const char* id;
  const char* east_asia;
  int half_points;
  bool bold;
  const char* align;
  int indent_chars;
  int before;
  int after;
  int line;
  bool keep_next;
};

constexpr StyleDef kStyles[] = {
    {Style::kAttachmentLabel, "AttachmentLabel", "黑体", 32, false, "left", 0, 0, 120, 312, false},
    {Style::kTitle, "FormTitle", "宋体", 44, true, "center", 0, 0, 120, 360, false},
    {Style::kCoverField, "CoverField", "宋体", 32, false, "left", 0, 120, 120, 360, false},
    {Style::kCoverFooter, "CoverFooter", "宋体", 32, false, "center", 0, 80, 80, 360, false},
    {Style::kTableTitle, "TableTitle", "宋体", 36, true, "center", 0, 0, 160, 312, true},
    {Style::kHeading1, "Heading1", "黑体", 32, false, "left", 0, 200, 120, 360, true},
    {Style::kHeading2, "Heading2", "宋体", 28, true, "left", 0, 160, 80, 360, true},
    {Style::kHeading3, "Heading3", "宋体", 24, true, "left", 0, 120, 60, 360, true},
    {Style::kBody, "BodyText", "宋体", 24, false, "both", 200, 0, 60, 360, false},
    {Style::kPlain, "PlainText", "宋体", 24, false, "left", 0, 0, 60, 360, false},
    {Style::kHint, "Hint", "宋体", 21, false, "left", 0, 0, 60, 312, false},
    {Style::kNote, "Note", "宋体", 21, false, "both", 0, 40, 40, 312, false},
    {Style::kCaption, "Caption", "宋体", 21, false, "center", 0, 40, 120, 312, false},
};

const StyleDef& def_of(Style s) {
  for (const auto& d : kStyles)
    if (d.style == s) return d;
  return kStyles[8];
}

std::string run_properties(const char* east_asia, int half_points, bool bold) {
  return fmt::format(
      R"(<w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="{}" w:cs="Times New Roman"/>{}<w:sz w:val="{}"/><w:szCs w:val="{}"/></w:rPr>)",
      east_asia, bold ? "<w:b/><w:bCs/>" : "", half_points, half_points);
}

std::string styles_xml() {
  std::string out =
      fmt::format(R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles {}><w:docDefaults><w:rPrDefault>{}</w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>
<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblCellMar><w:top w:w="40" w:type="dxa"/><w:left w:w="90" w:type="dxa"/><w:bottom w:w="40" w:type="dxa"/><w:right w:w="90" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>
<w:style w:type="paragraph" w:styleId="TableText"><w:name w:val="Table Text"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:before="0" w:after="0" w:line="276" w:lineRule="auto"/></w:pPr>{}</w:style>
<w:style w:type="paragraph" w:styleId="TableSmall"><w:name w:val="Table Small"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:before="0" w:after="0" w:line="264" w:lineRule="auto"/></w:pPr>{}</w:style>
<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/>{}</w:style>
)",
                  kNs, run_properties("宋体", 24, false), run_properties("宋体", 22, false),
                  run_properties("宋体", 18, false), run_properties("宋体", 18, false));
  for (const auto& d : kStyles) {
    out += fmt::format(
        R"(<w:style w:type="paragraph" w:styleId="{0}"><w:name w:val="{0}"/><w:basedOn w:val="Normal"/>{1}<w:qFormat/><w:pPr>{2}<w:spacing w:before="{3}" w:after="{4}" w:line="{5}" w:lineRule="auto"/>{6}<w:jc w:val="{7}"/>{8}</w:pPr>{9}</w:style>
)",
        d.id, "", d.keep_next ? "<w:keepNext/>" : "", d.before, d.after, d.line,
        d.indent_chars > 0 ? fmt::format(R"(<w:ind w:firstLineChars="{}"/>)", d.indent_chars)
                           : std::string{},
        d.align,
        d.style == Style::kHeading1   ? R"(<w:outlineLvl w:val="0"/>)"
        : d.style == Style::kHeading2 ? R"(<w:outlineLvl w:val="1"/>)"
        : d.style == Style::kHeading3 ? R"(<w:outlineLvl w:val="2"/>)"
                                      : "",
        run_properties(d.east_asia, d.half_points, d.bold));
  }
  out += "</w:styles>";
  return out;
}

/// Runs of text: newlines become line breaks.
std::string runs(std::string_view text, bool bold) {
  std::string out;
  std::size_t at = 0;
  while (at <= text.size()) {
    auto end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    if (at > 0) out += "<w:r><w:br/></w:r>";
    out += fmt::format(R"(<w:r>{}<w:t xml:space="preserve">{}</w:t></w:r>)",
                       bold ? "<w:rPr><w:b/><w:bCs/></w:rPr>" : "",
                       xml_escape(text.substr(at, end - at)));
    at = end + 1;
  }
  return out;
}

std::string paragraph_xml(const Paragraph& p) {
  return fmt::format(R"(<w:p><w:pPr><w:pStyle w:val="{}"/></w:pPr>{}</w:p>)", def_of(p.style).id,
                     runs(p.text, false));
}

std::string table_xml(const Table& t, int content_twips) {
  double total = 0;
  for (const double w : t.widths) total += w;
  std::vector<int> cols;
  cols.reserve(t.widths.size());
  for (const double w : t.widths)
    cols.push_back(static_cast<int>(std::lround(content_twips * w / total)));
  std::string out =
      R"(<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:jc w:val="center"/><w:tblBorders>)"
      R"(<w:top w:val="single" w:sz="6" w:space="0" w:color="000000"/>)"
      R"(<w:left w:val="single" w:sz="6" w:space="0" w:color="000000"/>)"
      R"(<w:bottom w:val="single" w:sz="6" w:space="0" w:color="000000"/>)"
      R"(<w:right w:val="single" w:sz="6" w:space="0" w:color="000000"/>)"
      R"(<w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/>)"
      R"(<w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/>)"
      R"(</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>)";
  for (const int c : cols) out += fmt::format(R"(<w:gridCol w:w="{}"/>)", c);
  out += "</w:tblGrid>";
  const char* style = t.small ? "TableSmall" : "TableText";
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    const bool header = static_cast<int>(i) < t.header_rows;
    out += "<w:tr>";
    out += header ? R"(<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>)"
                  : R"(<w:trPr><w:trHeight w:val="454"/></w:trPr>)";
    std::size_t column = 0;
    for (const auto& c : t.rows[i].cells) {
      int w = 0;
      for (std::size_t k = column; k < column + static_cast<std::size_t>(c.span) && k < cols.size();
           ++k)
        w += cols[k];
      column += static_cast<std::size_t>(c.span);
      const char* jc = c.align == Align::kCenter  ? "center"
                       : c.align == Align::kRight ? "right"
                                                  : "left";
      out += fmt::format(
          R"(<w:tc><w:tcPr><w:tcW w:w="{}" w:type="dxa"/>{}<w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="{}"/><w:jc w:val="{}"/></w:pPr>{}</w:p></w:tc>)",
          w, c.span > 1 ? fmt::format(R"(<w:gridSpan w:val="{}"/>)", c.span) : std::string{}, style,
          jc, runs(c.text, c.bold));
    }
    out += "</w:tr>";
  }
  out += "</w:tbl>";
  // Word needs a paragraph between two tables, or it joins them.
  out +=
      R"(<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:p>)";
  return out;
}

std::string footer_xml(const Document& doc) {
  std::string code;
  if (!doc.stamp.verification_code.empty()) {
    code = fmt::format(
        R"(<w:p><w:pPr><w:pStyle w:val="Footer"/><w:jc w:val="left"/></w:pPr>{}</w:p>)",
        runs(fmt::format("验证码 {}（以平台导出的 PDF 版本核验）", doc.stamp.verification_code),
             false));
  }
  return fmt::format(
      R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr {}><w:p><w:pPr><w:pStyle w:val="Footer"/><w:jc w:val="center"/></w:pPr>{}<w:r>{}<w:fldChar w:fldCharType="begin"/></w:r><w:r>{}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r>{}<w:fldChar w:fldCharType="separate"/></w:r><w:r>{}<w:t>1</w:t></w:r><w:r>{}<w:fldChar w:fldCharType="end"/></w:r>{}</w:p>{}</w:ftr>)",
      kNs,
      fmt::format(R"(<w:r>{}<w:t xml:space="preserve">— </w:t></w:r>)",
                  run_properties("宋体", 28, false)),
      run_properties("宋体", 28, false), run_properties("宋体", 28, false),
      run_properties("宋体", 28, false), run_properties("宋体", 28, false),
      run_properties("宋体", 28, false),
      fmt::format(R"(<w:r>{}<w:t xml:space="preserve"> —</w:t></w:r>)",
                  run_properties("宋体", 28, false)),
      code);
}

std::string core_xml(const Document& doc) {
  const std::string keywords = doc.stamp.verification_code.empty()
                                   ? std::string{}
                                   : pdf_marker(doc.stamp.verification_code, doc.stamp.sha256);
  return fmt::format(R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{}</dc:title><dc:subject>{}</dc:subject><cp:keywords>{}</cp:keywords><dc:creator>Tidu</dc:creator></cp:coreProperties>)",
                     xml_escape(doc.title), xml_escape(doc.subject), xml_escape(keywords));
}

/// A picture written into the package: its part name and bytes, and its relationship.
struct Media {
  std::string rel_id;
  std::string target;  ///< media/image1.png, relative to word/
  std::string bytes;
};

/// A picture as an inline drawing in its own centred paragraph, kept with its caption; a
/// placeholder paragraph when it cannot be shown. Sized like the PDF: the text width, at most
/// half the text height.
std::string picture_xml(const Image& image, double text_mm, double max_mm,
                        std::vector<Media>& media) {
  std::string out;
  if (image.usable()) {
    double w = text_mm;
    double h = w * image.height / image.width;
    if (h > max_mm) {
      w *= max_mm / h;
      h = max_mm;
    }
    const auto n = media.size() + 1;
    const char* ext = image.media_type == "image/png" ? "png" : "jpeg";
    media.push_back(Media{.rel_id = fmt::format("rIdImage{}", n),
                          .target = fmt::format("media/image{}.{}", n, ext),
                          .bytes = image.bytes});
    const auto cx = std::lround(w * kEmuPerMm);
    const auto cy = std::lround(h * kEmuPerMm);
    out += fmt::format(
        R"(<w:p><w:pPr><w:keepNext/><w:spacing w:before="120" w:after="0" w:line="240" w:lineRule="auto"/><w:jc w:val="center"/></w:pPr>)"
        R"(<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{0}" cy="{1}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>)"
        R"(<wp:docPr id="{2}" name="图片 {2}" descr="{3}"/><wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" noChangeAspect="1"/></wp:cNvGraphicFramePr>)"
        R"(<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">)"
        R"(<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="{2}" name="image{2}.{4}"/><pic:cNvPicPr/></pic:nvPicPr>)"
        R"(<pic:blipFill><a:blip r:embed="{5}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>)"
        R"(<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{0}" cy="{1}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>)"
        R"(</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>)",
        cx, cy, n, xml_escape(image.caption), ext, media.back().rel_id);
  } else {
    out += fmt::format(
        R"(<w:p><w:pPr><w:pStyle w:val="{}"/><w:keepNext/><w:pBdr><w:top w:val="single" w:sz="4" w:space="8" w:color="808080"/><w:left w:val="single" w:sz="4" w:space="4" w:color="808080"/><w:bottom w:val="single" w:sz="4" w:space="8" w:color="808080"/><w:right w:val="single" w:sz="4" w:space="4" w:color="808080"/></w:pBdr><w:spacing w:before="{}" w:after="{}"/><w:jc w:val="center"/></w:pPr>{}</w:p>)",
        def_of(Style::kHint).id, twips(kPlaceholderMm / 2), twips(kPlaceholderMm / 2),
        runs(image.placeholder, false));
  }
  out += paragraph_xml(Paragraph{.text = image.caption, .style = Style::kCaption});
  return out;
}

/// word/document.xml, with the pictures it refers to.
std::string document_xml(const Document& doc, std::vector<Media>& media) {
  const bool landscape = doc.orientation == Orientation::kLandscape;
  const int page_w = landscape ? kA4LongTwips : kA4ShortTwips;
  const int page_h = landscape ? kA4ShortTwips : kA4LongTwips;
  const int top = twips(landscape ? 22 : 37);
  const int bottom = twips(landscape ? 30 : 35);
  const int left = twips(landscape ? 20 : 28);
  const int right = twips(landscape ? 20 : 26);
  const double text_mm = (page_w - left - right) / kTwipsPerMm;
  const double max_picture_mm = (page_h - top - bottom) / kTwipsPerMm / 2;
  std::string body;
  for (const auto& b : doc.blocks) {
    if (const auto* i = std::get_if<Image>(&b))
      body += picture_xml(*i, text_mm, max_picture_mm, media);
    if (const auto* p = std::get_if<Paragraph>(&b)) body += paragraph_xml(*p);
    if (const auto* t = std::get_if<Table>(&b)) body += table_xml(*t, page_w - left - right);
    if (std::holds_alternative<PageBreak>(b))
      body += R"(<w:p><w:r><w:br w:type="page"/></w:r></w:p>)";
    if (const auto* s = std::get_if<Spacer>(&b)) {
      body += fmt::format(
          R"(<w:p><w:pPr><w:spacing w:before="{}" w:after="0" w:line="20" w:lineRule="exact"/></w:pPr></w:p>)",
          twips(s->mm * kSpacerScale));
    }
  }
  return fmt::format(R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {} xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><w:body>{}<w:sectPr><w:footerReference w:type="default" r:id="rId3"/><w:pgSz w:w="{}" w:h="{}"{}/><w:pgMar w:top="{}" w:right="{}" w:bottom="{}" w:left="{}" w:header="851" w:footer="{}" w:gutter="0"/>{}{}<w:docGrid w:type="lines" w:linePitch="312"/></w:sectPr></w:body></w:document>)",
                     kNs, body, page_w, page_h, landscape ? R"( w:orient="landscape")" : "", top,
                     right, bottom, left, twips(landscape ? 10 : 18),
                     doc.cover ? R"(<w:pgNumType w:start="0"/>)" : "",
                     doc.cover ? "<w:titlePg/>" : "");
}

}  // namespace

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        if (c < 0x20 && ch != '\t' && ch != '\n') break;
        out += ch;
    }
  }
  return out;
}

Result<std::string> render_docx(const Document& document) {
  std::vector<Media> media;
  std::string body = document_xml(document, media);
  std::string relationships;
  for (const auto& m : media) {
    relationships += fmt::format(
        R"(<Relationship Id="{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="{}"/>)"
        "\n",
        m.rel_id, m.target);
  }
  std::vector<ZipEntry> entries = {
      {"[Content_Types].xml", kContentTypes},
      {"_rels/.rels", kRootRels},
      {"word/_rels/document.xml.rels", fmt::format(fmt::runtime(kDocumentRels), relationships)},
      {"word/document.xml", std::move(body)},
      {"word/styles.xml", styles_xml()},
      {"word/settings.xml", kSettings},
      {"word/footer1.xml", footer_xml(document)},
      {"docProps/core.xml", core_xml(document)},
      {"docProps/app.xml", kApp}};
  for (auto& m : media) entries.push_back({"word/" + m.target, std::move(m.bytes)});
  return make_zip(entries);
}

}  // namespace tidu::documents
