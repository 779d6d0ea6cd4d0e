#pragma once
// A national-scale synthetic dataset for tests and benchmarks (`tidu generate`): enterprises in
// real region codes with valid 统一社会信用代码, GB/T 4754 manufacturing industries, three years of
// plausible financials, maturity assessments (some assessed twice), and declarations in the
// shipped rounds, each built by make_sample for its round with the enterprise's own profile,
// its own numbers and its own Chinese text. A controlled share of declarations carries one
// scenario passage copied (verbatim or lightly edited) from another enterprise's declaration in
// the same round; `planted()` lists them, so the copied-text check can be held to them.
//
// Pure and deterministic: item i depends only on the options and i, so a dataset of millions of
// rows is produced one row at a time without holding it.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalogue/catalogue.hpp"
#include "core/error.hpp"
#include "declaration/declaration.hpp"
#include "rounds/round.hpp"

namespace tidu::demo {

struct GenerateOptions {
  std::size_t enterprises = 200'000;
  std::size_t declarations = 60'000;  ///< at most `enterprises`: one per enterprise
  /// Share of declarations with one scenario passage copied from another's (0 to 0.5).
  double copied_share = 0.02;
  std::uint64_t seed = 2026;
};

struct GeneratedAssessment {
  int level = 0;
  double score = 0;
  std::string assessed_on;  ///< YYYY-MM-DD
};

struct GeneratedEnterprise {
  std::string id;  ///< "gen-e-0000001"
  declaration::Enterprise profile;
  bool above_scale = false;  ///< the latest year's 主营业务收入 ≥ 2000 万元
  std::vector<GeneratedAssessment> assessments;  ///< oldest first
};

struct GeneratedDeclaration {
  std::string id;  ///< "gen-d-0000001"
  std::size_t enterprise = 0;
  std::string round_id;
  bool submitted = true;  ///< otherwise a draft
  declaration::Declaration content;
};

/// One planted copy: the field of `copy` holds the text the same field of `origin` was written
/// with (edited when `edited`).
struct PlantedCopy {
  std::size_t origin = 0;  ///< declaration numbers
  std::size_t copy = 0;
  std::string field;  ///< "$.scenarios[2].solution"
  bool edited = false;
};

class Generator {
 public:
  /// GENERATE_OPTIONS for options out of range; GENERATE_NO_ROUND when no round has a policy.
  static Result<Generator> make(const catalogue::Catalogue& catalogue,
                                const rounds::RoundSet& rounds, GenerateOptions options);

  [[nodiscard]] const GenerateOptions& options() const { return options_; }
  [[nodiscard]] GeneratedEnterprise enterprise(std::size_t i) const;
  [[nodiscard]] GeneratedDeclaration declaration(std::size_t i) const;
  /// Every planted copy, by copy number. Only submitted declarations are copied or copied from.
  [[nodiscard]] std::vector<PlantedCopy> planted() const;
  /// The round ids declarations are spread over.
  [[nodiscard]] const std::vector<std::string>& round_ids() const { return round_ids_; }

 private:
  struct Plant {
    bool planted = false;
    std::size_t origin = 0;
    std::size_t scenario = 0;
    std::string_view key;
    bool edited = false;
  };
  Generator(const catalogue::Catalogue& catalogue, const rounds::RoundSet& rounds,
            GenerateOptions options);
  [[nodiscard]] Plant plant_of(std::size_t declaration) const;
  [[nodiscard]] bool drawn_for_copy(std::size_t declaration) const;
  [[nodiscard]] std::string original_text(std::size_t declaration, const std::string& path,
                                          std::optional<std::size_t> limit) const;
  [[nodiscard]] bool submitted(std::size_t declaration) const;
  [[nodiscard]] std::string region_of(std::size_t enterprise) const;

  const catalogue::Catalogue& catalogue_;
  const rounds::RoundSet& rounds_;
  GenerateOptions options_;
  std::vector<std::string> round_ids_;
  std::vector<std::vector<std::string>> round_leaves_;  ///< regions to place each round's entrants
  std::vector<std::string> all_leaves_;
  std::vector<std::string> divisions_;               ///< manufacturing 大类 (13–43)
  std::vector<declaration::Declaration> templates_;  ///< make_sample of each round
};

/// `text` with every `every`-th CJK character replaced by a different one (an edited copy).
std::string lightly_edited(const std::string& text, std::size_t every, std::uint64_t seed);

}  // namespace tidu::demo
