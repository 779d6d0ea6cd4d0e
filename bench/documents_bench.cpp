// Documents benchmark (issue: "A benchmark prints the median time for a full 申报书 PDF (target
// ≤ 100 ms) and, in the same run, how long LibreOffice takes to convert the same DOCX to PDF, with
// the ratio").
//
// A full Fujian advanced declaration — every field the form asks for (--samples N merges the
// scenario instances of N samples into a longer one), the KPI tables,
// every appendix table, and three pictures (two PNGs and a JPEG) — is laid out and written as
// PDF `--runs` times after `--warmup` runs, the way the service does for a download (snapshot
// JSON → Document → PDF). The same declaration as DOCX is then converted by LibreOffice headless
// with a private profile: once on a fresh profile (cold) and `--lo-runs` times on the warmed one.
//
//   tidu_documents_bench [--runs N] [--warmup N] [--lo-runs N] [--samples N] [--no-pictures]
//                        [--no-print-copies] [--no-libreoffice] [--out DIR] [--json FILE]
//
// The pictures reach the PDF the way the service gives them: as the print copies made when they
// were uploaded (documents::make_print_copy; the time to make them is printed on its own line,
// it is spent once per picture at upload, not per export). --no-print-copies gives the PDF the
// uploaded files instead; --no-pictures leaves the pictures' bytes out (they print as
// placeholders), to see their cost.
//
// Exit code 0 when the median PDF time meets the target, 1 when it does not, 2 on errors.
#include <time.h>    // clock_gettime
#include <unistd.h>  // getpid

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/allocator.hpp"
#include "declaration/json_io.hpp"
#include "declaration/sample.hpp"
#include "documents/declaration_layout.hpp"
#include "documents/docx.hpp"
#include "documents/pdf.hpp"
#include "documents/print_copy.hpp"
#include "documents/sample_images.hpp"
#include "support/world.hpp"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr double kTargetMs = 100;
constexpr const char* kRound = "fj-2025-advanced";
constexpr const char* kHash = "3fa29c0177b4e0d59d0c2b7e51a4f3886b1e0c9d2a7f4e3b5c6d7e8f90a1b2c3";

struct Options {
  int runs = 30;
  int warmup = 3;
  int lo_runs = 3;
  bool libreoffice = true;
  bool pictures = true;
  bool print_copies = true;
  int samples = 1;  ///< samples merged into the declaration: 1 = the form filled once, in full
  fs::path out;
  fs::path json;
};

struct Stats {
  double median = 0;
  double p90 = 0;
  double min = 0;
  double max = 0;
};

Stats stats_of(std::vector<double> ms) {
  if (ms.empty()) return {};
  std::sort(ms.begin(), ms.end());
  const auto at = [&](double q) {
    const auto i = static_cast<std::size_t>(q * static_cast<double>(ms.size() - 1) + 0.5);
    return ms[std::min(i, ms.size() - 1)];
  };
  const double median =
      ms.size() % 2 == 1 ? ms[ms.size() / 2] : (ms[ms.size() / 2 - 1] + ms[ms.size() / 2]) / 2;
  return {.median = median, .p90 = at(0.9), .min = ms.front(), .max = ms.back()};
}

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

/// CPU time of this process in ms: unlike the wall clock, not stretched by other processes
/// competing for the cores (the development machine has two).
double cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

