#include "service/declarations.hpp"

#include "service/groups.hpp"
#include "service/registry.hpp"
#include "service/reviews.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <ranges>
#include <string>
#include <unordered_map>

#include "declaration/json_io.hpp"
#include "documents/print_copy.hpp"
#include "files/names.hpp"
#include "files/sniff.hpp"
#include "rules/checker.hpp"
#include "rules/findings_json.hpp"
#include "security/digest.hpp"
#include "service/accounts.hpp"

namespace tidu::service {
namespace {

using nlohmann::json;
using storage::Database;
using storage::Row;

namespace sql {
/// A declaration's short columns (column 13, once the draft, is empty: the draft is in
/// declaration_drafts and declaration_sections since migration 019).
constexpr const char* kListColumns =
    "d.id, d.enterprise_id, e.name, e.credit_code, e.region, d.round_id, d.state, "
    "COALESCE(d.level, ''), d.version, d.snapshot_number, COALESCE(d.created_at, ''), "
    "d.updated_at, COALESCE(d.submitted_at, ''), '', COALESCE(d.group_id, '')";
constexpr const char* kColumns = kListColumns;
constexpr const char* kFrom = " FROM declarations d JOIN enterprises e ON e.id = d.enterprise_id ";
/// kListColumns without the enterprise's table: every column is in the declarations_list index
/// (migration 018); the name and credit code are left empty for the page's rows to be given.
constexpr const char* kIndexListColumns =
    "d.id, d.enterprise_id, '', '', COALESCE(d.enterprise_region, ''), d.round_id, d.state, "
    "COALESCE(d.level, ''), d.version, d.snapshot_number, COALESCE(d.created_at, ''), "
    "d.updated_at, COALESCE(d.submitted_at, ''), '', COALESCE(d.group_id, '')";
constexpr const char* kFromDeclarations = " FROM declarations d ";
/// A page cut from the declarations_list index (p, its columns named) and only then joined with
/// its rows' enterprises for their names, in kListColumns' order: {0} the page's WHERE, ORDER BY
/// and LIMIT.
constexpr const char* kPageJoined =
    "SELECT p.id, p.enterprise_id, COALESCE(e.name, ''), COALESCE(e.credit_code, ''), "
    "COALESCE(e.region, p.region), p.round_id, p.state, p.level, p.version, p.snapshot_number, "
    "p.created_at, p.updated_at, p.submitted_at, '', p.group_id FROM (SELECT d.id AS id, "
    "d.enterprise_id AS enterprise_id, COALESCE(d.enterprise_region, '') AS region, d.round_id AS "
    "round_id, d.state AS state, COALESCE(d.level, '') AS level, d.version AS version, "
    "d.snapshot_number AS snapshot_number, COALESCE(d.created_at, '') AS created_at, d.updated_at "
    "AS updated_at, COALESCE(d.submitted_at, '') AS submitted_at, COALESCE(d.group_id, '') AS "
    "group_id FROM declarations d {}) p LEFT JOIN enterprises e ON e.id = p.enterprise_id ORDER BY "
    "p.updated_at DESC, p.id DESC";
constexpr const char* kInsert =
    "INSERT INTO declarations (id, enterprise_id, round_id, state, level, version, updated_at, "
    "created_at, enterprise_region) VALUES ($1, $2, $3, 'draft', NULL, 1, $4, $4, $5)";
constexpr const char* kInsertDraft =
    "INSERT INTO declaration_drafts (declaration_id, draft_json) VALUES ($1, $2)";
constexpr const char* kSelectDraft =
    "SELECT draft_json FROM declaration_drafts WHERE declaration_id = $1";
constexpr const char* kSelectSections =
    "SELECT section, content_json FROM declaration_sections WHERE declaration_id = $1";
constexpr const char* kSaveSection =
    "INSERT INTO declaration_sections (declaration_id, section, content_json) VALUES ($1, $2, $3) "
    "ON CONFLICT (declaration_id, section) DO UPDATE SET content_json = excluded.content_json";
constexpr const char* kBumpVersion =
    "UPDATE declarations SET version = version + 1, updated_at = $1 WHERE id = $2 AND version = $3";
constexpr const char* kMarkSubmitted =
    "UPDATE declarations SET state = 'submitted', level = $1, submitted_at = $2, "
    "snapshot_number = $3, updated_at = $2, unit_code = $7, group_id = $8 WHERE id = $4 AND "
    "version = $5 AND state = $6";
// The copied-text check waits in the backlog, written with the submission (migration 021).
constexpr const char* kQueueTextCheck =
    "INSERT INTO text_check_backlog (declaration_id, snapshot, queued_at, claimed_at, attempts, "
    "last_error) VALUES ($1, $2, $3, NULL, 0, NULL) ON CONFLICT (declaration_id) DO UPDATE SET "
    "snapshot = excluded.snapshot, queued_at = excluded.queued_at, claimed_at = NULL, "
    "attempts = 0, last_error = NULL";
constexpr const char* kInsertSnapshot =
    "INSERT INTO snapshots (declaration_id, number, sha256, content_json, submitted_at, level, "
    "submitted_by, draft_version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
constexpr const char* kSnapshotColumns =
    "number, sha256, submitted_at, COALESCE(level, ''), draft_version, COALESCE((SELECT "
    "a.display_name FROM accounts a WHERE a.id = snapshots.submitted_by), '')";
constexpr const char* kInsertEvent =
    "INSERT INTO declaration_events (id, declaration_id, at, account_id, action, from_state, "
    "to_state, level, opinion, snapshot_number, seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
    "$10, (SELECT COALESCE(MAX(seq), 0) + 1 FROM declaration_events WHERE declaration_id = $2))";
constexpr const char* kInsertNotification =
    "INSERT INTO notifications (id, level, region, declaration_id, message, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6)";
constexpr const char* kInsertFile =
    "INSERT INTO enterprise_files (enterprise_id, sha256, name, media_type, size, uploaded_by, "
    "uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (enterprise_id, sha256) DO "
    "NOTHING";
constexpr const char* kFileColumns = "sha256, name, media_type, size, uploaded_at";
}  // namespace sql

/// The unit code of the enterprise group a declaration went through ("group:" + id), or empty.
std::string group_unit(const std::string& group_id) {
  return group_id.empty() ? std::string() : std::string(access::kGroupUnitPrefix) + group_id;
}

/// Appends `values` to `params` and returns their placeholders: "$4, $5, $6".
template <class Range>
std::string bind_all(std::vector<storage::Value>& params, const Range& values) {
  std::string out;
  for (const auto& v : values) {
    params.emplace_back(v);
    out += fmt::format("{}${}", out.empty() ? "" : ", ", params.size());
  }
  return out;
}

DeclarationView view_of(const Row& r) {
  return {.id = r.get_text(0),
          .enterprise_id = r.get_text(1),
          .enterprise_name = r.get_text(2),
          .credit_code = r.get_text(3),
          .enterprise_region = r.get_text(4),
          .round_id = r.get_text(5),
          .state = r.get_text(6),
          .level = r.get_text(7),
          .version = r.get_int(8),
          .snapshot_number = r.get_int(9),
          .created_at = r.get_text(10),
          .updated_at = r.get_text(11),
          .submitted_at = r.get_text(12),
          .group = group_unit(r.get_text(14)),
          .document = json::object()};
}

SnapshotView snapshot_of(const Row& r) {
  return {.number = r.get_int(0),
          .sha256 = r.get_text(1),
          .submitted_at = r.get_text(2),
          .level = r.get_text(3),
          .draft_version = r.get_int(4),
          .submitted_by = r.get_text(5),
          .content = json::object()};
}

FileView file_of(const Row& r) {
  return {.sha256 = r.get_text(0),
          .name = r.get_text(1),
          .media_type = r.get_text(2),
          .size = r.get_int(3),
          .uploaded_at = r.get_text(4)};
}

template <class T>
Result<void> done(const Result<T>& r) {
  if (!r) return std::unexpected(r.error());
  return {};
}

/// The findings of a report as the API's details.
json findings_details(const rules::Report& report, const rounds::Policy& policy) {
  return rules::to_json(report, policy);
}

/// What the checker knows of the enterprise's earlier results: what it declares, and the
/// platform's own registry (recognitions in force and confirmed basic-tier self-evaluations).
Result<rules::RegistryFacts> registry_facts(Database& db, const declaration::Declaration& d,
                                            const std::string& enterprise_id, time::Instant now) {
  rules::RegistryFacts facts{d.enterprise.recognitions, d.enterprise.titles, false, {}};
  auto own =
      Registry::recognitions_of(db, enterprise_id, time::format_date(time::beijing_date(now)));
  if (!own) return std::unexpected(own.error());
  facts.recognitions.insert(facts.recognitions.end(), own->begin(), own->end());
  return facts;
}

/// Why the draft may not be changed, as an answer: FORBIDDEN for anyone but the declaring
/// enterprise (a reviewer or administrator who reads it has no right to change it), and
/// STATE_CONFLICT when it is the enterprise's own declaration but not open for editing.
/// What the access rules need of a declaration, from its short view.
access::DeclarationFacts facts_of(const DeclarationView& v, const rounds::RoundSet& rounds) {
  const auto round = rounds.rounds.find(v.round_id);
  return {v.enterprise_id, v.enterprise_region, v.state,
          round == rounds.rounds.end() ? nullptr : &round->second, v.group};
}

std::unexpected<Error> edit_refusal(const access::Principal& who,
                                    const access::DeclarationFacts& facts,
                                    const access::Decision& why) {
  const bool own =
      who.role == access::Role::kEnterprise && who.enterprise_id == facts.enterprise_id;
  return fail(own ? "STATE_CONFLICT" : "FORBIDDEN", why.reason);
}

}  // namespace

const std::vector<std::string>& draft_sections() {
  static const std::vector<std::string> sections = {
      "cover", "factory", "narrative", "scenarios", "appendix", "attachments", "pledge"};
  return sections;
}

struct Declarations::Loaded {
  DeclarationView view;
  json draft;
  EnterpriseRecord enterprise;
  const rounds::Round* round = nullptr;
  const rounds::Policy* policy = nullptr;

