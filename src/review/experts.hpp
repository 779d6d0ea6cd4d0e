#pragma once
// Expert review panels: who may not review a declaration and why, automatic assignment of a
// conflict-free, load-balanced panel to each declaration, replacement of an expert who declares a
// conflict, and the check of a hand-adjusted panel. Pure: the caller loads and stores.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace tidu::review {

/// Smallest and largest panel an assignment accepts.
inline constexpr int kMinPanelSize = 1;
inline constexpr int kMaxPanelSize = 15;

/// One expert of the province's pool.
struct Expert {
  std::string id;
  std::string name;
  std::string employer;
  std::vector<std::string> specialities;  ///< free text or GB/T 4754 codes ("C35", "C3511")
  std::string region;                     ///< region code, e.g. 350102
  std::string city;  ///< city-level region code of the expert, e.g. 350100; empty = unknown
  int capacity = 0;  ///< most declarations the expert reviews in the round; 0 or less = no cap
  std::vector<std::string> declared_conflicts;  ///< declaration ids the expert declared conflicts
};

/// A declaration needing a panel, with the facts the conflict rules read.
struct Candidate {
  std::string declaration_id;
  std::string enterprise_name;
  std::string credit_code;
  std::string city;                          ///< city-level region code
  std::string industry;                      ///< GB/T 4754 code ("C3511"), may be empty
  std::vector<std::string> related_parties;  ///< integrators and suppliers named in it
};

/// The round's conflict-of-interest rules beyond those that always apply.
struct ConflictPolicy {
  bool same_city = false;  ///< true when the round forbids experts from the declaration's city
};

/// Why an expert may not review a declaration.
enum class ConflictKind {
  kSameEnterprise,  ///< the expert works for the declaring enterprise
  kSameEmployer,    ///< two experts of one panel share an employer (a panel constraint)
  kRelatedParty,    ///< the expert works for an integrator or supplier named in the declaration
  kSameCity,        ///< the round forbids experts of the declaration's city
  kDeclared         ///< the expert declared a conflict with the declaration
};

/// "same_enterprise", "same_employer", "related_party", "same_city", "declared".
std::string_view conflict_kind_id(ConflictKind kind);

/// One conflict with its reason for people.
struct Conflict {
  ConflictKind kind = ConflictKind::kDeclared;
  std::string reason;  ///< Chinese, e.g. 专家工作单位“X”与申报企业相同
};

/// A unit's name as the conflict rules compare it: surrounding whitespace (ASCII and the
/// full-width space) trimmed and full-width parentheses （） turned into (). Nothing else is
/// changed, so "X有限公司" and "X股份有限公司" stay different names.
std::string normalise_unit_name(std::string_view name);

/// Every conflict between the expert and the declaration, in the order of ConflictKind; empty
/// when the expert may review it. Empty names and city codes never match anything.
std::vector<Conflict> conflicts_of(const Expert& expert, const Candidate& candidate,
                                   const ConflictPolicy& policy);

/// The experts reviewing one declaration.
struct Assignment {
  std::string declaration_id;
  std::vector<std::string> expert_ids;
};

/// The panels of a round's declarations.
struct AssignmentPlan {
  std::vector<Assignment> assignments;
  std::vector<std::string> unfilled;  ///< declarations that could not get a full panel
  std::map<std::string, int> load;    ///< expert id -> declarations assigned (every pool expert)
};

/// Assigns `panel_size` experts to every candidate without a fixed panel. A panel avoids every
/// conflict, never holds two experts of the same (normalised, non-empty) employer and respects
/// each expert's capacity. Greedy: declarations with the fewest eligible experts go first (ties:
/// declaration id); each takes eligible experts by lowest current load, then a speciality that is
/// a prefix of the candidate's industry code, then expert id. A declaration that cannot get a full
/// panel gets none and is listed in `unfilled`. `fixed` panels are kept as they are, unchecked,
/// and count toward load. Assignments list the fixed panels first, then the new ones in candidate
/// order, each panel's expert ids sorted. Fails with PANEL_SIZE_INVALID (size outside 1…15),
/// DECLARATION_DUPLICATE or EXPERT_DUPLICATE.
Result<AssignmentPlan> assign_panels(const std::vector<Candidate>& candidates,
                                     const std::vector<Expert>& experts, int panel_size,
                                     const ConflictPolicy& policy,
                                     const std::vector<Assignment>& fixed = {});

/// The best replacement for `leaving_expert_id` on the candidate's panel in `plan`: conflict-free,
/// with room under its capacity, not on the panel, not of the same employer as a remaining member;
/// chosen by lowest load, then speciality match, then id. Fails with PANEL_NOT_FOUND,
/// EXPERT_NOT_ON_PANEL or NO_REPLACEMENT_EXPERT (the message counts why each expert was ruled out).
Result<std::string> replace_expert(const AssignmentPlan& plan, const Candidate& candidate,
                                   std::string_view leaving_expert_id,
                                   const std::vector<Expert>& experts,
                                   const ConflictPolicy& policy);

/// Every reason, in Chinese, why a hand-adjusted panel for the candidate is not acceptable: an
/// empty panel, another declaration's panel, unknown or repeated expert ids, each expert's
/// conflicts and each pair of experts of the same employer. Empty when the panel is fine.
std::vector<std::string> check_panel(const Assignment& panel, const Candidate& candidate,
                                     const std::vector<Expert>& experts,
                                     const ConflictPolicy& policy);

}  // namespace tidu::review
