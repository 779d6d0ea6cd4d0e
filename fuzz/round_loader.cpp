// Fuzz target: a policy data file of the rounds side as YAML text (core/yaml_reader), read by
// its `kind` as rounds::load_rounds and load_review_library read it: a round (checked against
// the shipped forms, review library and catalogue by rounds::check_round_text, and when it has
// no fault loaded in full by rounds::load_rounds as an administrator's revision), a form
// template, a score sheet, an on-site checklist or a working-day calendar.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

#include "core/calendar.hpp"
#include "core/yaml_reader.hpp"
#include "rounds/loader.hpp"
#include "support/world.hpp"

namespace {

using tidu::data::Cursor;

const std::string kName = "fuzz.yaml";

/// A data directory with the shipped forms and review library and no rounds, so that loading a
/// revision reads only what the round needs (not the four shipped rounds). Made once in the
/// temporary directory, named after the checkout's data/, and reused.
std::filesystem::path data_dir() {
  const std::filesystem::path data = TIDU_DEFAULT_DATA_DIR;
  const auto dir = std::filesystem::temp_directory_path() /
                   ("tidu-fuzz-round-data-" + std::to_string(std::hash<std::string>{}(data)));
  std::filesystem::create_directories(dir / "rounds");
  for (const char* sub : {"forms", "review"}) {
    std::error_code ec;
    std::filesystem::create_directory_symlink(data / sub, dir / sub, ec);  // exists: kept
  }
  return dir;
}

void read_round(std::string_view text) {
  const auto& catalogue = tidu::test::catalogue();
  std::string id;
  const auto faults =
      tidu::rounds::check_round_text(text, kName, tidu::test::rounds(), catalogue, &id);
  if (!faults.empty()) return;
  // A round that check_round_text passes must load (with the shipped forms and review library).
  static const auto dir = data_dir();
  auto set = tidu::rounds::load_rounds(dir, catalogue, {}, {{kName, std::string(text)}});
  if (!set) {
    std::fprintf(stderr, "check_round_text passed a round load_rounds refuses:\n%s\n",
                 set.error().message.c_str());
    std::abort();
  }
}

void read_calendar(const Cursor& root) {
  const auto calendar = tidu::calendar::read_calendar(root);
  if (!root.sink().ok()) return;
  using std::chrono::January;
  using std::chrono::year;
  for (const auto& [y, schedule] : calendar.years()) {
    const tidu::calendar::Date start = year{y} / January / 1;
    (void)calendar.is_working_day(start);
    (void)calendar.add_working_days(start, 10);
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  (void)tidu::test::rounds();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto doc = tidu::data::load_yaml_text(text, kName);
  if (!doc) return 0;  // a syntax error, reported with its position
  const Cursor root = doc->cursor();
  const std::string kind = root.string_or("kind", "");
  if (kind == "round") {
    read_round(text);
  } else if (kind == "form_template") {
    (void)tidu::rounds::read_form(root);
  } else if (kind == "score_sheet") {
    (void)tidu::rounds::read_score_sheet(root);
  } else if (kind == "onsite_checklist") {
    (void)tidu::rounds::read_checklist(root);
  } else if (kind == "working_day_calendar") {
    read_calendar(root);
  } else {
    // Anything else is read as a round, the document administrators upload.
    read_round(text);
  }
  for (const auto& fault : doc->sink->faults()) (void)tidu::data::describe(fault);
  return 0;
}