  access::DeclarationFacts facts() const {
    return {view.enterprise_id, view.enterprise_region, view.state, round, view.group};
  }
  /// The draft with the enterprise part taken from the profile.
  declaration::Declaration compose() const {
    auto read = declaration::read_declaration(draft);
    auto d = std::move(read.declaration);
    d.enterprise = enterprise.profile;
    d.round = view.round_id;
    if (policy != nullptr) d.form = policy->form->id;
    return d;
  }
};

Declarations::Declarations(storage::Pool& pool, const catalogue::Catalogue& catalogue,
                           const rounds::RoundSet& rounds, Enterprises& enterprises,
                           FileStore& files, Clock clock)
    : pool_(pool),
      catalogue_(catalogue),
      rounds_(rounds),
      enterprises_(enterprises),
      files_(files),
      clock_(std::move(clock)) {}

Result<Declarations::Loaded> Declarations::load(Database& db, const std::string& id) {
  auto rows = db.query(fmt::format("SELECT {}{}WHERE d.id = $1", sql::kColumns, sql::kFrom), {id});
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) return fail("NOT_FOUND", "申报书不存在");
  Loaded l;
  l.view = view_of((*rows)[0]);
  // The draft as first stored, then each section saved since in its place.
  auto first = db.query(sql::kSelectDraft, {id});
  if (!first) return std::unexpected(first.error());
  if (!first->empty()) l.draft = json::parse((*first)[0].get_text(0), nullptr, false);
  if (!l.draft.is_object()) l.draft = json::object();
  auto sections = db.query(sql::kSelectSections, {id});
  if (!sections) return std::unexpected(sections.error());
  for (const Row& r : *sections) {
    l.draft[r.get_text(0)] = json::parse(r.get_text(1), nullptr, false);
  }
  l.draft["format"] = declaration::kFormat;
  auto e = enterprises_.load_for_declaration(db, l.view.enterprise_id);
  if (!e) return std::unexpected(e.error());
  l.enterprise = std::move(*e);
  if (auto it = rounds_.rounds.find(l.view.round_id); it != rounds_.rounds.end()) {
    l.round = &it->second;
    l.policy = &rounds_.policies.at(it->first);
  }
  return l;
}

Result<Declarations::Loaded> Declarations::load_readable(Database& db, const access::Principal& who,
                                                         const std::string& id) {
  auto l = load(db, id);
  if (!l) return l;
  auto readable = may_read_declaration(db, who, l->facts(), catalogue_.regions, id);
  if (!readable) return std::unexpected(readable.error());
  if (!*readable) return fail("NOT_FOUND", "申报书不存在");
  l->view.document = declaration::to_json(l->compose());
  return l;
}

