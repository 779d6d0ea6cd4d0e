#include "review/experts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstddef>
#include <set>
#include <tuple>
#include <utility>

namespace tidu::review {
namespace {

constexpr std::string_view kFullWidthSpace = "\u3000";
constexpr std::string_view kFullWidthOpen = "\uFF08";
constexpr std::string_view kFullWidthClose = "\uFF09";

bool is_ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view trim(std::string_view s) {
  while (true) {
    if (!s.empty() && is_ascii_space(s.front())) {
      s.remove_prefix(1);
    } else if (s.starts_with(kFullWidthSpace)) {
      s.remove_prefix(kFullWidthSpace.size());
    } else {
      break;
    }
  }
  while (true) {
    if (!s.empty() && is_ascii_space(s.back())) {
      s.remove_suffix(1);
    } else if (s.ends_with(kFullWidthSpace)) {
      s.remove_suffix(kFullWidthSpace.size());
    } else {
      break;
    }
  }
  return s;
}

/// "张三（e1）".
std::string label(const Expert& e) { return fmt::format("{}（{}）", e.name, e.id); }

/// True when one of the expert's specialities is a prefix of the industry code, with or without
/// the code's section letter ("C35" and "35" both match "C3511").
bool speciality_matches(const Expert& e, std::string_view industry) {
  industry = trim(industry);
  if (industry.empty()) return false;
  std::string_view digits = industry;
  if (digits.front() >= 'A' && digits.front() <= 'Z') digits.remove_prefix(1);
  return std::ranges::any_of(e.specialities, [&](const std::string& raw) {
    const std::string_view s = trim(raw);
    return !s.empty() && (industry.starts_with(s) || digits.starts_with(s));
  });
}

int load_of(const std::map<std::string, int>& load, const std::string& id) {
  const auto it = load.find(id);
  return it == load.end() ? 0 : it->second;
}

bool has_room(const Expert& e, const std::map<std::string, int>& load) {
  return e.capacity <= 0 || load_of(load, e.id) < e.capacity;
}

/// The order in which eligible experts are taken: lowest load, speciality match, id.
auto preference(const Expert& e, const std::map<std::string, int>& load,
                std::string_view industry) {
  return std::make_tuple(load_of(load, e.id), !speciality_matches(e, industry),
                         std::string_view(e.id));
}

/// The pool sorted by id, so every scan is deterministic whatever the input order.
std::vector<const Expert*> sorted_pool(const std::vector<Expert>& experts) {
  std::vector<const Expert*> pool;
  pool.reserve(experts.size());
  for (const auto& e : experts) pool.push_back(&e);
  std::ranges::sort(pool, {}, [](const Expert* e) { return std::string_view(e->id); });
  return pool;
}

const Expert* find_expert(const std::vector<Expert>& experts, std::string_view id) {
  const auto it = std::ranges::find(experts, id, &Expert::id);
  return it == experts.end() ? nullptr : &*it;
}

}  // namespace

std::string_view conflict_kind_id(ConflictKind kind) {
  switch (kind) {
    case ConflictKind::kSameEnterprise:
      return "same_enterprise";
    case ConflictKind::kSameEmployer:
      return "same_employer";
    case ConflictKind::kRelatedParty:
      return "related_party";
    case ConflictKind::kSameCity:
      return "same_city";
    case ConflictKind::kDeclared:
      return "declared";
  }
  return "unknown";
}

std::string normalise_unit_name(std::string_view name) {
  const std::string_view trimmed = trim(name);
  std::string out;
  out.reserve(trimmed.size());
  for (std::size_t i = 0; i < trimmed.size();) {
    const std::string_view rest = trimmed.substr(i);
    if (rest.starts_with(kFullWidthOpen)) {
      out += '(';
      i += kFullWidthOpen.size();
    } else if (rest.starts_with(kFullWidthClose)) {
      out += ')';
      i += kFullWidthClose.size();
    } else {
      out += trimmed[i];
      ++i;
    }
  }
  return out;
}

std::vector<Conflict> conflicts_of(const Expert& expert, const Candidate& candidate,
                                   const ConflictPolicy& policy) {
  std::vector<Conflict> out;
  const std::string employer = normalise_unit_name(expert.employer);
  if (!employer.empty()) {
    if (employer == normalise_unit_name(candidate.enterprise_name)) {
      out.push_back({ConflictKind::kSameEnterprise,
                     fmt::format("专家工作单位“{}”与申报企业相同", expert.employer)});
    }
    const auto party = std::ranges::find_if(candidate.related_parties, [&](const std::string& p) {
      return normalise_unit_name(p) == employer;
    });
    if (party != candidate.related_parties.end()) {
      out.push_back({ConflictKind::kRelatedParty,
                     fmt::format("专家工作单位“{}”是申报书所列的集成商或供应商", expert.employer)});
    }
  }
  if (policy.same_city && !expert.city.empty() && expert.city == candidate.city) {
    out.push_back(
        {ConflictKind::kSameCity,
         fmt::format("专家与申报企业同属地区 {}，本批次要求回避同城专家", candidate.city)});
  }
  if (std::ranges::find(expert.declared_conflicts, candidate.declaration_id) !=
      expert.declared_conflicts.end()) {
    out.push_back({ConflictKind::kDeclared, "专家已声明与该申报存在利益冲突"});
  }
  return out;
}

Result<AssignmentPlan> assign_panels(const std::vector<Candidate>& candidates,
                                     const std::vector<Expert>& experts, int panel_size,
                                     const ConflictPolicy& policy,
                                     const std::vector<Assignment>& fixed) {
  if (panel_size < kMinPanelSize || panel_size > kMaxPanelSize) {
    return fail("PANEL_SIZE_INVALID", fmt::format("每个专家组应有 {}～{} 位专家，当前设置为 {} 位",
                                                  kMinPanelSize, kMaxPanelSize, panel_size));
  }
  const auto pool = sorted_pool(experts);
  for (std::size_t i = 1; i < pool.size(); ++i) {
    if (pool[i]->id == pool[i - 1]->id)
      return fail("EXPERT_DUPLICATE", fmt::format("专家库中专家编号 {} 重复出现", pool[i]->id));
  }
  std::set<std::string_view> seen;
  for (const auto& a : fixed) {
    if (!seen.insert(a.declaration_id).second) {
      return fail("DECLARATION_DUPLICATE",
                  fmt::format("申报 {} 有不止一个手工指定的专家组", a.declaration_id));
    }
  }
  const std::set<std::string_view> fixed_ids = seen;
  seen.clear();
  for (const auto& c : candidates) {
    if (!seen.insert(c.declaration_id).second) {
      return fail("DECLARATION_DUPLICATE",
                  fmt::format("待分配的申报中 {} 重复出现", c.declaration_id));
    }
  }

  AssignmentPlan plan;
  for (const auto* e : pool) plan.load[e->id] = 0;
  for (const auto& a : fixed) {
    plan.assignments.push_back(a);
    for (const auto& id : a.expert_ids) ++plan.load[id];
  }

  // Conflict-free experts of each open candidate, and the order to fill them in.
  std::vector<std::vector<const Expert*>> free_of_conflict(candidates.size());
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (fixed_ids.contains(candidates[i].declaration_id)) continue;
    for (const auto* e : pool)
      if (conflicts_of(*e, candidates[i], policy).empty()) free_of_conflict[i].push_back(e);
    order.push_back(i);
  }
  std::vector<std::size_t> eligible_count(candidates.size(), 0);
  for (const auto i : order) {
    eligible_count[i] = static_cast<std::size_t>(std::ranges::count_if(
        free_of_conflict[i], [&](const Expert* e) { return has_room(*e, plan.load); }));
  }
  std::ranges::sort(order, [&](std::size_t a, std::size_t b) {
    return std::tie(eligible_count[a], candidates[a].declaration_id) <
           std::tie(eligible_count[b], candidates[b].declaration_id);
  });

