// Fuzz target: a catalogue data file as YAML text (core/yaml_reader), added by its `kind` as
// catalogue::load_catalogue adds it (catalogue::add_document: scenario guides, 要素条件, KPI
// references, size classes, industry classifications, coarse industry lists, title kinds) to a
// catalogue holding the shipped 要素条件 editions, then cross-checked (catalogue::cross_check).
// Region CSV files, the catalogue's other input, are fuzzed by csv_import.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "catalogue/loader.hpp"
#include "core/yaml_reader.hpp"
#include "support/world.hpp"

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  (void)tidu::test::catalogue();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto doc = tidu::data::load_yaml_text(text, "fuzz.yaml");
  if (!doc) return 0;  // a syntax error, reported with its position
  // A guide is cross-checked against the 要素条件 edition it names: keep the shipped ones.
  tidu::catalogue::Catalogue catalogue;
  catalogue.requirements = tidu::test::catalogue().requirements;
  tidu::catalogue::add_document(catalogue, doc->cursor());
  for (const auto& fault : doc->sink->faults()) (void)tidu::data::describe(fault);
  const auto cross = tidu::catalogue::cross_check(catalogue);
  for (const auto& fault : cross) (void)tidu::data::describe(fault);
  if (!doc->sink->ok() || !cross.empty()) return 0;
  // A file without a fault loads: look it up as the checker and the statistics do.
  for (const auto& [edition, guide] : catalogue.guides) {
    for (const auto& s : guide.scenarios) {
      (void)guide.scenario(s.number);
      (void)guide.link_of(s);
      (void)guide.find_scenario(s.name);
    }
  }
  for (const auto& [edition, sizes] : catalogue.sizes) {
    (void)sizes.classify(0, 0);
    (void)sizes.classify(1'000'000, 1e12);
  }
  for (const auto& [edition, kpis] : catalogue.kpis) {
    for (const auto& kpi : kpis.indicators) {
      (void)kpis.find(kpi.number);
      (void)kpis.category_name(kpi.category, edition);
    }
  }
  return 0;
}