Result<DeclarationView> Declarations::create(const access::Principal& who,
                                             const std::string& round_id) {
  if (who.role != access::Role::kEnterprise || who.enterprise_id.empty())
    return fail("FORBIDDEN", "只有企业账号可以创建申报书");
  const auto it = rounds_.rounds.find(round_id);
  if (it == rounds_.rounds.end())
    return fail("ROUND_UNKNOWN", fmt::format("批次“{}”不存在", round_id));
  const rounds::Round& round = it->second;
  const rounds::Policy& policy = rounds_.policies.at(round_id);
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  Database& db = **lease;
  auto tx = storage::Transaction::begin(db);
  if (!tx) return std::unexpected(tx.error());
  auto e = enterprises_.load_for_declaration(db, who.enterprise_id);
  if (!e) return std::unexpected(e.error());
  if (!catalogue_.regions.within(e->region, round.region)) {
    return fail("FORBIDDEN", fmt::format("本批次面向{}的企业，贵企业注册地不在其范围内",
                                         catalogue_.regions.full_name(round.region)));
  }
  auto existing = db.query("SELECT id FROM declarations WHERE enterprise_id = $1 AND round_id = $2",
                           {who.enterprise_id, round_id});
  if (!existing) return std::unexpected(existing.error());
  if (!existing->empty()) {
    const std::string first = (*existing)[0].get_text(0);
    return fail_with("ALREADY_EXISTS",
                     fmt::format("贵企业已在本批次创建过申报书（编号 {}），每个批次只能申报一份，"
                                 "请继续编辑该申报书",
                                 first),
                     json{{"declaration_id", first}}.dump());
  }
  declaration::Declaration d;
  d.round = round_id;
  d.form = policy.form->id;
  d.cover.applicant = e->name;
  const std::string id = new_id("d");
  const std::string now = time::format_instant(clock_());
  json draft = declaration::to_json(d);
  draft.erase("enterprise");
  if (auto r = db.execute(sql::kInsert, {id, who.enterprise_id, round_id, now, e->region}); !r) {
    if (r.error().code == storage::codes::kConstraint)
      return fail("ALREADY_EXISTS", "贵企业已在本批次创建过申报书，请刷新后继续编辑");
    return std::unexpected(r.error());
  }
  TIDU_TRY(db.execute(sql::kInsertDraft, {id, draft.dump()}));
  TIDU_TRY(db.execute(sql::kInsertEvent, {new_id("v"), id, now, who.account_id, "create", nullptr,
                                          "draft", nullptr, "", nullptr}));
  TIDU_TRY(audit(db, clock_(), who.account_id, "declaration_create", "declaration:" + id,
                 {{"round", round_id}}));
  TIDU_TRY(tx->commit());
  auto l = load_readable(db, who, id);
  if (!l) return std::unexpected(l.error());
  return l->view;
}