  std::vector<std::vector<std::string>> panels(candidates.size());
  std::vector<bool> filled(candidates.size(), false);
  for (const auto i : order) {
    const auto& candidate = candidates[i];
    std::vector<const Expert*> eligible;
    for (const auto* e : free_of_conflict[i])
      if (has_room(*e, plan.load)) eligible.push_back(e);
    std::ranges::sort(eligible, {}, [&](const Expert* e) {
      return preference(*e, plan.load, candidate.industry);
    });
    std::vector<const Expert*> chosen;
    std::set<std::string> employers;
    for (const auto* e : eligible) {
      if (std::cmp_greater_equal(chosen.size(), panel_size)) break;
      const std::string employer = normalise_unit_name(e->employer);
      if (!employer.empty() && !employers.insert(employer).second) continue;
      chosen.push_back(e);
    }
    if (std::cmp_less(chosen.size(), panel_size)) continue;
    for (const auto* e : chosen) {
      ++plan.load[e->id];
      panels[i].push_back(e->id);
    }
    std::ranges::sort(panels[i]);
    filled[i] = true;
  }

  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (fixed_ids.contains(candidates[i].declaration_id)) continue;
    if (filled[i]) {
      plan.assignments.push_back({candidates[i].declaration_id, std::move(panels[i])});
    } else {
      plan.unfilled.push_back(candidates[i].declaration_id);
    }
  }
  return plan;
}

