#include "documents/pdf.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <qrencode.h>

#include <algorithm>
#include <memory>
#include <string_view>

#include <fmt/format.h>

#include "documents/cairo_image.hpp"
#include "documents/verification.hpp"

namespace tidu::documents {
namespace {

constexpr double kPointsPerMm = 72.0 / 25.4;
constexpr double kA4ShortMm = 210;
constexpr double kA4LongMm = 297;
constexpr const char* kSerif = "Noto Serif CJK SC";
constexpr const char* kSans = "Noto Sans CJK SC";
constexpr double kCellPadMm = 1.6;
constexpr double kMinRowMm = 8;
constexpr double kQrMm = 16;
constexpr double kKeepWithNextMm = 22;
constexpr double kBorderPt = 0.6;
constexpr double kPlaceholderMm = 24;
constexpr double kCaptionMm = 9;
/// Resolution pictures are kept at in the PDF (PNGs with more pixels are scaled down).
constexpr double kPictureDpi = 150;

double mm(double v) { return v * kPointsPerMm; }

struct Margins {
  double top, bottom, left, right;
};
/// Page margins in millimetres (GB/T 9704 for portrait pages).
constexpr Margins kPortraitMargins{37, 35, 28, 26};
constexpr Margins kLandscapeMargins{22, 30, 20, 20};

/// How a paragraph style is set.
struct Look {
  const char* family;
  PangoWeight weight;
  double size;  // points
  PangoAlignment align;
  double indent_chars;  // first line indent in characters
  double left_mm;       // extra left indent
  double before;        // points
  double after;         // points
  double spacing;       // line spacing factor
  double grey;          // 0 black
};

Look look_of(Style s) {
  switch (s) {
    case Style::kAttachmentLabel:
      return {kSans, PANGO_WEIGHT_NORMAL, 16, PANGO_ALIGN_LEFT, 0, 0, 0, 6, 1.3, 0};
    case Style::kTitle:
      return {kSerif, PANGO_WEIGHT_BOLD, 22, PANGO_ALIGN_CENTER, 0, 0, 0, 6, 1.4, 0};
    case Style::kCoverField:
      return {kSerif, PANGO_WEIGHT_NORMAL, 16, PANGO_ALIGN_LEFT, 0, 12, 6, 6, 1.4, 0};
    case Style::kCoverFooter:
      return {kSerif, PANGO_WEIGHT_NORMAL, 16, PANGO_ALIGN_CENTER, 0, 0, 4, 4, 1.4, 0};
    case Style::kTableTitle:
      return {kSerif, PANGO_WEIGHT_BOLD, 18, PANGO_ALIGN_CENTER, 0, 0, 0, 8, 1.3, 0};
    case Style::kHeading1:
      return {kSans, PANGO_WEIGHT_NORMAL, 16, PANGO_ALIGN_LEFT, 0, 0, 10, 6, 1.4, 0};
    case Style::kHeading2:
      return {kSerif, PANGO_WEIGHT_BOLD, 14, PANGO_ALIGN_LEFT, 0, 0, 8, 4, 1.4, 0};
    case Style::kHeading3:
      return {kSerif, PANGO_WEIGHT_BOLD, 12, PANGO_ALIGN_LEFT, 0, 0, 6, 3, 1.4, 0};
    case Style::kBody:
      return {kSerif, PANGO_WEIGHT_NORMAL, 12, PANGO_ALIGN_LEFT, 2, 0, 0, 3, 1.5, 0};
    case Style::kPlain:
      return {kSerif, PANGO_WEIGHT_NORMAL, 12, PANGO_ALIGN_LEFT, 0, 0, 0, 3, 1.5, 0};
    case Style::kHint:
      return {kSerif, PANGO_WEIGHT_NORMAL, 10.5, PANGO_ALIGN_LEFT, 0, 0, 0, 3, 1.4, 0.3};
    case Style::kNote:
      return {kSerif, PANGO_WEIGHT_NORMAL, 10.5, PANGO_ALIGN_LEFT, 0, 0, 2, 2, 1.4, 0};
    case Style::kCaption:
      return {kSerif, PANGO_WEIGHT_NORMAL, 10.5, PANGO_ALIGN_CENTER, 0, 0, 2, 6, 1.4, 0};
  }
  return {kSerif, PANGO_WEIGHT_NORMAL, 12, PANGO_ALIGN_LEFT, 0, 0, 0, 0, 1.5, 0};
}

struct LayoutDeleter {
  void operator()(PangoLayout* l) const { g_object_unref(l); }
};
using LayoutPtr = std::unique_ptr<PangoLayout, LayoutDeleter>;

/// Collects the PDF bytes Cairo writes.
cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

/// The picture as a Cairo surface for drawing `w_pt` points wide, null when it cannot be decoded.
/// A JPEG is not decoded: the surface carries the file as its JPEG mime data, which the PDF embeds
/// as it is (DCTDecode); the bytes must outlive the surface. Uploaded pictures arrive here as their
/// JPEG print copies (print_copy.hpp). A PNG (one uploaded before print copies existed) is decoded
/// unless it states more than kMaxDecodePixels, and when it has more pixels than kPictureDpi needs
/// at that width it is scaled down first (bilinear: a third faster than Cairo's GOOD filter for a
/// factor of about two, no visible difference in print): re-compressing the pixels is what costs.
SurfacePtr picture_surface(const Image& image, double w_pt) {
  if (!image.usable() || static_cast<long long>(image.width) * image.height > kMaxDecodePixels)
    return nullptr;
  SurfacePtr s;
  if (image.media_type == "image/png") {
    s = decode_png(image.bytes);
    if (!s) return nullptr;
  } else {
    s.reset(cairo_image_surface_create(CAIRO_FORMAT_RGB24, image.width, image.height));
    if (cairo_surface_status(s.get()) == CAIRO_STATUS_SUCCESS) {
      cairo_surface_set_mime_data(s.get(), CAIRO_MIME_TYPE_JPEG,
                                  reinterpret_cast<const unsigned char*>(image.bytes.data()),
                                  image.bytes.size(), nullptr, nullptr);
    }
  }
  if (cairo_surface_status(s.get()) != CAIRO_STATUS_SUCCESS ||
      cairo_image_surface_get_width(s.get()) <= 0 || cairo_image_surface_get_height(s.get()) <= 0)
    return nullptr;
  const int pw = cairo_image_surface_get_width(s.get());
  const int ph = cairo_image_surface_get_height(s.get());
  const double scale = w_pt / 72 * kPictureDpi / pw;
  if (image.media_type != "image/png" || scale >= 0.9) return s;
  const int tw = std::max(1, static_cast<int>(pw * scale));
  const int th = std::max(1, static_cast<int>(ph * scale));
  SurfacePtr small(cairo_image_surface_create(cairo_image_surface_get_format(s.get()), tw, th));
  cairo_t* cr = cairo_create(small.get());
  cairo_scale(cr, static_cast<double>(tw) / pw, static_cast<double>(th) / ph);
  cairo_set_source_surface(cr, s.get(), 0, 0);
  cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_BILINEAR);
  cairo_paint(cr);
  cairo_destroy(cr);
  return cairo_surface_status(small.get()) == CAIRO_STATUS_SUCCESS ? std::move(small)
                                                                   : std::move(s);
}

/// One placed line of a laid-out text: where it sits in the layout and its baseline.
struct LineBox {
  PangoLayoutLine* line;
  double x, top, bottom, baseline;  // points, layout coordinates
};

std::vector<LineBox> lines_of(PangoLayout* layout) {
  std::vector<LineBox> out;
  PangoLayoutIter* it = pango_layout_get_iter(layout);
  do {
    PangoRectangle logical;
    pango_layout_iter_get_line_extents(it, nullptr, &logical);
    out.push_back(
        LineBox{.line = pango_layout_iter_get_line_readonly(it),
                .x = static_cast<double>(logical.x) / PANGO_SCALE,
                .top = static_cast<double>(logical.y) / PANGO_SCALE,
                .bottom = static_cast<double>(logical.y + logical.height) / PANGO_SCALE,
                .baseline = static_cast<double>(pango_layout_iter_get_baseline(it)) / PANGO_SCALE});
  } while (pango_layout_iter_next_line(it) != 0);
  pango_layout_iter_free(it);
  return out;
}

class Painter {
 public:
  Painter(const Document& doc, std::string& out) : doc_(doc) {
    const bool landscape = doc.orientation == Orientation::kLandscape;
    width_ = mm(landscape ? kA4LongMm : kA4ShortMm);
    height_ = mm(landscape ? kA4ShortMm : kA4LongMm);
    const Margins& m = landscape ? kLandscapeMargins : kPortraitMargins;
    margins_ = Margins{mm(m.top), mm(m.bottom), mm(m.left), mm(m.right)};  // in points
    surface_ = cairo_pdf_surface_create_for_stream(append, &out, width_, height_);
    cairo_pdf_surface_restrict_to_version(surface_, CAIRO_PDF_VERSION_1_5);
    cr_ = cairo_create(surface_);
    context_ = pango_cairo_create_context(cr_);
    cairo_font_options_t* options = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(context_, options);
    cairo_font_options_destroy(options);
    y_ = margins_.top;
  }
  ~Painter() {
    if (context_ != nullptr) g_object_unref(context_);
    if (cr_ != nullptr) cairo_destroy(cr_);
    if (surface_ != nullptr) cairo_surface_destroy(surface_);
  }
  Painter(const Painter&) = delete;
  Painter& operator=(const Painter&) = delete;