/// The bench declaration: the round's sample (every section of the form filled), with the
/// scenario instances and appendix rows of `samples - 1` more samples (a longer declaration), and
/// three pictures in the first instances.
nlohmann::json full_declaration(int samples) {
  const auto& policy = tidu::test::policy(kRound);
  auto d = tidu::declaration::make_sample(policy, 0);
  for (std::uint32_t variant = 1; variant < static_cast<std::uint32_t>(samples); ++variant) {
    auto more = tidu::declaration::make_sample(policy, variant);
    for (auto& s : more.scenarios) {
      s.images.clear();
      d.scenarios.push_back(std::move(s));
    }
    auto& a = d.appendix;
    auto& b = more.appendix;
    a.scenario_rows.insert(a.scenario_rows.end(), b.scenario_rows.begin(), b.scenario_rows.end());
    a.equipment.insert(a.equipment.end(), b.equipment.begin(), b.equipment.end());
    a.technologies.insert(a.technologies.end(), b.technologies.begin(), b.technologies.end());
    a.software.insert(a.software.end(), b.software.begin(), b.software.end());
    a.standards.insert(a.standards.end(), b.standards.begin(), b.standards.end());
    a.patents.insert(a.patents.end(), b.patents.begin(), b.patents.end());
  }
  for (auto& s : d.scenarios) s.images.clear();
  d.scenarios.at(0).images = {"att-image-0", "att-photo"};
  d.scenarios.at(1).images = {"att-image-1"};
  d.attachments.push_back(tidu::declaration::Attachment{.id = "att-photo",
                                                        .kind = "scenario_image",
                                                        .name = "车间现场照片.jpg",
                                                        .sha256 = std::string(64, 'd'),
                                                        .media_type = "image/jpeg",
                                                        .size = 905});
  return tidu::declaration::to_json(d);
}

tidu::documents::ImageFiles pictures() {
  namespace docs = tidu::test::documents;
  return {{"att-image-0", {.bytes = docs::sample_png(1600, 1000, 0.2), .media_type = "image/png"}},
          {"att-image-1", {.bytes = docs::sample_png(900, 1400, 0.6), .media_type = "image/png"}},
          {"att-photo", {.bytes = docs::sample_jpeg(), .media_type = "image/jpeg"}}};
}

/// The pictures as the service hands them to the layout: each one's print copy when it has one
/// (Documents' load_images). Adds the time spent making the copies to `ms`.
tidu::documents::ImageFiles as_print_copies(tidu::documents::ImageFiles uploaded, double& ms) {
  for (auto& [id, file] : uploaded) {
    const auto start = Clock::now();
    auto copy = tidu::documents::make_print_copy(file.bytes, file.media_type);
    ms += ms_since(start);
    if (!copy) {
      std::cerr << "print copy of " << id << " failed: " << copy.error().detail << '\n';
      std::exit(2);
    }
    if (*copy) file = {.bytes = std::move((*copy)->bytes), .media_type = "image/jpeg"};
  }
  return uploaded;
}

/// Pages of a PDF Cairo wrote: its page objects.
int pdf_pages(const std::string& pdf) {
  int n = 0;
  for (auto at = pdf.find("/Type /Page"); at != std::string::npos;
       at = pdf.find("/Type /Page", at + 1)) {
    if (at + 11 < pdf.size() && pdf[at + 11] != 's') ++n;
  }
  return n;
}

