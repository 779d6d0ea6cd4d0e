#include "import_checks.hpp"

#include <span>

#include "imports/assessments.hpp"
#include "imports/directory.hpp"
#include "imports/regions.hpp"
#include "imports/scope.hpp"
#include "review/blacklist.hpp"
#include "support/world.hpp"

namespace tidu::fuzz {
namespace {

template <class Entry>
void report(const table::Parsed<Entry>& file) {
  (void)table::problems_json(file.problems);
  if (!file.problems.empty()) {
    (void)table::import_invalid("fuzz", std::span(file.problems).first(1), file.problems.size(),
                                file.rows);
  }
}

}  // namespace

void load_import_world() { (void)test::catalogue(); }

void check_as_every_kind(const Result<table::Table>& table) {
  const auto& catalogue = test::catalogue();
  report(review::parse_blacklist(table));
  report(imports::parse_regions(table, catalogue.regions));
  for (const imports::Scope& scope :
       {imports::Scope{}, imports::Scope{"350000", &catalogue.regions}}) {
    report(imports::parse_directory(table, catalogue, scope));
    report(imports::parse_assessments(table, catalogue.regions, scope, "2025-06-01"));
  }
}

}  // namespace tidu::fuzz