Result<DeclarationPage> Declarations::list(const access::Principal& who,
                                           const DeclarationFilter& filter) {
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  std::string where = "WHERE 1 = 1";
  std::vector<storage::Value> params;
  if (who.role == access::Role::kEnterprise) {
    params.emplace_back(who.enterprise_id);
    where += fmt::format(" AND d.enterprise_id = ${}", params.size());
  } else if (who.role == access::Role::kExpert) {
    params.emplace_back(who.account_id);
    where += fmt::format(
        " AND EXISTS (SELECT 1 FROM panel_members p WHERE p.declaration_id = d.id AND "
        "p.expert_id = ${} AND p.active = 1)",
        params.size());
  } else if (who.role != access::Role::kAdmin) {
    where += " AND d.state NOT IN ('draft', 'withdrawn')";
  }
  if (!filter.round.empty()) {
    params.emplace_back(filter.round);
    where += fmt::format(" AND d.round_id = ${}", params.size());
  }
  if (!filter.state.empty()) {
    params.emplace_back(filter.state);
    where += fmt::format(" AND d.state = ${}", params.size());
  }
  if (filter.query.size() > 100 || filter.region.size() > 12 || filter.industry.size() > 4)
    return fail("VALIDATION_FAILED", "筛选条件过长");
  // The region in the index: the filter's, or else a regional official's own. Only a narrowing:
  // the access rules and the region filter below still decide each row.
  const bool regional_official =
      (who.role == access::Role::kReviewer || who.role == access::Role::kCoDepartment) &&
      !access::is_group_unit(who.region);
  const std::string scope = !filter.region.empty() ? filter.region
                            : regional_official    ? who.region
                                                   : std::string();
  if (!scope.empty()) {
    if (const auto codes = catalogue_.regions.within_codes(scope, 200); codes && !codes->empty()) {
      where += fmt::format(" AND d.enterprise_region IN ({})", bind_all(params, *codes));
    }
  }
  // The enterprise's row is needed for every candidate only by the name query and the industry
  // filter; otherwise the candidates come from the covering index alone and only the page's rows
  // are given their enterprise's name and credit code below (perf: the join was a third of a
  // queue page).
  const bool join_enterprises = !filter.query.empty() || !filter.industry.empty();
  // Whether a row may be read and lies in the filter's region depends only on its round, region,
  // state and group (and, for an enterprise, on its own id).
  const auto decide = [&](const std::string& enterprise_id, const std::string& region,
                          const std::string& round_id, const std::string& state,
                          const std::string& group) {
    const auto it = rounds_.rounds.find(round_id);
    const access::DeclarationFacts facts{enterprise_id, region, state,
                                         it == rounds_.rounds.end() ? nullptr : &it->second, group};
    return (who.role == access::Role::kExpert ||
            access::may_read(who, facts, catalogue_.regions)) &&
           (filter.region.empty() || catalogue_.regions.within(region, filter.region));
  };
  // The page's rows get their enterprise's name and credit code in one query.
  const auto name_rows = [&](DeclarationPage& page) -> Result<void> {
    if (join_enterprises || page.items.empty()) return {};
    std::vector<storage::Value> ids;
    const std::string in =
        bind_all(ids, page.items | std::views::transform(&DeclarationView::enterprise_id));
    auto enterprises = (*lease)->query(
        fmt::format("SELECT id, name, credit_code, region FROM enterprises WHERE id IN ({})", in),
        std::span<const storage::Value>(ids));
    if (!enterprises) return std::unexpected(enterprises.error());
    std::unordered_map<std::string, const Row*> by_id;
    for (const auto& e : *enterprises) by_id.emplace(e.get_text(0), &e);
    for (auto& v : page.items) {
      const auto it = by_id.find(v.enterprise_id);
      if (it == by_id.end()) continue;
      v.enterprise_name = it->second->get_text(1);
      v.credit_code = it->second->get_text(2);
      v.enterprise_region = it->second->get_text(3);
    }
    return {};
  };
  // Officials and experts, without a name query or industry filter: the combinations are counted
  // in SQL and decided here. When all of them are allowed (a reviewer's queue, the usual case) or
  // none, the count is the total and the page is cut in SQL, so only its rows are read (perf:
  // reading and deciding every candidate row was most of a queue page). A mix of allowed and
  // refused combinations takes the row-by-row path below.
  if (!join_enterprises && who.role != access::Role::kEnterprise) {
    // Grouped by the columns themselves, in the order of the declarations_combinations index
    // (migration 023), so that SQLite counts them in index order instead of sorting them; a
    // NULL and an empty region or group come as two rows, summed alike below.
    auto combos = (*lease)->query(
        fmt::format("SELECT COALESCE(d.enterprise_region, ''), d.round_id, d.state, "
                    "COALESCE(d.group_id, ''), COUNT(*){}{} GROUP BY d.round_id, d.state, "
                    "d.enterprise_region, d.group_id",
                    sql::kFromDeclarations, where),
        std::span<const storage::Value>(params));
    if (!combos) return std::unexpected(combos.error());
    std::int64_t allowed = 0;
    std::int64_t refused = 0;
    for (const auto& c : *combos) {
      const bool ok =
          decide("", c.get_text(0), c.get_text(1), c.get_text(2), group_unit(c.get_text(3)));
      (ok ? allowed : refused) += c.get_int(4);
    }
    if (allowed == 0 || refused == 0) {
      DeclarationPage page;
      page.total = allowed;
      if (allowed > filter.offset && filter.limit > 0) {
        auto page_params = params;
        page_params.emplace_back(std::int64_t{filter.limit});
        page_params.emplace_back(std::int64_t{filter.offset});
        // The page and its enterprises' names in one query. Newest first, and of equal times
        // the greater id first: the order the declarations_list index gives read backwards,
        // so that one county's page reads its 50 rows and stops instead of sorting the county.
        auto rows = (*lease)->query(
            fmt::format(fmt::runtime(sql::kPageJoined),
                        fmt::format("{} ORDER BY d.updated_at DESC, d.id DESC LIMIT ${} OFFSET ${}",
                                    where, page_params.size() - 1, page_params.size())),
            std::span<const storage::Value>(page_params));
        if (!rows) return std::unexpected(rows.error());
        page.items.reserve(rows->size());
        for (const auto& r : *rows) page.items.push_back(view_of(r));
      }
      return page;
    }
  }
  auto rows = (*lease)->query(
      fmt::format("SELECT {}, {}{}{} ORDER BY d.updated_at DESC, d.id DESC",
                  join_enterprises ? sql::kListColumns : sql::kIndexListColumns,
                  // the profile only when the industry filter needs it
                  filter.industry.empty() ? "'{}'" : "COALESCE(e.profile_json, '{}')",
                  join_enterprises ? sql::kFrom : sql::kFromDeclarations, where),
      std::span<const storage::Value>(params));
  if (!rows) return std::unexpected(rows.error());
  DeclarationPage page;
  // Decided once per combination; the view is built only for the page's rows.
  std::unordered_map<std::string, bool> decided;
  for (const auto& r : *rows) {
    const std::string group = group_unit(r.get_text(14));
    std::string key = fmt::format("{}\x1f{}\x1f{}\x1f{}\x1f{}",
                                  who.role == access::Role::kEnterprise ? r.get_text(1) : "",
                                  r.get_text(4), r.get_text(5), r.get_text(6), group);
    auto [at, fresh] = decided.try_emplace(std::move(key), false);
    if (fresh)
      at->second = decide(r.get_text(1), r.get_text(4), r.get_text(5), r.get_text(6), group);
    if (!at->second) continue;
    if (!filter.query.empty() && r.get_text(2).find(filter.query) == std::string::npos &&
        r.get_text(3) != filter.query)
      continue;
    if (!filter.industry.empty()) {
      const auto profile = json::parse(r.get_text(15), nullptr, false);
      const auto industry =
          profile.is_object() ? profile.value("industry", json::object()) : json::object();
      if (!industry.is_object() || (industry.value("division", "") != filter.industry &&
                                    industry.value("group", "") != filter.industry))
        continue;
    }
    ++page.total;
    if (page.total > filter.offset && static_cast<int>(page.items.size()) < filter.limit)
      page.items.push_back(view_of(r));
  }
  TIDU_TRY(name_rows(page));
  return page;
}

Result<DeclarationReading> Declarations::read(const access::Principal& who, const std::string& id) {
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  Database& db = **lease;
  // One query gives the facts access is decided on and everything the document is made of, as a
  // cache key: the draft changes only with the declaration's version (kSaveDraft), the profile
  // only with the enterprise's version (Enterprises::save_profile), and assessments are only ever
  // added, so the newest one's id names it. The draft itself (tens of KB) is read only on a miss.
  auto rows = db.query(fmt::format("SELECT {}, e.version, e.updated_at, COALESCE((SELECT m.id "
                                   "FROM maturity_assessments m WHERE m.enterprise_id = "
                                   "d.enterprise_id ORDER BY m.assessed_on DESC, m.recorded_at "
                                   "DESC LIMIT 1), ''){}WHERE d.id = $1",
                                   sql::kListColumns, sql::kFrom),
                       {id});
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) return fail("NOT_FOUND", "申报书不存在");
  const Row& row = (*rows)[0];
  DeclarationReading out{.view = view_of(row), .document = nullptr};
  const auto& v = out.view;
  const access::DeclarationFacts facts = facts_of(v, rounds_);
  auto readable = may_read_declaration(db, who, facts, catalogue_.regions, id);
  if (!readable) return std::unexpected(readable.error());
  if (!*readable) return fail("NOT_FOUND", "申报书不存在");
  const std::string key =
      fmt::format("{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}", id, v.version, v.updated_at,
                  v.created_at, row.get_int(15), row.get_text(16), row.get_text(17));
  out.document = documents_.find(key);
  if (out.document) return out;
  auto l = load(db, id);
  if (!l) return std::unexpected(l.error());
  out.document = std::make_shared<const std::string>(
      declaration::to_json(l->compose()).dump(-1, ' ', false, json::error_handler_t::replace));
  // Stored under the key of what was just read, so a save between the two queries leaves an
  // entry no later reading asks for rather than a stale one.
  if (l->view.version == v.version && l->enterprise.version == row.get_int(15))
    documents_.put(key, out.document);
  return out;
}

