// Fuzz target: a declaration's JSON text, read as `tidu check` and the API read it
// (declaration::parse_declaration), then checked by every rule (rules::check) against each
// shipped round's policy, with the registry facts read from the same document's
// recognitions and titles (rules::registry_from_json). Invariant: what to_json writes reads back
// without a structural problem and writes the same JSON again.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include <nlohmann/json.hpp>

#include "declaration/json_io.hpp"
#include "rules/checker.hpp"
#include "rules/findings_json.hpp"
#include "rules/registry_json.hpp"
#include "support/world.hpp"

namespace {

using nlohmann::json;

// 2025-06-01T04:00:00Z: the time a declaration without a cover date is judged at.
constexpr tidu::time::Instant kFallbackNow{std::chrono::seconds{1748750400}};

/// Registry facts shaped from the document's own enterprise.recognitions and .titles, so that the
/// registry reader and the rules that compare registry and declaration see related values.
tidu::rules::RegistryFacts registry_of(std::string_view text, bool blacklisted) {
  tidu::rules::RegistryFacts facts;
  const json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_object() && j.contains("enterprise") && j["enterprise"].is_object()) {
    const json& e = j["enterprise"];
    json registry = json::object();
    if (e.contains("recognitions")) registry["recognitions"] = e["recognitions"];
    if (e.contains("titles")) registry["titles"] = e["titles"];
    registry["blacklisted"] = blacklisted;
    if (auto read = tidu::rules::registry_from_json(registry)) facts = std::move(*read);
  }
  facts.blacklisted = blacklisted;
  if (blacklisted) facts.blacklist_source = "fuzz";
  return facts;
}

[[noreturn]] void invariant_failed(const char* what) {
  std::fprintf(stderr, "invariant failed: %s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  (void)tidu::test::rounds();  // load data/ before the first input, not inside it
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = tidu::declaration::parse_declaration(text);
  if (!parsed) return 0;  // invalid JSON: an error value, nothing to check
  const auto& declaration = parsed->declaration;

  // Written and read back, a declaration is the same document (save and reopen a draft).
  const json written = tidu::declaration::to_json(declaration);
  auto again = tidu::declaration::parse_declaration(written.dump());
  if (!again) invariant_failed("to_json output is not readable JSON");
  for (const auto& p : again->problems) {
    if (p.path != "$.format") invariant_failed("to_json output reads back with a problem");
  }
  if (tidu::declaration::to_json(again->declaration) != written)
    invariant_failed("to_json output reads back as a different declaration");

  const auto registry = registry_of(text, size % 2 == 1);
  const auto now = tidu::rules::default_check_time(declaration, kFallbackNow);
  for (const auto& [id, policy] : tidu::test::rounds().policies) {
    const auto report = tidu::rules::check({declaration, policy, registry, now, &parsed->problems});
    // `tidu check --json` dumps strictly: a finding must not carry invalid UTF-8.
    (void)tidu::rules::to_json(report, policy).dump(2);
  }
  return 0;
}