Result<std::string> replace_expert(const AssignmentPlan& plan, const Candidate& candidate,
                                   std::string_view leaving_expert_id,
                                   const std::vector<Expert>& experts,
                                   const ConflictPolicy& policy) {
  const auto panel =
      std::ranges::find(plan.assignments, candidate.declaration_id, &Assignment::declaration_id);
  if (panel == plan.assignments.end()) {
    return fail("PANEL_NOT_FOUND", fmt::format("申报 {} 尚未分配专家组", candidate.declaration_id));
  }
  if (std::ranges::find(panel->expert_ids, leaving_expert_id) == panel->expert_ids.end()) {
    return fail("EXPERT_NOT_ON_PANEL", fmt::format("专家 {} 不在申报 {} 的专家组中",
                                                   leaving_expert_id, candidate.declaration_id));
  }
  std::set<std::string> employers;  // of the members who stay
  for (const auto& id : panel->expert_ids) {
    if (id == leaving_expert_id) continue;
    if (const auto* e = find_expert(experts, id)) {
      const std::string employer = normalise_unit_name(e->employer);
      if (!employer.empty()) employers.insert(employer);
    }
  }

  int others = 0;
  int conflicted = 0;
  int full = 0;
  int same_employer = 0;
  const Expert* best = nullptr;
  for (const auto* e : sorted_pool(experts)) {
    if (std::ranges::find(panel->expert_ids, e->id) != panel->expert_ids.end()) continue;
    ++others;
    if (!conflicts_of(*e, candidate, policy).empty()) {
      ++conflicted;
    } else if (!has_room(*e, plan.load)) {
      ++full;
    } else if (employers.contains(normalise_unit_name(e->employer))) {
      ++same_employer;
    } else if (best == nullptr || preference(*e, plan.load, candidate.industry) <
                                      preference(*best, plan.load, candidate.industry)) {
      best = e;
    }
  }
  if (best != nullptr) return best->id;

  if (others == 0)
    return fail("NO_REPLACEMENT_EXPERT", "没有可替换的专家：专家库中没有本专家组以外的专家");
  std::string why = fmt::format("没有可替换的专家：专家库中本专家组以外的 {} 位专家里", others);
  const auto add = [&](int n, std::string_view what) {
    if (n > 0) why += fmt::format("，{} 位{}", n, what);
  };
  add(conflicted, "与该申报存在利益冲突");
  add(full, "已达评审数量上限");
  add(same_employer, "与组内其他专家工作单位相同");
  return fail("NO_REPLACEMENT_EXPERT", why);
}

std::vector<std::string> check_panel(const Assignment& panel, const Candidate& candidate,
                                     const std::vector<Expert>& experts,
                                     const ConflictPolicy& policy) {
  std::vector<std::string> out;
  if (panel.declaration_id != candidate.declaration_id) {
    out.push_back(fmt::format("专家组属于申报 {}，不是申报 {}", panel.declaration_id,
                              candidate.declaration_id));
  }
  if (panel.expert_ids.empty()) out.emplace_back("专家组中没有专家");
  std::vector<const Expert*> members;
  std::set<std::string_view> seen;
  for (const auto& id : panel.expert_ids) {
    if (!seen.insert(id).second) {
      out.push_back(fmt::format("专家 {} 在专家组中重复出现", id));
      continue;
    }
    const auto* e = find_expert(experts, id);
    if (e == nullptr) {
      out.push_back(fmt::format("专家 {} 不在专家库中", id));
      continue;
    }
    members.push_back(e);
    for (const auto& c : conflicts_of(*e, candidate, policy))
      out.push_back(fmt::format("专家{}：{}", label(*e), c.reason));
  }
  for (std::size_t i = 0; i < members.size(); ++i) {
    const std::string employer = normalise_unit_name(members[i]->employer);
    if (employer.empty()) continue;
    for (std::size_t j = i + 1; j < members.size(); ++j) {
      if (normalise_unit_name(members[j]->employer) == employer) {
        out.push_back(fmt::format("专家{}与专家{}工作单位相同（“{}”），不能在同一专家组",
                                  label(*members[i]), label(*members[j]), members[i]->employer));
      }
    }
  }
  return out;
}

}  // namespace tidu::review