Result<DeclarationView> Declarations::get(const access::Principal& who, const std::string& id) {
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  auto l = load_readable(**lease, who, id);
  if (!l) return std::unexpected(l.error());
  return l->view;
}

Result<SavedSection> Declarations::save_section(const access::Principal& who, const std::string& id,
                                                const std::string& section,
                                                std::int64_t expected_version,
                                                const json& content) {
  if (section == "enterprise") {
    return fail("DOCUMENT_INVALID",
                "企业基本信息在“企业信息”中维护，申报书会自动引用最新的企业信息");
  }
  if (std::ranges::find(draft_sections(), section) == draft_sections().end()) {
    return fail("NOT_FOUND", fmt::format("申报书没有“{}”部分；可保存的部分：cover、factory、"
                                         "narrative、scenarios、appendix、attachments、pledge",
                                         section));
  }
  // The section is read on its own: every check the reader makes is within one section.
  json alone = json::object();
  alone["format"] = declaration::kFormat;
  alone[section] = content;
  auto read = declaration::read_declaration(alone);
  json problems = json::array();
  for (const auto& p : read.problems)
    problems.push_back({{"path", p.path}, {"code", p.code}, {"message", p.message}});

  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  Database& db = **lease;
  auto tx = storage::Transaction::begin(db);
  if (!tx) return std::unexpected(tx.error());
  auto rows = db.query(fmt::format("SELECT {}{}WHERE d.id = $1", sql::kColumns, sql::kFrom), {id});
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) return fail("NOT_FOUND", "申报书不存在");
  DeclarationView view = view_of((*rows)[0]);
  view.document = json();
  const access::DeclarationFacts facts = facts_of(view, rounds_);
  if (!access::may_read(who, facts, catalogue_.regions)) return fail("NOT_FOUND", "申报书不存在");
  if (auto d = access::may_edit(who, facts); !d) return edit_refusal(who, facts, d);
  if (view.version != expected_version) {
    return fail_with(
        "VERSION_CONFLICT",
        fmt::format("申报书已在别处修改（当前版本 {}，您编辑的版本 {}）。为避免覆盖，本次未保存；"
                    "请刷新查看最新内容后再保存",
                    view.version, expected_version),
        json{{"current_version", view.version}}.dump());
  }
  if (!problems.empty()) {
    return fail_with("DOCUMENT_INVALID",
                     fmt::format("“{}”部分有 {} 处格式错误，未保存：{} {}", section,
                                 problems.size(), read.problems[0].path, read.problems[0].message),
                     json{{"problems", problems}}.dump());
  }
  if (section == "attachments") {
    for (auto& a : read.declaration.attachments) {
      auto f = db.query(
          "SELECT name, media_type, size FROM enterprise_files WHERE enterprise_id = $1 AND "
          "sha256 = $2",
          {view.enterprise_id, a.sha256});
      if (!f) return std::unexpected(f.error());
      if (f->empty()) {
        return fail(
            "DOCUMENT_INVALID",
            fmt::format("附件“{}”的文件尚未上传（sha256 {}），请先上传再保存", a.name, a.sha256));
      }
      if (a.name.empty()) a.name = (*f)[0].get_text(0);
      a.media_type = (*f)[0].get_text(1);
      a.size = (*f)[0].get_int(2);
    }
  }
  std::string stored = declaration::to_json(read.declaration)[section].dump();
  const std::string now = time::format_instant(clock_());
  TIDU_TRY(db.execute(sql::kSaveSection, {id, section, stored}));
  auto n = db.execute(sql::kBumpVersion, {now, id, expected_version});
  if (!n) return std::unexpected(n.error());
  if (*n != 1) return fail("VERSION_CONFLICT", "申报书已在别处修改，请刷新后再保存");
  TIDU_TRY(tx->commit());
  view.version = expected_version + 1;
  view.updated_at = now;
  return SavedSection{
      .view = std::move(view), .section = section, .content_json = std::move(stored)};
}

Result<json> Declarations::validate(const access::Principal& who, const std::string& id) {
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  auto l = load_readable(**lease, who, id);
  if (!l) return std::unexpected(l.error());
  if (l->policy == nullptr) return fail("ROUND_UNKNOWN", "申报批次已不存在");
  const auto d = l->compose();
  // A declaration the enterprise cannot change (under review, recommended, recognised …) is
  // checked as of its last submission: the window and the registry as they were then, so the
  // window closing afterwards or its own recognition do not show as faults.
  time::Instant at = clock_();
  bool as_submitted = false;
  const bool editable =
      l->view.state == "draft" || l->view.state == "returned" || l->view.state == "withdrawn";
  if (!editable && !l->view.submitted_at.empty()) {
    if (auto submitted = time::parse_instant(l->view.submitted_at)) {
      at = *submitted;
      as_submitted = true;
    }
  }
  auto registry = registry_facts(**lease, d, l->view.enterprise_id, at);
  if (!registry) return std::unexpected(registry.error());
  const auto report = rules::check({d, *l->policy, *registry, at, nullptr});
  // Say which moment the report is about, so a reader does not take it for today's check.
  json out = findings_details(report, *l->policy);
  out["as_of"] = {{"basis", as_submitted ? "submission" : "now"},
                  {"at", time::format_instant(at)},
                  {"snapshot", as_submitted ? json(l->view.snapshot_number) : json(nullptr)}};
  return out;
}