void write(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string quoted(const fs::path& p) { return fmt::format("'{}'", p.string()); }

/// One LibreOffice conversion of `docx` into `dir`, in ms; negative when it failed.
double convert_once(const fs::path& docx, const fs::path& dir, const fs::path& profile) {
  auto pdf = dir / docx.filename();
  pdf.replace_extension(".pdf");
  fs::remove(pdf);
  const auto command = fmt::format(
      "timeout 300 libreoffice -env:UserInstallation=file://{} --headless --norestore "
      "--convert-to pdf --outdir {} {} >/dev/null 2>&1",
      profile.string(), quoted(dir), quoted(docx));
  const auto start = Clock::now();
  const int rc = std::system(command.c_str());
  const double ms = ms_since(start);
  return rc == 0 && fs::exists(pdf) ? ms : -1;
}

bool parse(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const auto value = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--runs") {
      o.runs = std::max(1, std::atoi(value().c_str()));
    } else if (a == "--warmup") {
      o.warmup = std::max(0, std::atoi(value().c_str()));
    } else if (a == "--lo-runs") {
      o.lo_runs = std::max(1, std::atoi(value().c_str()));
    } else if (a == "--samples") {
      o.samples = std::max(1, std::atoi(value().c_str()));
    } else if (a == "--no-pictures") {
      o.pictures = false;
    } else if (a == "--no-print-copies") {
      o.print_copies = false;
    } else if (a == "--no-libreoffice") {
      o.libreoffice = false;
    } else if (a == "--out") {
      o.out = value();
    } else if (a == "--json") {
      o.json = value();
    } else {
      std::cerr << "usage: tidu_documents_bench [--runs N] [--warmup N] [--lo-runs N] "
                   "[--samples N] [--no-pictures] [--no-print-copies] [--no-libreoffice] "
                   "[--out DIR] [--json FILE]\n";
      return false;
    }
  }
  if (o.out.empty())
    o.out = fs::temp_directory_path() / fmt::format("tidu-documents-bench-{}", getpid());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  tidu::tune_allocator();  // as `tidu` does
  Options o;
  if (!parse(argc, argv, o)) return 2;
  fs::create_directories(o.out);
  const auto& policy = tidu::test::policy(kRound);
  const auto content = full_declaration(o.samples);
  double copies_ms = 0;
  const auto images = !o.pictures      ? tidu::documents::ImageFiles{}
                      : o.print_copies ? as_print_copies(pictures(), copies_ms)
                                       : pictures();
  const tidu::documents::SnapshotRef snapshot{
      .sha256 = kHash, .number = 1, .submitted_at = "2025-06-30T10:00:00Z"};

  // The PDF, the way a download makes it: snapshot JSON → Document → PDF.
  std::string pdf;
  std::vector<double> pdf_ms;
  std::vector<double> pdf_cpu_ms;
  for (int i = 0; i < o.warmup + o.runs; ++i) {
    const auto start = Clock::now();
    const double cpu_start = cpu_ms();
    const auto doc = tidu::documents::layout_declaration(policy, content, snapshot, images);
    auto bytes = tidu::documents::render_pdf(doc);
    const double ms = ms_since(start);
    if (i >= o.warmup) pdf_cpu_ms.push_back(cpu_ms() - cpu_start);
    if (!bytes) {
      std::cerr << "PDF failed: " << bytes.error().message << '\n';
      return 2;
    }
    if (i >= o.warmup) pdf_ms.push_back(ms);
    pdf = std::move(*bytes);
  }
  const auto p = stats_of(pdf_ms);
  const auto c = stats_of(pdf_cpu_ms);

  std::vector<double> docx_ms;
  std::string docx;
  for (int i = 0; i < std::max(1, o.runs / 3); ++i) {
    const auto start = Clock::now();
    const auto doc = tidu::documents::layout_declaration(policy, content, snapshot, images);
    auto bytes = tidu::documents::render_docx(doc);
    docx_ms.push_back(ms_since(start));
    if (!bytes) {
      std::cerr << "DOCX failed: " << bytes.error().message << '\n';
      return 2;
    }
    docx = std::move(*bytes);
  }
  const auto w = stats_of(docx_ms);
  const auto pdf_path = o.out / "fj-2025-advanced-full.pdf";
  const auto docx_path = o.out / "fj-2025-advanced-full.docx";
  write(pdf_path, pdf);
  write(docx_path, docx);

  const int scenarios = static_cast<int>(content["scenarios"].size());
  std::printf("Documents benchmark: full 申报书 of %s (%d scenario instances, %zu pictures%s)\n",
              kRound, scenarios, images.size(),
              images.empty() || !o.print_copies ? "" : " as print copies");
  std::printf("%-34s %9s %9s %9s %9s %6s %9s\n", "", "median", "p90", "min", "max", "pages",
              "bytes");
  std::printf("%-34s %6.1f ms %6.1f ms %6.1f ms %6.1f ms %6d %9zu\n",
              fmt::format("tidu PDF ({} runs)", o.runs).c_str(), p.median, p.p90, p.min, p.max,
              pdf_pages(pdf), pdf.size());
  std::printf("%-34s %6.1f ms %6.1f ms %6.1f ms %6.1f ms\n", "  the same, CPU time", c.median,
              c.p90, c.min, c.max);
  std::printf("%-34s %6.1f ms %6.1f ms %6.1f ms %6.1f ms %6s %9zu\n",
              fmt::format("tidu DOCX ({} runs)", docx_ms.size()).c_str(), w.median, w.p90, w.min,
              w.max, "", docx.size());

  nlohmann::json report = {
      {"round", kRound},
      {"scenario_instances", scenarios},
      {"pictures", images.size()},
      {"target_ms", kTargetMs},
      {"pdf",
       {{"runs", o.runs},
        {"warmup", o.warmup},
        {"median_ms", p.median},
        {"p90_ms", p.p90},
        {"min_ms", p.min},
        {"max_ms", p.max},
        {"cpu_median_ms", c.median},
        {"cpu_min_ms", c.min},
        {"pages", pdf_pages(pdf)},
        {"bytes", pdf.size()}}},
      {"docx", {{"runs", docx_ms.size()}, {"median_ms", w.median}, {"bytes", docx.size()}}}};
  if (!images.empty() && o.print_copies) {
    std::printf("%-34s %6.1f ms  (once per picture, at upload)\n",
                fmt::format("print copies of the {} pictures", images.size()).c_str(), copies_ms);
    report["print_copies_ms"] = copies_ms;
  }
  report["print_copies"] = o.print_copies;

  if (o.libreoffice) {
    const auto profile = fs::temp_directory_path() / fmt::format("tidu-bench-lo-{}", getpid());
    fs::remove_all(profile);
    const auto lo_dir = o.out / "libreoffice";
    fs::create_directories(lo_dir);
    const double cold = convert_once(docx_path, lo_dir, profile);
    std::vector<double> warm_ms;
    for (int i = 0; i < o.lo_runs && cold >= 0; ++i) {
      const double ms = convert_once(docx_path, lo_dir, profile);
      if (ms < 0) break;
      warm_ms.push_back(ms);
    }
    fs::remove_all(profile);
    if (cold < 0 || warm_ms.empty()) {
      std::printf("LibreOffice: conversion failed (is `libreoffice` installed?)\n");
      report["libreoffice"] = {{"failed", true}};
    } else {
      const auto l = stats_of(warm_ms);
      std::printf("%-34s %6.0f ms %9s %9s %9s\n", "LibreOffice DOCX→PDF, cold profile", cold, "",
                  "", "");
      std::printf("%-34s %6.0f ms %6.0f ms %6.0f ms %6.0f ms\n",
                  fmt::format("LibreOffice DOCX→PDF, warm ({} runs)", warm_ms.size()).c_str(),
                  l.median, l.p90, l.min, l.max);
      std::printf("Ratio LibreOffice / tidu (median PDF): warm %.0f×, cold %.0f×\n",
                  l.median / p.median, cold / p.median);
      report["libreoffice"] = {{"cold_ms", cold},
                               {"warm_runs", warm_ms.size()},
                               {"warm_median_ms", l.median},
                               {"warm_min_ms", l.min},
                               {"ratio_warm", l.median / p.median},
                               {"ratio_cold", cold / p.median}};
    }
  }
  const bool pass = p.median <= kTargetMs;
  std::printf("%s: median PDF %.1f ms (CPU %.1f ms) against the target of ≤ %.0f ms\n",
              pass ? "PASS" : "FAIL", p.median, c.median, kTargetMs);
  std::printf("Files: %s, %s\n", pdf_path.c_str(), docx_path.c_str());
  report["pass"] = pass;
  if (!o.json.empty()) {
    std::ofstream out(o.json, std::ios::trunc);
    out << report.dump(2) << '\n';
  }
  return pass ? 0 : 1;
}