  Result<void> paint() {
    set_metadata();
    for (const auto& b : doc_.blocks) {
      if (const auto* p = std::get_if<Paragraph>(&b)) paragraph(*p);
      if (const auto* t = std::get_if<Table>(&b)) table(*t);
      if (std::holds_alternative<PageBreak>(b) && !at_top()) new_page();
      if (const auto* s = std::get_if<Spacer>(&b)) spacer(s->mm);
      if (const auto* i = std::get_if<Image>(&b)) picture(*i);
    }
    footer();
    cairo_show_page(cr_);
    cairo_surface_finish(surface_);
    const auto status = cairo_surface_status(surface_);
    if (status != CAIRO_STATUS_SUCCESS) {
      return fail("DOCUMENT_RENDER_FAILED", "生成 PDF 失败，请稍后重试",
                  cairo_status_to_string(status));
    }
    return {};
  }

 private:
  [[nodiscard]] double content_width() const { return width_ - margins_.left - margins_.right; }
  [[nodiscard]] double bottom() const { return height_ - margins_.bottom; }
  [[nodiscard]] bool at_top() const { return y_ <= margins_.top + 0.01; }

  void set_metadata() {
    cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_TITLE, doc_.title.c_str());
    cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_SUBJECT, doc_.subject.c_str());
    cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_CREATOR, "Tidu 梯度");
    if (!doc_.stamp.verification_code.empty()) {
      const auto marker = pdf_marker(doc_.stamp.verification_code, doc_.stamp.sha256);
      cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_KEYWORDS, marker.c_str());
    }
  }

  LayoutPtr layout(const std::string& text, const char* family, PangoWeight weight, double size,
                   double width, PangoAlignment align) {
    LayoutPtr l(pango_layout_new(context_));
    PangoFontDescription* font = pango_font_description_new();
    pango_font_description_set_family(font, family);
    pango_font_description_set_weight(font, weight);
    pango_font_description_set_absolute_size(font, size * PANGO_SCALE);
    pango_layout_set_font_description(l.get(), font);
    pango_font_description_free(font);
    pango_layout_set_width(l.get(), static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(l.get(), PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(l.get(), align);
    pango_layout_set_text(l.get(), text.c_str(), static_cast<int>(text.size()));
    return l;
  }

  void new_page() {
    footer();
    cairo_show_page(cr_);
    ++page_;
    y_ = margins_.top;
  }

  void spacer(double v) {
    y_ += mm(v);
    if (y_ > bottom()) new_page();
  }

  void paragraph(const Paragraph& p) {
    const Look k = look_of(p.style);
    const double left = mm(k.left_mm);
    auto l = layout(p.text, k.family, k.weight, k.size, content_width() - left, k.align);
    pango_layout_set_line_spacing(l.get(), static_cast<float>(k.spacing));
    if (k.indent_chars > 0)
      pango_layout_set_indent(l.get(), static_cast<int>(k.indent_chars * k.size * PANGO_SCALE));
    const bool heading =
        p.style == Style::kHeading1 || p.style == Style::kHeading2 || p.style == Style::kHeading3;
    if (!at_top()) y_ += k.before;
    if (heading && y_ + mm(kKeepWithNextMm) > bottom()) new_page();
    cairo_set_source_rgb(cr_, k.grey, k.grey, k.grey);
    const auto lines = lines_of(l.get());
    double offset = lines.empty() ? 0 : lines.front().top;  // layout y drawn at y_
    double origin = y_;
    for (const auto& line : lines) {
      if (origin + (line.bottom - offset) > bottom() && line.top > offset) {
        new_page();
        cairo_set_source_rgb(cr_, k.grey, k.grey, k.grey);
        origin = y_;
        offset = line.top;
      }
      cairo_move_to(cr_, margins_.left + left + line.x, origin + (line.baseline - offset));
      pango_cairo_show_layout_line(cr_, line.line);
      y_ = origin + (line.bottom - offset);
    }
    cairo_set_source_rgb(cr_, 0, 0, 0);
    y_ += k.after;
  }

  /// A picture across the text width, at most half the text height, kept on one page with its
  /// caption; a placeholder box with the reason when it cannot be decoded.
  void picture(const Image& image) {
    const double max_height = (bottom() - margins_.top) / 2;
    double w = content_width();
    double h = mm(kPlaceholderMm);
    if (image.usable()) {
      h = w * image.height / image.width;
      if (h > max_height) {
        w *= max_height / h;
        h = max_height;
      }
    }
    const auto surface = picture_surface(image, w);
    if (!surface) {
      w = content_width();
      h = mm(kPlaceholderMm);
    }
    if (!at_top()) y_ += 4;
    if (y_ + h + mm(kCaptionMm) > bottom() && !at_top()) new_page();
    const double x = margins_.left + (content_width() - w) / 2;
    if (surface) {
      cairo_save(cr_);
      cairo_translate(cr_, x, y_);
      cairo_scale(cr_, w / cairo_image_surface_get_width(surface.get()),
                  h / cairo_image_surface_get_height(surface.get()));
      cairo_set_source_surface(cr_, surface.get(), 0, 0);
      cairo_paint(cr_);
      cairo_restore(cr_);
    } else {
      cairo_set_line_width(cr_, kBorderPt);
      cairo_set_source_rgb(cr_, 0.5, 0.5, 0.5);
      cairo_rectangle(cr_, x, y_, w, h);
      cairo_stroke(cr_);
      auto l = layout(image.placeholder, kSerif, PANGO_WEIGHT_NORMAL, 10.5, w - 2 * mm(kCellPadMm),
                      PANGO_ALIGN_CENTER);
      PangoRectangle logical;
      pango_layout_get_extents(l.get(), nullptr, &logical);
      cairo_move_to(cr_, x + mm(kCellPadMm),
                    y_ + (h - static_cast<double>(logical.height) / PANGO_SCALE) / 2);
      pango_cairo_show_layout(cr_, l.get());
      cairo_set_source_rgb(cr_, 0, 0, 0);
    }
    y_ += h;
    paragraph(para(image.caption, Style::kCaption));
  }

  /// A laid-out cell of a row.
  struct PlacedCell {
    double x, w;
    LayoutPtr layout;
    std::vector<LineBox> lines;
    std::size_t next = 0;  // first line not drawn yet
  };

  std::vector<PlacedCell> place(const Table& t, const Row& r) {
    double total = 0;
    for (const double w : t.widths) total += w;
    std::vector<PlacedCell> out;
    std::size_t column = 0;
    const double size = t.small ? 9 : 11;
    for (const auto& c : r.cells) {
      double x = margins_.left;
      for (std::size_t i = 0; i < column && i < t.widths.size(); ++i)
        x += content_width() * t.widths[i] / total;
      double w = 0;
      for (std::size_t i = column;
           i < column + static_cast<std::size_t>(c.span) && i < t.widths.size(); ++i)
        w += content_width() * t.widths[i] / total;
      column += static_cast<std::size_t>(c.span);
      const auto align = c.align == Align::kCenter  ? PANGO_ALIGN_CENTER
                         : c.align == Align::kRight ? PANGO_ALIGN_RIGHT
                                                    : PANGO_ALIGN_LEFT;
      auto l = layout(c.text, kSerif, c.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL, size,
                      w - 2 * mm(kCellPadMm), align);
      pango_layout_set_line_spacing(l.get(), 1.25F);
      auto lines = lines_of(l.get());
      out.push_back(
          PlacedCell{.x = x, .w = w, .layout = std::move(l), .lines = std::move(lines), .next = 0});
    }
    return out;
  }

  static double height_of(const std::vector<PlacedCell>& cells) {
    double h = 0;
    for (const auto& c : cells) {
      if (!c.lines.empty()) h = std::max(h, c.lines.back().bottom - c.lines.front().top);
    }
    return std::max(h + 2 * mm(kCellPadMm), mm(kMinRowMm));
  }

  /// Draws a row, continuing it on new pages (after the repeated header rows) when it is taller
  /// than the space left.
  void row(const Table& t, const Row& r, bool is_header) {
    auto cells = place(t, r);
    const double full = height_of(cells);
    const double page_body = bottom() - margins_.top - headers_height_;
    if (y_ + full > bottom() && full <= page_body && !at_top()) continue_table(t);
    const double pad = mm(kCellPadMm);
    while (true) {
      const double avail = bottom() - y_ - 2 * pad;
      double used = 0;
      bool done = true;
      bool drew = false;
      for (auto& c : cells) {
        if (c.next >= c.lines.size()) continue;
        const double offset = c.lines[c.next].top;
        while (c.next < c.lines.size()) {
          const auto& line = c.lines[c.next];
          if (line.bottom - offset > avail && drew) break;
          if (line.bottom - offset > avail && !at_top()) break;
          cairo_move_to(cr_, c.x + pad + line.x, y_ + pad + (line.baseline - offset));
          pango_cairo_show_layout_line(cr_, line.line);
          used = std::max(used, line.bottom - offset);
          drew = true;
          ++c.next;
        }
        if (c.next < c.lines.size()) done = false;
      }
      const double h =
          done ? std::max(used + 2 * pad, std::min(full, mm(kMinRowMm))) : avail + 2 * pad;
      cairo_set_line_width(cr_, kBorderPt);
      for (const auto& c : cells) {
        cairo_rectangle(cr_, c.x, y_, c.w, h);
        cairo_stroke(cr_);
      }
      y_ += h;
      if (done) return;
      if (is_header) return;  // a header never continues
      continue_table(t);
    }
  }

  void continue_table(const Table& t) {
    new_page();
    for (int i = 0; i < t.header_rows && i < static_cast<int>(t.rows.size()); ++i)
      row(t, t.rows[static_cast<std::size_t>(i)], true);
  }

  void table(const Table& t) {
    if (!at_top()) y_ += 2;
    headers_height_ = 0;
    for (int i = 0; i < t.header_rows && i < static_cast<int>(t.rows.size()); ++i) {
      auto cells = place(t, t.rows[static_cast<std::size_t>(i)]);
      headers_height_ += height_of(cells);
    }
    // Keep the header rows with the first data row.
    if (t.header_rows > 0 && static_cast<std::size_t>(t.header_rows) < t.rows.size()) {
      auto first = place(t, t.rows[static_cast<std::size_t>(t.header_rows)]);
      if (y_ + headers_height_ + std::min(height_of(first), mm(30)) > bottom() && !at_top())
        new_page();
    }
    for (std::size_t i = 0; i < t.rows.size(); ++i)
      row(t, t.rows[i], static_cast<int>(i) < t.header_rows);
    headers_height_ = 0;
    y_ += 6;
  }

  void footer() {
    const bool numbered = !(doc_.cover && page_ == 0);
    const int number = doc_.cover ? page_ : page_ + 1;
    cairo_set_source_rgb(cr_, 0, 0, 0);
    const double base = height_ - margins_.bottom;
    if (numbered) {
      auto l = layout(fmt::format("— {} —", number), kSerif, PANGO_WEIGHT_NORMAL, 14,
                      content_width(), PANGO_ALIGN_CENTER);
      cairo_move_to(cr_, margins_.left, base + mm(7));
      pango_cairo_show_layout(cr_, l.get());
    }
    if (doc_.stamp.verification_code.empty()) return;
    const double qr_size = mm(kQrMm);
    const double qr_x = width_ - margins_.right - qr_size;
    const double qr_y = height_ - mm(6) - qr_size;
    auto text = layout(
        fmt::format("验证码 {}\n凭验证码核验与线上提交版本是否一致", doc_.stamp.verification_code),
        kSans, PANGO_WEIGHT_NORMAL, 8, content_width() / 2, PANGO_ALIGN_LEFT);
    cairo_move_to(cr_, margins_.left, qr_y + qr_size - mm(8));
    cairo_set_source_rgb(cr_, 0.2, 0.2, 0.2);
    pango_cairo_show_layout(cr_, text.get());
    cairo_set_source_rgb(cr_, 0, 0, 0);
    qr(qr_x, qr_y, qr_size);
  }

  /// The QR code, encoded and drawn once into a recording surface that every page paints: the
  /// PDF holds it as one form XObject instead of a few hundred rectangles per page.
  void qr(double x, double y, double size) {
    if (!qr_) {
      QRcode* code = QRcode_encodeString(doc_.stamp.qr_text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
      if (code == nullptr) return;
      const int n = code->width;
      const cairo_rectangle_t extents{.x = 0, .y = 0, .width = size, .height = size};
      qr_.reset(cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &extents));
      cairo_t* q = cairo_create(qr_.get());
      const double cell = size / n;
      for (int r = 0; r < n; ++r) {
        for (int c = 0; c < n; ++c) {
          if ((code->data[r * n + c] & 1) != 0) cairo_rectangle(q, c * cell, r * cell, cell, cell);
        }
      }
      cairo_set_source_rgb(q, 0, 0, 0);
      cairo_fill(q);
      cairo_destroy(q);
      QRcode_free(code);
    }
    cairo_save(cr_);
    cairo_set_source_surface(cr_, qr_.get(), x, y);
    cairo_paint(cr_);
    cairo_restore(cr_);
  }

  const Document& doc_;
  double width_ = 0;
  double height_ = 0;
  Margins margins_{};
  cairo_surface_t* surface_ = nullptr;
  cairo_t* cr_ = nullptr;
  PangoContext* context_ = nullptr;
  double y_ = 0;
  int page_ = 0;
  double headers_height_ = 0;
  SurfacePtr qr_;
};

}  // namespace

PixelSize picture_print_box() {
  const double width_mm = kA4ShortMm - kPortraitMargins.left - kPortraitMargins.right;
  const double height_mm = (kA4LongMm - kPortraitMargins.top - kPortraitMargins.bottom) / 2;
  const auto pixels = [](double v_mm) { return static_cast<int>(v_mm / 25.4 * kPictureDpi); };
  return {.width = pixels(width_mm), .height = pixels(height_mm)};
}

Result<std::string> render_pdf(const Document& document) {
  std::string out;
  {
    Painter painter(document, out);
    auto r = painter.paint();
    if (!r) return std::unexpected(r.error());
  }
  return out;
}

}  // namespace tidu::documents