Result<SnapshotView> Declarations::submit(const access::Principal& who, const std::string& id) {
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  Database& db = **lease;
  auto tx = storage::Transaction::begin(db);
  if (!tx) return std::unexpected(tx.error());
  auto l = load(db, id);
  if (!l) return std::unexpected(l.error());
  if (!access::may_read(who, l->facts(), catalogue_.regions))
    return fail("NOT_FOUND", "申报书不存在");
  if (who.role != access::Role::kEnterprise) return fail("FORBIDDEN", "只有申报企业可以提交");
  if (l->view.state == "submitted" && l->view.snapshot_number > 0) {
    auto rows = db.query(fmt::format("SELECT {} FROM snapshots WHERE declaration_id = $1 AND "
                                     "number = $2",
                                     sql::kSnapshotColumns),
                         {id, l->view.snapshot_number});
    if (!rows) return std::unexpected(rows.error());
    if (!rows->empty() && (*rows)[0].get_int(4) == l->view.version)
      return snapshot_of((*rows)[0]);  // the same submission again: nothing changes
  }
  if (auto d = access::may_edit(who, l->facts()); !d) return fail("STATE_CONFLICT", d.reason);
  if (l->round == nullptr || l->policy == nullptr) return fail("ROUND_UNKNOWN", "申报批次已不存在");
  const auto now = clock_();
  if (l->round->opens && now < *l->round->opens) {
    return fail("ROUND_NOT_OPEN", fmt::format("本批次申报自 {} 开始，届时再提交",
                                              time::format_instant(*l->round->opens)));
  }
  // A declaration returned for revision may come back after the round closed: the level that
  // returned it is waiting for it, and its own deadline governs what it can still forward.
  const bool returned = l->view.state == "returned" && !l->view.level.empty();
  if (!returned && l->round->closes && now > *l->round->closes) {
    return fail("ROUND_CLOSED",
                fmt::format("本批次申报已于 {} 截止，不能再提交（{}）",
                            time::format_instant(*l->round->closes), l->round->window_clause));
  }
  const auto d = l->compose();
  auto registry = registry_facts(db, d, l->view.enterprise_id, now);
  if (!registry) return std::unexpected(registry.error());
  const auto report = rules::check({d, *l->policy, *registry, now, nullptr});
  if (!report.ok()) {
    return fail_with("SUBMIT_BLOCKED",
                     fmt::format("申报书还有 {} 个必须修改的问题，修改后才能提交",
                                 report.count(rules::Severity::kError)),
                     findings_details(report, *l->policy).dump());
  }
  // The first level whose unit covers the enterprise: an enterprise registered directly in a
  // city that has no township goes to the city.
  const rounds::Level* level = nullptr;
  const catalogue::Region* unit = nullptr;
  const bool resubmission = l->view.state == "returned" && !l->view.level.empty();
  // A member of an enterprise group on the round's direct route goes to its group, in place of
  // the regional levels up to the one the group stands in for (seed 000: 有关省属企业).
  auto found = Groups::route_for(db, *l->round, catalogue_.regions, l->view.enterprise_id);
  if (!found) return std::unexpected(found.error());
  std::optional<GroupRoute> group = std::move(*found);
  if (resubmission && l->view.group.empty()) group.reset();  // it went the regional way
  const bool at_group =
      group && (!resubmission ||
                l->round->levels[static_cast<std::size_t>(group->level)].id == l->view.level);
  if (at_group) level = &l->round->levels[static_cast<std::size_t>(group->level)];
  for (const auto& candidate : l->round->levels) {
    if (at_group) break;
    if (resubmission ? candidate.id != l->view.level
                     : !access::is_review_level(candidate.region_kind))
      continue;
    unit = access::reviewing_unit(catalogue_.regions, *l->round, l->view.enterprise_region,
                                  candidate.region_kind);
    if (unit != nullptr || resubmission) {
      level = &candidate;
      break;
    }
  }
  if (level == nullptr) {
    return fail("ROUND_UNKNOWN",
                fmt::format("本批次的审核路线中没有负责{}的单位，请联系管理员",
                            catalogue_.regions.full_name(l->view.enterprise_region)));
  }
  const std::string content = declaration::to_json(d).dump();
  auto submitter = db.query("SELECT display_name FROM accounts WHERE id = $1", {who.account_id});
  if (!submitter) return std::unexpected(submitter.error());
  SnapshotView s{.number = l->view.snapshot_number + 1,
                 .sha256 = security::sha256_hex(content),
                 .submitted_at = time::format_instant(now),
                 .level = level->id,
                 .draft_version = l->view.version,
                 .submitted_by = submitter->empty() ? std::string() : (*submitter)[0].get_text(0),
                 .content = json::object()};
  TIDU_TRY(db.execute(sql::kInsertSnapshot, {id, s.number, s.sha256, content, s.submitted_at,
                                             s.level, who.account_id, s.draft_version}));
  storage::Value unit_code = nullptr;
  if (at_group) {
    unit_code = group->unit;
  } else if (unit != nullptr) {
    unit_code = unit->code;
  }
  auto n =
      db.execute(sql::kMarkSubmitted,
                 {s.level, s.submitted_at, s.number, id, l->view.version, l->view.state, unit_code,
                  group ? storage::Value(group->group_id) : storage::Value(nullptr)});
  if (!n) return std::unexpected(n.error());
  if (*n != 1) return fail("VERSION_CONFLICT", "申报书刚刚在别处被修改，请刷新后再提交");
  TIDU_TRY(db.execute(sql::kInsertEvent, {new_id("v"), id, s.submitted_at, who.account_id,
                                          resubmission ? "resubmit" : "submit", l->view.state,
                                          "submitted", s.level, "", s.number}));
  const std::string region =
      at_group ? group->unit : (unit != nullptr ? unit->code : l->round->region);
  TIDU_TRY(
      db.execute(sql::kInsertNotification,
                 {new_id("n"), level->region_kind, region, id,
                  fmt::format("{}{}了《{}》申报书（第 {} 版），请初审", l->view.enterprise_name,
                              resubmission ? "修改后重新提交" : "提交", l->round->name, s.number),
                  s.submitted_at}));
  TIDU_TRY(audit(db, now, who.account_id, "declaration_submit", "declaration:" + id,
                 {{"snapshot", s.number}, {"sha256", s.sha256}}));
  TIDU_TRY(db.execute(sql::kQueueTextCheck,
                      {id, s.number, static_cast<std::int64_t>(now.time_since_epoch().count())}));
  TIDU_TRY(tx->commit());
  if (after_submit_) after_submit_(id);
  return s;
}

