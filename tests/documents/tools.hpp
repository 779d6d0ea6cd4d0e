#pragma once
// What the document tests check generated files with: poppler-utils (pdftotext, pdffonts,
// pdftoppm) and LibreOffice headless with a private profile, and where they keep their artefacts
// (build/artefacts/documents: the files and page 1 of each as PNG, for people to look at).
//
// Header-only: tests/CMakeLists.txt compiles only the *_test.cpp files and named helpers.
#include <unistd.h>  // getpid

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "declaration/declaration.hpp"
#include "rounds/round.hpp"
#include "support/command.hpp"

namespace tidu::test::documents {

/// build/artefacts/documents, created on first use.
inline std::filesystem::path artefacts() {
  const auto dir = std::filesystem::path(TIDU_BINARY).parent_path() / "artefacts" / "documents";
  std::filesystem::create_directories(dir);
  return dir;
}

inline void write_file(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline std::string quoted(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

/// The text of a PDF (pdftotext); `layout` keeps the physical layout.
inline CommandOutcome pdf_text(const std::filesystem::path& pdf, bool layout = false) {
  return run_command(
      fmt::format("pdftotext -enc UTF-8 {} {} - 2>&1", layout ? "-layout" : "", quoted(pdf)));
}

/// Text without ASCII whitespace, so that words wrapped across lines or cells are found whole.
inline std::string squeezed(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t' && c != '\f') out += c;
  }
  return out;
}

/// True when `needle` (squeezed) occurs in the squeezed text.
inline bool has_text(const std::string& squeezed_text, const std::string& needle) {
  return squeezed_text.find(squeezed(needle)) != std::string::npos;
}

/// The first `n` characters (code points) of UTF-8 text: what surely stands on a table cell's
/// first line, since pdftotext interleaves the wrapped lines of neighbouring cells.
inline std::string head(const std::string& text, std::size_t n) {
  std::size_t at = 0;
  for (std::size_t count = 0; at < text.size() && count < n; ++count) {
    const auto c = static_cast<unsigned char>(text[at]);
    at += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  }
  return text.substr(0, at);
}

/// The fonts of a PDF (pdffonts rows after the header).
struct PdfFont {
  std::string name;
  bool embedded = false;
};
inline std::vector<PdfFont> pdf_fonts(const std::filesystem::path& pdf) {
  const auto r = run_command(fmt::format("pdffonts {} 2>&1", quoted(pdf)));
  std::vector<PdfFont> out;
  std::size_t at = 0;
  int line_no = 0;
  while (at < r.out.size()) {
    auto end = r.out.find('\n', at);
    if (end == std::string::npos) end = r.out.size();
    const std::string line = r.out.substr(at, end - at);
    at = end + 1;
    if (++line_no <= 2 || line.empty()) continue;
    // name type encoding emb sub uni object ID: the name is the first column; emb is the
    // first "yes"/"no" after the encoding.
    const auto space = line.find(' ');
    PdfFont f{.name = line.substr(0, space), .embedded = false};
    std::vector<std::string> words;
    std::size_t w = 0;
    while (w < line.size()) {
      while (w < line.size() && line[w] == ' ') ++w;
      auto e = line.find(' ', w);
      if (e == std::string::npos) e = line.size();
      if (e > w) words.push_back(line.substr(w, e - w));
      w = e;
    }
    // The last five words are emb, sub, uni, object number, generation.
    if (words.size() >= 5) f.embedded = words[words.size() - 5] == "yes";
    out.push_back(f);
  }
  return out;
}

/// The CJK fonts of a PDF and whether each is embedded.
inline std::vector<PdfFont> cjk_fonts(const std::filesystem::path& pdf) {
  std::vector<PdfFont> out;
  for (const auto& f : pdf_fonts(pdf)) {
    if (f.name.find("CJK") != std::string::npos || f.name.find("Song") != std::string::npos ||
        f.name.find("Hei") != std::string::npos)
      out.push_back(f);
  }
  return out;
}

/// Renders page 1 of a PDF to `png` (pdftoppm); true when the PNG exists.
inline bool render_first_page(const std::filesystem::path& pdf, const std::filesystem::path& png) {
  auto stem = png;
  stem.replace_extension();
  run_command(fmt::format("pdftoppm -f 1 -l 1 -r 70 -png -singlefile {} {} 2>&1", quoted(pdf),
                          quoted(stem)));
  return std::filesystem::exists(png) && std::filesystem::file_size(png) > 1000;
}

/// Converts office files to PDF with LibreOffice headless (one process for all, a private
/// profile); the PDFs beside the inputs in `out_dir`. The command's output and exit code.
inline CommandOutcome convert_to_pdf(const std::vector<std::filesystem::path>& inputs,
                                     const std::filesystem::path& out_dir) {
  const auto profile = std::filesystem::temp_directory_path() /
                       fmt::format("tidu-lo-profile-{}", static_cast<std::uint64_t>(getpid()));
  std::string files;
  for (const auto& i : inputs) files += " " + quoted(i);
  return run_command(
      fmt::format("timeout 300 libreoffice -env:UserInstallation=file://{} --headless --norestore "
                  "--convert-to pdf --outdir {}{} 2>&1",
                  profile.string(), quoted(out_dir), files));
}

/// Every heading of a form's sections, scenario groups and appendix tables, in form order.
inline void collect_headings(const rounds::Section& s, std::vector<std::string>& out) {
  out.push_back(s.heading);
  for (const auto& g : s.scenario_groups) out.push_back(g.heading);
  for (const auto& sub : s.sections) collect_headings(sub, out);
}
inline std::vector<std::string> form_headings(const rounds::FormTemplate& form) {
  std::vector<std::string> out;
  for (const auto& s : form.sections) collect_headings(s, out);
  for (const auto& s : form.sections) {
    for (const auto& id : s.tables) {
      if (const auto* t = form.table(id)) out.push_back(t->title);
    }
  }
  return out;
}

/// Characters no line may start with (CJK closing punctuation).
inline const std::vector<std::string>& closing_punctuation() {
  static const std::vector<std::string> marks = {"，", "。", "、", "；", "：", "）",
                                                 "》", "」", "』", "！", "？", "”"};
  return marks;
}

}  // namespace tidu::test::documents