Result<DeclarationView> Declarations::withdraw(const access::Principal& who, const std::string& id,
                                               const std::string& reason) {
  if (reason.size() > 2000) return fail("VALIDATION_FAILED", "撤回原因不能超过 500 字");
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  Database& db = **lease;
  auto tx = storage::Transaction::begin(db);
  if (!tx) return std::unexpected(tx.error());
  auto l = load(db, id);
  if (!l) return std::unexpected(l.error());
  if (!access::may_read(who, l->facts(), catalogue_.regions))
    return fail("NOT_FOUND", "申报书不存在");
  if (who.role != access::Role::kEnterprise) return fail("FORBIDDEN", "只有申报企业可以撤回");
  if (l->view.state != "submitted") {
    return fail("STATE_CONFLICT", l->view.state == "withdrawn"
                                      ? "申报书已经撤回"
                                      : "只有已提交、尚未审核的申报书可以撤回");
  }
  auto decided = db.query(
      "SELECT COUNT(*) FROM declaration_events WHERE declaration_id = $1 AND action NOT IN "
      "('create', 'submit', 'resubmit', 'withdraw', 'record_blacklist')",
      {id});
  if (!decided) return std::unexpected(decided.error());
  if ((*decided)[0].get_int(0) > 0)
    return fail("STATE_CONFLICT", "审核单位已作出审核决定，不能撤回");
  const std::string now = time::format_instant(clock_());
  auto n = db.execute(
      "UPDATE declarations SET state = 'withdrawn', updated_at = $1 WHERE id = $2 AND state = "
      "'submitted' AND version = $3",
      {now, id, l->view.version});
  if (!n) return std::unexpected(n.error());
  if (*n != 1) return fail("STATE_CONFLICT", "申报书状态刚刚改变，请刷新后再试");
  if (auto r =
          db.execute(sql::kInsertEvent, {new_id("v"), id, now, who.account_id, "withdraw",
                                         "submitted", "withdrawn", l->view.level, reason, nullptr});
      !r)
    return std::unexpected(r.error());
  if (l->round != nullptr) {
    const auto level_it = std::ranges::find(l->round->levels, l->view.level, &rounds::Level::id);
    if (level_it != l->round->levels.end()) {
      const auto* unit = access::reviewing_unit(catalogue_.regions, *l->round,
                                                l->view.enterprise_region, level_it->region_kind);
      std::string region = unit != nullptr ? unit->code : l->round->region;
      if (!l->view.group.empty()) region = l->view.group;  // withdrawn from its group
      TIDU_TRY(db.execute(
          sql::kInsertNotification,
          {new_id("n"), level_it->region_kind, region, id,
           fmt::format("{}撤回了《{}》申报书", l->view.enterprise_name, l->round->name), now}));
    }
  }
  TIDU_TRY(audit(db, clock_(), who.account_id, "declaration_withdraw", "declaration:" + id,
                 {{"reason", reason}}));
  TIDU_TRY(tx->commit());
  auto out = load_readable(db, who, id);
  if (!out) return std::unexpected(out.error());
  return out->view;
}

Result<std::vector<SnapshotView>> Declarations::versions(const access::Principal& who,
                                                         const std::string& id) {
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  TIDU_TRY(load_readable(**lease, who, id));
  auto rows = (*lease)->query(
      fmt::format("SELECT {} FROM snapshots WHERE declaration_id = $1 ORDER BY number DESC",
                  sql::kSnapshotColumns),
      {id});
  if (!rows) return std::unexpected(rows.error());
  std::vector<SnapshotView> out;
  for (const auto& r : *rows) out.push_back(snapshot_of(r));
  return out;
}

Result<SnapshotView> Declarations::version(const access::Principal& who, const std::string& id,
                                           std::int64_t number) {
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  TIDU_TRY(load_readable(**lease, who, id));
  auto rows = (*lease)->query(
      fmt::format(
          "SELECT {}, content_json FROM snapshots WHERE declaration_id = $1 AND number = $2",
          sql::kSnapshotColumns),
      {id, number});
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) return fail("NOT_FOUND", fmt::format("申报书没有第 {} 版", number));
  SnapshotView s = snapshot_of((*rows)[0]);
  s.content = json::parse((*rows)[0].get_text(6), nullptr, false);
  return s;
}

Result<std::vector<EventView>> Declarations::timeline(const access::Principal& who,
                                                      const std::string& id) {
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  TIDU_TRY(load_readable(**lease, who, id));
  auto rows = (*lease)->query(
      "SELECT v.at, v.action, COALESCE(v.from_state, ''), COALESCE(v.to_state, ''), "
      "COALESCE(v.level, ''), v.opinion, COALESCE(a.display_name, ''), v.snapshot_number "
      "FROM declaration_events v LEFT JOIN accounts a ON a.id = v.account_id "
      "WHERE v.declaration_id = $1 ORDER BY v.seq",
      {id});
  if (!rows) return std::unexpected(rows.error());
  std::vector<EventView> out;
  for (const auto& r : *rows) {
    EventView e{r.get_text(0), r.get_text(1), r.get_text(2), r.get_text(3),
                r.get_text(4), r.get_text(5), r.get_text(6), std::nullopt};
    if (!r.is_null(7)) e.snapshot = r.get_int(7);
    out.push_back(std::move(e));
  }
  return out;
}

Result<FileView> Declarations::store_file(Database& db, const access::Principal& who,
                                          const std::string& enterprise_id, const std::string& name,
                                          std::string_view bytes, std::size_t max_bytes,
                                          std::optional<std::size_t> max_total) {
  if (bytes.size() > max_bytes) {
    return fail("FILE_TOO_LARGE",
                fmt::format("文件大小 {:.1f} MB，超过本批次每个文件 {} MB 的上限",
                            static_cast<double>(bytes.size()) / (1 << 20), max_bytes >> 20));
  }
  auto type = files::sniff(bytes);
  if (!type) return std::unexpected(type.error());
  if (max_total) {
    auto sum = db.query(
        "SELECT COALESCE(SUM(size), 0) FROM enterprise_files WHERE enterprise_id "
        "= $1",
        {enterprise_id});
    if (!sum) return std::unexpected(sum.error());
    if (static_cast<std::size_t>((*sum)[0].get_int(0)) + bytes.size() > *max_total) {
      return fail("FILE_TOO_LARGE",
                  fmt::format("已上传文件合计将超过本批次 {} MB 的上限，请删减或压缩后再上传",
                              *max_total >> 20));
    }
  }
  FileView f{.sha256 = security::sha256_hex(bytes),
             .name = files::sanitize_file_name(name),
             .media_type = type->mime,
             .size = static_cast<std::int64_t>(bytes.size()),
             .uploaded_at = time::format_instant(clock_())};
  TIDU_TRY(files_.put(f.sha256, bytes));
  if (auto r =
          db.execute("INSERT INTO files (sha256, media_type, size, created_at) VALUES ($1, $2, "
                     "$3, $4) ON CONFLICT (sha256) DO NOTHING",
                     {f.sha256, f.media_type, f.size, f.uploaded_at});
      !r)
    return std::unexpected(r.error());
  TIDU_TRY(db.execute(sql::kInsertFile, {enterprise_id, f.sha256, f.name, f.media_type, f.size,
                                         who.account_id, f.uploaded_at}));
  if (declaration::is_image_type(f.media_type) &&
      std::cmp_less_equal(bytes.size(), declaration::kMaxImageBytes))
    TIDU_TRY(store_print_copy(db, f.sha256, f.media_type, bytes));
  auto rows = db.query(fmt::format("SELECT {} FROM enterprise_files WHERE enterprise_id = $1 AND "
                                   "sha256 = $2",
                                   sql::kFileColumns),
                       {enterprise_id, f.sha256});
  if (!rows) return std::unexpected(rows.error());
  return rows->empty() ? f : file_of((*rows)[0]);
}

Result<void> Declarations::store_print_copy(Database& db, const std::string& sha256,
                                            const std::string& media_type, std::string_view bytes) {
  auto known = db.query("SELECT 1 FROM print_copies WHERE sha256 = $1", {sha256});
  if (!known) return std::unexpected(known.error());
  if (!known->empty()) return {};
  // A picture that cannot be decoded gets no copy: the 申报书 shows a placeholder for it, and the
  // IMAGE_INVALID rule tells the enterprise before it submits.
  auto copy = documents::make_print_copy(bytes, media_type);
  if (!copy || !*copy) return {};
  const auto copy_sha = security::sha256_hex((*copy)->bytes);
  TIDU_TRY(files_.put(copy_sha, (*copy)->bytes));
  TIDU_TRY(db.execute(
      "INSERT INTO print_copies (sha256, copy_sha256, width, height, created_at) VALUES ($1, $2, "
      "$3, $4, $5) ON CONFLICT (sha256) DO NOTHING",
      {sha256, copy_sha, (*copy)->size.width, (*copy)->size.height,
       time::format_instant(clock_())}));
  return {};
}

Result<FileView> Declarations::upload(const access::Principal& who, const std::string& id,
                                      const std::string& name, std::string_view bytes) {
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  auto l = load(**lease, id);
  if (!l) return std::unexpected(l.error());
  if (!access::may_read(who, l->facts(), catalogue_.regions))
    return fail("NOT_FOUND", "申报书不存在");
  if (auto d = access::may_edit(who, l->facts()); !d) return edit_refusal(who, l->facts(), d);
  const rounds::UploadLimits limits =
      l->round != nullptr ? l->round->uploads : rounds::UploadLimits{};
  return store_file(**lease, who, l->view.enterprise_id, name, bytes, limits.max_file_bytes,
                    limits.max_total_bytes);
}

Result<FileView> Declarations::upload_for_enterprise(const access::Principal& who,
                                                     const std::string& enterprise_id,
                                                     const std::string& name,
                                                     std::string_view bytes) {
  if (who.role != access::Role::kEnterprise || who.enterprise_id != enterprise_id)
    return fail("NOT_FOUND", "企业不存在");
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  return store_file(**lease, who, enterprise_id, name, bytes, rounds::UploadLimits{}.max_file_bytes,
                    std::nullopt);
}

Result<std::vector<FileView>> Declarations::files(const access::Principal& who,
                                                  const std::string& id) {
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  auto l = load_readable(**lease, who, id);
  if (!l) return std::unexpected(l.error());
  if (who.role != access::Role::kEnterprise)
    return fail("FORBIDDEN", "只有申报企业可以查看上传记录");
  auto rows = (*lease)->query(
      fmt::format("SELECT {} FROM enterprise_files WHERE enterprise_id = $1 ORDER BY uploaded_at "
                  "DESC",
                  sql::kFileColumns),
      {l->view.enterprise_id});
  if (!rows) return std::unexpected(rows.error());
  std::vector<FileView> out;
  for (const auto& r : *rows) out.push_back(file_of(r));
  return out;
}

Result<std::pair<FileView, std::string>> Declarations::download(const access::Principal& who,
                                                                const std::string& id,
                                                                const std::string& sha256) {
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  Database& db = **lease;
  auto l = load_readable(db, who, id);
  if (!l) return std::unexpected(l.error());
  const auto missing = [] { return fail("NOT_FOUND", "文件不存在"); };
  if (who.role != access::Role::kEnterprise) {
    // Officials see what was submitted: the newest snapshot's attachments.
    auto s =
        db.query("SELECT content_json FROM snapshots WHERE declaration_id = $1 AND number = $2",
                 {id, l->view.snapshot_number});
    if (!s) return std::unexpected(s.error());
    if (s->empty()) return missing();
    const json content = json::parse((*s)[0].get_text(0), nullptr, false);
    if (!content.is_object()) return missing();
    const auto atts = content.value("attachments", json::array());
    const bool referenced =
        std::ranges::any_of(atts, [&](const json& a) { return a.value("sha256", "") == sha256; });
    if (!referenced) return missing();
  }
  auto rows = db.query(fmt::format("SELECT {} FROM enterprise_files WHERE enterprise_id = $1 AND "
                                   "sha256 = $2",
                                   sql::kFileColumns),
                       {l->view.enterprise_id, sha256});
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) return missing();
  auto bytes = files_.get(sha256);
  if (!bytes) return std::unexpected(bytes.error());
  return std::pair{file_of((*rows)[0]), std::move(*bytes)};
}

Result<std::vector<NotificationView>> Declarations::notifications(const access::Principal& who,
                                                                  int offset, int limit) {
  // Reviewers hear about their level and unit; an enterprise about its own declarations
  // (returns for revision are addressed to level "enterprise" and its id).
  std::string level = who.level;
  std::string region = who.region;
  if (who.role == access::Role::kEnterprise) {
    level = "enterprise";
    region = who.enterprise_id;
  } else if (who.role != access::Role::kReviewer && who.role != access::Role::kCoDepartment) {
    return std::vector<NotificationView>{};
  }
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  auto rows = (*lease)->query(
      "SELECT id, COALESCE(declaration_id, ''), message, created_at FROM notifications WHERE "
      "level = $1 AND region = $2 ORDER BY created_at DESC, id LIMIT $3 OFFSET $4",
      {level, region, std::int64_t{limit}, std::int64_t{offset}});
  if (!rows) return std::unexpected(rows.error());
  std::vector<NotificationView> out;
  for (const auto& r : *rows)
    out.push_back({r.get_text(0), r.get_text(1), r.get_text(2), r.get_text(3)});
  return out;
}

}  // namespace tidu::service
