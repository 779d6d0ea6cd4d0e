// The authorization matrix (issue 8): every route of the OpenAPI document called as every kind of
// caller, in and out of scope, against a real `tidu serve` on SQLite and on PostgreSQL, and the
// set of callers each route lets through compared with the table below — exactly.
//
// The route list comes from the server (GET /api/v1/openapi.json), the expectation from table():
// a route the document has and the table does not, or the other way round, fails the test, so a
// new route cannot ship without someone deciding who may call it.
//
// The world is the Fujian round (county → city → province, with the province's expert review,
// on-site check and public notice, and an enterprise-group direct route), taken through the
// review chain over HTTP on servers whose clocks follow the round's dates; the matrix then runs
// on a server whose clock is in the middle of the public notice (2025-06-05):
//   main      A: in the province's expert review, its panel five experts (expert-in among them)
//   county    D: submitted, waiting at the county (blacklist checked, no decision yet)
//   onsite    B: shortlisted, in the on-site check
//   notice    C: on public notice, with an objection waiting
// plus a basic-tier self-evaluation of A's enterprise confirmed into the registry and another one
// waiting for the county, an enterprise group, and a finished bundle job of the city.
//
// Who counts as let through: a caller is refused when the answer is 401 (no session), 403
// FORBIDDEN, or 404 NOT_FOUND — the API answers reads of declarations, enterprises, jobs,
// registry entries and the like that the caller may not see as "not found", so that their
// existence stays hidden. Any other answer (2xx, or a 400/409/415/422 validation or state error)
// means the request passed the permission check; every body below is one the handler reads
// without complaint before it asks who is calling, so that the check really runs. The review
// workflow is the one exception: it answers a caller who is not the actor of a transition with
// 409 ACTION_NOT_ALLOWED and the reason ("why not"), so on the three workflow routes that code is
// a refusal — and those rows use declarations in a state where the action is open to its actor,
// so that the allowed caller's success shows the refusal of the others is about who they are.
//
// Per route, the refused callers go first; the audit log (every decision and transition appends
// to it) and the route's declaration as the administrator reads it must be the same after them.
// Then the allowed callers, whose calls may change state: the table's order is the order of the
// calls, so that later rows still find the state they need (the county's declaration is passed
// and taken back out of the list; the expert's conflict and signing out come last).
#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "files/base64.hpp"
#include "support/report.hpp"
#include "support/review_chain.hpp"

namespace {

using nlohmann::json;
using tidu::test::ApiClient;
using tidu::test::ApiReply;
using tidu::test::StaffAccount;

// The servers' clocks after the city filed on 04-10: the province's formal and expert review and
// on-site checks; the first day of the notice (five working days, 06-03 … 06-09); and the matrix
// server's, in the middle of the notice.
constexpr const char* kFjProvinceStages = "2025-05-20T10:00:00+08:00";
constexpr const char* kFjNoticeStart = "2025-06-03T09:00:00+08:00";
constexpr const char* kFjMatrix = "2025-06-05T10:00:00+08:00";
constexpr const char* kXiamen = "350200";           // 厦门市 (another city of Fujian)
constexpr const char* kShaanxiProvince = "610000";  // 陕西省 (another province)
constexpr const char* kGroupName = "福建矩阵测试省属集团";

// ----- who calls -----

/// The callers of the matrix. "owner" is the enterprise whose declaration (or profile,
/// self-evaluation, registry entry) the route names; "-in" means the unit of that level whose
/// region covers the owner on the round's route, "-out" one of the same level elsewhere.
enum class Principal : std::uint8_t {
  kAnonymous,        ///< no session
  kOwner,            ///< the enterprise the route's object belongs to (福清市)
  kOtherEnterprise,  ///< an enterprise of 闽侯县 with its own draft in the round
  kCountyIn,         ///< reviewer of 福清市 (county)
  kCountyOut,        ///< reviewer of 闽侯县, the neighbouring county of the same city
  kCityIn,           ///< reviewer of 福州市 (city)
  kCityOut,          ///< reviewer of 厦门市, another city of the province
  kProvinceIn,       ///< reviewer of 福建省 (province): runs the stages of this round
  kProvinceOut,      ///< reviewer of 陕西省, another province
  kDeptIn,           ///< co-recommending department (发改) of 福州市, at the city level
  kDeptOut,          ///< co-recommending department (发改) of 厦门市
  kDeptJoint,  ///< co-recommending department (发改) of 西安市, in the Shaanxi round's joint list
  kGroup,      ///< reviewer of an enterprise group on the round's direct route (acts as city)
  kExpertIn,   ///< expert on the panels of the declarations in the province's stages
  kExpertOut,  ///< expert of the province's pool on no panel
  kAdmin,      ///< platform administrator
};
constexpr std::size_t kPrincipals = 16;
constexpr std::array<const char*, kPrincipals> kPrincipalNames = {
    "anonymous", "owner",       "other-enterprise", "county-in", "county-out", "city-in",
    "city-out",  "province-in", "province-out",     "dept-in",   "dept-out",   "dept-joint",
    "group",     "expert-in",   "expert-out",       "admin"};

const char* name_of(Principal p) { return kPrincipalNames.at(static_cast<std::size_t>(p)); }

/// A set of principals.
class Who {
 public:
  constexpr Who() = default;
  constexpr Who(std::initializer_list<Principal> principals) {
    for (const auto p : principals) bits_ |= bit(p);
  }
  constexpr bool has(Principal p) const { return (bits_ & bit(p)) != 0; }
  friend constexpr Who operator|(Who a, Who b) { return Who(a.bits_ | b.bits_, 0); }
  friend constexpr Who operator-(Who a, Who b) { return Who(a.bits_ & ~b.bits_, 0); }

 private:
  constexpr Who(std::uint32_t bits, int /*tag*/) : bits_(bits) {}
  static constexpr std::uint32_t bit(Principal p) { return 1U << static_cast<unsigned>(p); }
  std::uint32_t bits_ = 0;
};

using enum Principal;

constexpr Who kEveryone = {kAnonymous,   kOwner,    kOtherEnterprise, kCountyIn,
                           kCountyOut,   kCityIn,   kCityOut,         kProvinceIn,
                           kProvinceOut, kDeptIn,   kDeptOut,         kDeptJoint,
                           kGroup,       kExpertIn, kExpertOut,       kAdmin};
constexpr Who kSignedIn = kEveryone - Who{kAnonymous};
/// The reviewers and departments whose region covers the owner's 福清市 on the round's route.
constexpr Who kOfficials = {kCountyIn, kCityIn, kProvinceIn, kDeptIn};
/// Who reads the main declaration: its enterprise, the officials on its route, the experts on
/// its panel and the administrator.
constexpr Who kReaders = kOfficials | Who{kOwner, kExpertIn, kAdmin};
constexpr Who kRegionalReviewers = {kCountyIn, kCountyOut,  kCityIn,
                                    kCityOut,  kProvinceIn, kProvinceOut};
constexpr Who kReviewers = kRegionalReviewers | Who{kGroup};
constexpr Who kDepartments = {kDeptIn, kDeptOut, kDeptJoint};
/// The units with a recommendation list in the Fujian round: its counties' and cities' reviewers
/// and departments, and the enterprise group standing in for a city.
constexpr Who kListUnits = {kCountyIn, kCountyOut, kCityIn, kCityOut, kDeptIn, kDeptOut, kGroup};
/// Of those, the ones who change a list (departments only sign where a level recommends jointly).
constexpr Who kListReviewers = kListUnits - Who{kDeptIn, kDeptOut};

// ----- what is called -----

/// What the route's path parameters name.
enum class Target : std::uint8_t {
  kNone,
  kMain,            ///< declaration A, in expert review
  kCounty,          ///< declaration D, waiting at the county
  kOnsite,          ///< declaration B, in the on-site check
  kNotice,          ///< declaration C, on public notice
  kEnterprise,      ///< A's enterprise
  kSelfEvaluation,  ///< A's enterprise's self-evaluation waiting for the county
  kRegistryEntry,   ///< A's enterprise's confirmed self-evaluation in the registry
  kAccount,         ///< an account (the outside expert's)
  kJob,             ///< the city reviewer's bundle job
  kGroup,           ///< the enterprise group
  kNoticeId,        ///< C's notice
  kObjection,       ///< the objection to C
  kRound,           ///< the Fujian round
  kJointRound,      ///< the Shaanxi round, whose city level recommends jointly
  kRegion,          ///< 福清市
  kVerifyCode,      ///< A's submission's verification code
};

/// How the body is sent.
enum class Payload : std::uint8_t { kJson, kPdf, kEmptyTable };

/// Which answers are refusals besides 401, 403 FORBIDDEN and 404 NOT_FOUND.
enum class Refusal : std::uint8_t {
  kStatus,    ///< only those
  kWorkflow,  ///< also 409 ACTION_NOT_ALLOWED, the workflow's answer to a caller not its actor
  kPerItem,   ///< a decision on a selection: 200 with one result per declaration, read that one
};

/// One row of the table: a route, how it is called, and who it lets through.
struct Row {
  const char* route;  ///< "METHOD pattern" as in the OpenAPI document
  Who allowed;
  Target target = Target::kNone;
  const char* query = "";
  const char* body = nullptr;  ///< JSON with {placeholders}; null: no body
  Payload payload = Payload::kJson;
  Refusal refusal = Refusal::kStatus;
};

// The expectation, in the order the calls are made. The comments say why where it is not plain.
const std::vector<Row>& table() {
  static const std::vector<Row> rows = {
      // --- public ---
      {.route = "GET /api/v1/health", .allowed = kEveryone},
      {.route = "GET /api/v1/openapi.json", .allowed = kEveryone},
      {.route = "GET /api/v1/rounds", .allowed = kEveryone},
      {.route = "GET /api/v1/rounds/{id}", .allowed = kEveryone, .target = Target::kRound},
      {.route = "GET /api/v1/regions", .allowed = kEveryone},
      {.route = "GET /api/v1/regions/{code}", .allowed = kEveryone, .target = Target::kRegion},
      {.route = "GET /api/v1/catalogue", .allowed = kEveryone},
      {.route = "GET /api/v1/catalogue/guides/{edition}", .allowed = kEveryone},
      {.route = "GET /api/v1/rounds/{round}/review",
       .allowed = kEveryone,
       .target = Target::kRound},
      {.route = "GET /api/v1/verify/{code}", .allowed = kEveryone, .target = Target::kVerifyCode},
      {.route = "GET /api/v1/self-evaluation/editions", .allowed = kEveryone},
      {.route = "GET /api/v1/self-evaluation/conditions", .allowed = kEveryone},
      {.route = "GET /api/v1/registry", .allowed = kEveryone},

      // --- sessions and accounts ---
      // An empty login is a bad request for anyone; a weak new password is refused as such.
      {.route = "POST /api/v1/session", .allowed = kEveryone, .body = "{}"},
      {.route = "GET /api/v1/session", .allowed = kSignedIn},
      {.route = "POST /api/v1/session/password",
       .allowed = kSignedIn,
       .body = R"({"current": "Not-The-Password-1!", "next": "short"})"},
      {.route = "GET /api/v1/accounts", .allowed = {kAdmin}},
      {.route = "POST /api/v1/accounts", .allowed = {kAdmin}, .body = "{}"},
      {.route = "PUT /api/v1/accounts/{id}",
       .allowed = {kAdmin},
       .target = Target::kAccount,
       .body = "{}"},
      {.route = "POST /api/v1/accounts/{id}/password",
       .allowed = {kAdmin},
       .target = Target::kAccount,
       .body = R"({"password": "short"})"},

      // --- enterprises ---
      {.route = "POST /api/v1/enterprises", .allowed = kEveryone, .body = "{}"},
      // Reviewers and departments read the enterprises of their region (not only those that
      // declared to them); experts never.
      {.route = "GET /api/v1/enterprises/{id}",
       .allowed = kOfficials | Who{kOwner, kAdmin},
       .target = Target::kEnterprise},
      {.route = "PUT /api/v1/enterprises/{id}/profile",
       .allowed = {kOwner},
       .target = Target::kEnterprise,
       .body = R"({"version": 999999, "profile": {}})"},
      {.route = "GET /api/v1/enterprises/{id}/maturity",
       .allowed = kOfficials | Who{kOwner, kAdmin},
       .target = Target::kEnterprise},
      {.route = "POST /api/v1/enterprises/{id}/maturity",
       .allowed = {kOwner},
       .target = Target::kEnterprise,
       .body = R"({"level": 9, "assessed_on": "2025-06-01", "source": "www.c3mep.cn"})"},
      {.route = "POST /api/v1/enterprises/{id}/files",
       .allowed = {kOwner},
       .target = Target::kEnterprise,
       .query = "?name=report.pdf",
       .body = "",
       .payload = Payload::kPdf},

      // --- declarations ---
      {.route = "GET /api/v1/declarations", .allowed = kSignedIn},
      // Both enterprises already have their declaration of the round: 409 with its id.
      {.route = "POST /api/v1/declarations",
       .allowed = {kOwner, kOtherEnterprise},
       .body = R"({"round": "fj-2025-advanced"})"},
      {.route = "GET /api/v1/declarations/{id}", .allowed = kReaders, .target = Target::kMain},
      // The owner may edit its own draft but not now, under review (409); readers who are not the
      // declaring enterprise are refused as such (403).
      {.route = "PUT /api/v1/declarations/{id}/sections/{section}",
       .allowed = {kOwner},
       .target = Target::kMain,
       .body = R"({"version": 999999, "content": {}})"},
      {.route = "POST /api/v1/declarations/{id}/validate",
       .allowed = kReaders,
       .target = Target::kMain,
       .body = "{}"},
      {.route = "POST /api/v1/declarations/{id}/submit",
       .allowed = {kOwner},
       .target = Target::kMain,
       .body = "{}"},
      {.route = "POST /api/v1/declarations/{id}/withdraw",
       .allowed = {kOwner},
       .target = Target::kMain,
       .body = R"({"reason": "矩阵测试"})"},
      {.route = "GET /api/v1/declarations/{id}/versions",
       .allowed = kReaders,
       .target = Target::kMain},
      {.route = "GET /api/v1/declarations/{id}/versions/{number}",
       .allowed = kReaders,
       .target = Target::kMain},
      {.route = "GET /api/v1/declarations/{id}/diff",
       .allowed = kReaders,
       .target = Target::kMain,
       .query = "?from=1&to=1"},
      {.route = "GET /api/v1/declarations/{id}/timeline",
       .allowed = kReaders,
       .target = Target::kMain},
      {.route = "POST /api/v1/declarations/{id}/files",
       .allowed = {kOwner},
       .target = Target::kMain,
       .query = "?name=a.pdf",
       .body = "",
       .payload = Payload::kPdf},
      // The upload history is the enterprise's; officials see what was submitted.
      {.route = "GET /api/v1/declarations/{id}/files",
       .allowed = {kOwner},
       .target = Target::kMain},
      {.route = "GET /api/v1/declarations/{id}/files/{sha256}",
       .allowed = kReaders,
       .target = Target::kMain},
      {.route = "GET /api/v1/notifications", .allowed = kSignedIn},
      {.route = "GET /api/v1/reminders", .allowed = kSignedIn},

      // --- documents ---
      {.route = "GET /api/v1/declarations/{id}/documents/declaration.pdf",
       .allowed = kReaders,
       .target = Target::kMain},
      {.route = "GET /api/v1/declarations/{id}/documents/declaration.docx",
       .allowed = kReaders,
       .target = Target::kMain},
      {.route = "GET /api/v1/jobs", .allowed = kSignedIn},
      {.route = "GET /api/v1/jobs/{id}", .allowed = {kCityIn}, .target = Target::kJob},
      {.route = "GET /api/v1/jobs/{id}/file", .allowed = {kCityIn}, .target = Target::kJob},

      // --- review: reading ---
      {.route = "GET /api/v1/declarations/{id}/actions",
       .allowed = kReaders,
       .target = Target::kMain},
      {.route = "GET /api/v1/declarations/{id}/blacklist-checks",
       .allowed = kReaders - Who{kOwner},
       .target = Target::kMain},
      // Text similarity and the industry benchmark are for those who review, experts included.
      {.route = "GET /api/v1/declarations/{id}/copied-text",
       .allowed = kReaders - Who{kOwner},
       .target = Target::kMain},
      {.route = "GET /api/v1/declarations/{id}/benchmark",
       .allowed = kReaders - Who{kOwner},
       .target = Target::kMain},

      // --- review: deciding, on D waiting at the county (the county reviewer is its actor) ---
      {.route = "POST /api/v1/declarations/{id}/blacklist-checks",
       .allowed = {kCountyIn},
       .target = Target::kCounty,
       .body = R"({"source": "gsxt", "result": "clear", "note": "矩阵测试核查"})",
       .refusal = Refusal::kWorkflow},
      // Passes D into the county's list …
      {.route = "POST /api/v1/reviews/decisions",
       .allowed = {kCountyIn},
       .target = Target::kCounty,
       .body = R"({"action": "pass", "declarations": ["{county}"], "opinion": "初审通过"})",
       .refusal = Refusal::kPerItem},
      // … and takes it out again (reopen), so the county's list is empty for the rows below.
      {.route = "POST /api/v1/declarations/{id}/actions/{action}",
       .allowed = {kCountyIn},
       .target = Target::kCounty,
       .body = R"({"opinion": "撤出推荐名单"})",
       .refusal = Refusal::kWorkflow},
      {.route = "POST /api/v1/reviews/files",
       .allowed = kReviewers | kDepartments,
       .query = "?name=evidence.pdf",
       .body = "",
       .payload = Payload::kPdf},

      // --- the units' recommendation lists (a unit's own list in the round) ---
      // Units outside the round's region have no list in it; the province does not file one.
      {.route = "GET /api/v1/rounds/{round}/batch",
       .allowed = kListUnits,
       .target = Target::kRound},
      {.route = "PUT /api/v1/rounds/{round}/batch/ranking",
       .allowed = kListReviewers,
       .target = Target::kRound,
       .body = R"({"order": []})"},
      {.route = "POST /api/v1/rounds/{round}/batch/letter",
       .allowed = kListReviewers,
       .target = Target::kRound,
       .query = "?name=letter.pdf",
       .body = "",
       .payload = Payload::kPdf},
      // Joint signatures exist only where a level recommends jointly: the Shaanxi round's city
      // level, where the department of 西安市 signs its city's list.
      {.route = "POST /api/v1/rounds/{round}/batch/sign",
       .allowed = {kDeptJoint},
       .target = Target::kJointRound,
       .body = "{}"},
      // The lists are empty: filing is refused for that (409), after the permission check.
      {.route = "POST /api/v1/rounds/{round}/batch/file",
       .allowed = kListReviewers,
       .target = Target::kRound,
       .body = "{}"},
      {.route = "GET /api/v1/rounds/{round}/batches",
       .allowed = kListUnits | Who{kProvinceIn},
       .target = Target::kRound},
      {.route = "GET /api/v1/rounds/{round}/batch/summary.xlsx",
       .allowed = kListUnits,
       .target = Target::kRound},
      {.route = "GET /api/v1/rounds/{round}/batch/summary.pdf",
       .allowed = kListUnits,
       .target = Target::kRound},
      {.route = "POST /api/v1/rounds/{round}/batch/bundle",
       .allowed = kListUnits,
       .target = Target::kRound,
       .body = "{}"},

      // --- blacklists and imports (empty files: refused as files, after the permission check) ---
      // The blacklist is national: any province's reviewer imports it.
      {.route = "POST /api/v1/blacklists/import",
       .allowed = {kProvinceIn, kProvinceOut, kAdmin},
       .query = "?name=blacklist.csv",
       .body = "",
       .payload = Payload::kEmptyTable},
      {.route = "POST /api/v1/blacklists/preview",
       .allowed = {kProvinceIn, kProvinceOut, kAdmin},
       .body = "",
       .payload = Payload::kEmptyTable},
      {.route = "GET /api/v1/blacklists/imports",
       .allowed = kReviewers | kDepartments | Who{kAdmin}},
      // Province and city reviewers import into their own region. The group's reviewer is a
      // city-level reviewer by its account and passes the check; its region is the group's unit
      // code, inside which no directory row can lie (noted in the report, kept as the rule reads).
      {.route = "POST /api/v1/imports/{kind}/preview",
       .allowed = {kProvinceIn, kProvinceOut, kCityIn, kCityOut, kGroup, kAdmin},
       .body = "",
       .payload = Payload::kEmptyTable},
      {.route = "POST /api/v1/imports/{kind}",
       .allowed = {kProvinceIn, kProvinceOut, kCityIn, kCityOut, kGroup, kAdmin},
       .query = "?name=directory.csv",
       .body = "",
       .payload = Payload::kEmptyTable},
      {.route = "GET /api/v1/imports", .allowed = kReviewers | Who{kAdmin}},

      // --- the province's stages: only the province's reviewers of the round's own province ---
      {.route = "GET /api/v1/rounds/{round}/experts",
       .allowed = {kProvinceIn},
       .target = Target::kRound},
      {.route = "GET /api/v1/rounds/{round}/panels",
       .allowed = {kProvinceIn},
       .target = Target::kRound},
      {.route = "POST /api/v1/rounds/{round}/panels/assign",
       .allowed = {kProvinceIn},
       .target = Target::kRound,
       .body = "{}"},
      {.route = "PUT /api/v1/declarations/{id}/panel",
       .allowed = {kProvinceIn},
       .target = Target::kMain,
       .body = R"({"experts": {panel}})"},
      {.route = "GET /api/v1/expert/assignments", .allowed = {kExpertIn, kExpertOut}},
      {.route = "GET /api/v1/declarations/{id}/score-sheet",
       .allowed = {kExpertIn},
       .target = Target::kMain},
      {.route = "PUT /api/v1/declarations/{id}/score-sheet",
       .allowed = {kExpertIn},
       .target = Target::kMain,
       .body = R"({"scores": {}, "comment": ""})"},
      {.route = "GET /api/v1/rounds/{round}/expert-results",
       .allowed = {kProvinceIn},
       .target = Target::kRound},
      {.route = "POST /api/v1/declarations/{id}/onsite",
       .allowed = {kProvinceIn},
       .target = Target::kOnsite,
       .body =
           R"({"checked_on": "2025-06-05", "inspectors": [], "findings": [], "result": "pass"})"},
      {.route = "GET /api/v1/declarations/{id}/onsite",
       .allowed = kOfficials | Who{kAdmin},
       .target = Target::kOnsite},
      {.route = "POST /api/v1/rounds/{round}/notices",
       .allowed = {kProvinceIn},
       .target = Target::kRound,
       .body = R"({"declarations": [], "starts_on": "2025-06-05", "title": ""})"},
      {.route = "GET /api/v1/rounds/{round}/notices",
       .allowed = kEveryone,
       .target = Target::kRound},
      {.route = "GET /api/v1/notices/{id}", .allowed = kEveryone, .target = Target::kNoticeId},
      // Anyone may object; an objection without a real name is refused as such (422).
      {.route = "POST /api/v1/notices/{id}/objections",
       .allowed = kEveryone,
       .target = Target::kNoticeId,
       .body = R"({"declaration_id": "{notice}", "objector_kind": "person", "content": "匿名"})"},
      // The enterprise reads the objections to it (without the objector's identity); experts not.
      {.route = "GET /api/v1/declarations/{id}/objections",
       .allowed = kOfficials | Who{kOwner, kAdmin},
       .target = Target::kNotice},
      {.route = "POST /api/v1/objections/{id}/resolve",
       .allowed = {kProvinceIn},
       .target = Target::kObjection,
       .body = R"({"outcome": "dismissed", "resolution": "经核实，异议所述情况不属实"})"},
      // Still on notice: 409 NOTICE_NOT_ENDED for the province, after the permission check.
      {.route = "POST /api/v1/notices/{id}/publish",
       .allowed = {kProvinceIn},
       .target = Target::kNoticeId,
       .body = "{}"},

      // --- the registry and basic-tier self-evaluations ---
      // A confirmed self-evaluation is not public: its enterprise, the officials of its region and
      // the administrator see it.
      {.route = "GET /api/v1/registry/{id}",
       .allowed = kOfficials | Who{kOwner, kAdmin},
       .target = Target::kRegistryEntry},
      // The recognising units: the province, and for a self-evaluation its county.
      {.route = "POST /api/v1/registry/{id}/review",
       .allowed = {kCountyIn, kProvinceIn},
       .target = Target::kRegistryEntry,
       .body = R"({"outcome": "confirmed", "note": "复核维持"})"},
      {.route = "POST /api/v1/registry/{id}/revoke",
       .allowed = {kCountyIn, kProvinceIn},
       .target = Target::kRegistryEntry,
       .body = R"({"reason": "矩阵测试撤销"})"},
      {.route = "POST /api/v1/enterprises/{id}/self-evaluations",
       .allowed = {kOwner},
       .target = Target::kEnterprise,
       .body = R"({"factory_name": "未满足条件的工厂", "answers": []})"},
      {.route = "GET /api/v1/self-evaluations", .allowed = kSignedIn},
      {.route = "POST /api/v1/self-evaluations/{id}/{decision}",
       .allowed = {kCountyIn},
       .target = Target::kSelfEvaluation,
       .body = R"({"opinion": "请补充自评说明"})"},

      // --- enterprise groups (registered by the province or the administrator) ---
      {.route = "POST /api/v1/groups",
       .allowed = {kProvinceIn, kAdmin},
       .body = R"({"route": "provincial_soe", "name": "{group_name}", "region": "350000"})"},
      {.route = "GET /api/v1/groups", .allowed = kSignedIn},
      {.route = "GET /api/v1/groups/{id}",
       .allowed = {kProvinceIn, kGroup, kAdmin},
       .target = Target::kGroup},
      {.route = "PUT /api/v1/groups/{id}/members",
       .allowed = {kProvinceIn, kAdmin},
       .target = Target::kGroup,
       .body = R"({"credit_codes": []})"},
      {.route = "POST /api/v1/groups/{id}/accounts",
       .allowed = {kAdmin},
       .target = Target::kGroup,
       .body = R"({"username": "", "password": "", "display_name": ""})"},

      // --- statistics (a region's own figures and those below it; the group has no region) ---
      {.route = "GET /api/v1/regions/{code}/maturity",
       .allowed = kOfficials | Who{kAdmin},
       .target = Target::kRegion},
      {.route = "GET /api/v1/regions/{code}/maturity-summary.docx",
       .allowed = kOfficials | Who{kAdmin},
       .target = Target::kRegion},
      // A round's figures default to the caller's own region, wherever that is.
      {.route = "GET /api/v1/rounds/{round}/statistics",
       .allowed = kRegionalReviewers | kDepartments | Who{kAdmin},
       .target = Target::kRound},
      {.route = "GET /api/v1/rounds/{round}/copied-text",
       .allowed = kRegionalReviewers | kDepartments | Who{kAdmin},
       .target = Target::kRound},

      // --- round definitions ---
      {.route = "GET /api/v1/admin/rounds", .allowed = {kAdmin}},
      {.route = "GET /api/v1/admin/rounds/{id}", .allowed = {kAdmin}, .target = Target::kRound},
      {.route = "POST /api/v1/admin/rounds/check",
       .allowed = {kAdmin},
       .body = R"({"yaml": "kind: round\n"})"},
      {.route = "PUT /api/v1/admin/rounds/{id}",
       .allowed = {kAdmin},
       .target = Target::kRound,
       .body = R"({"yaml": "kind: round\n", "base_version": 0})"},

      // --- last: calls that end what the rows above use ---
      // The expert leaves A's panel (replaced by another expert of the pool).
      {.route = "POST /api/v1/declarations/{id}/conflicts",
       .allowed = {kExpertIn},
       .target = Target::kMain,
       .body = R"({"reason": "本人曾为该企业提供咨询服务"})"},
      {.route = "DELETE /api/v1/session", .allowed = kSignedIn},
  };
  return rows;
}

/// The route's path with its parameters filled in.
std::string fill(std::string text, const std::map<std::string, std::string>& values) {
  for (const auto& [name, value] : values) {
    const std::string key = "{" + name + "}";
    for (auto at = text.find(key); at != std::string::npos; at = text.find(key, at + value.size()))
      text.replace(at, key.size(), value);
  }
  return text;
}

/// How a caller fared.
enum class Outcome : std::uint8_t { kAllowed, kRefused, kBroken };

/// Reads an answer as the header comment explains; kBroken for a server error or an answer that
/// is no verdict on the caller (a CSRF failure would be the harness's fault).
Outcome classify(const Row& row, const ApiReply& r) {
  if (row.refusal == Refusal::kPerItem && r.status == 200) {
    const auto results = r.json.value("results", json::array());
    if (results.size() != 1) return Outcome::kBroken;
    if (results[0].value("ok", false)) return Outcome::kAllowed;
    const std::string code = results[0].value("code", "");
    return code == "NOT_FOUND" || code == "FORBIDDEN" || code == "ACTION_NOT_ALLOWED"
               ? Outcome::kRefused
               : Outcome::kAllowed;
  }
  const std::string code = r.code();
  if (r.status == 401) return code == "UNAUTHENTICATED" ? Outcome::kRefused : Outcome::kBroken;
  if (r.status == 403) return code == "FORBIDDEN" ? Outcome::kRefused : Outcome::kBroken;
  if (r.status == 404 && code == "NOT_FOUND") return Outcome::kRefused;
  if (row.refusal == Refusal::kWorkflow && r.status == 409 && code == "ACTION_NOT_ALLOWED")
    return Outcome::kRefused;
  if (r.status < 200 || r.status >= 500) return Outcome::kBroken;
  return Outcome::kAllowed;
}

class AuthorizationMatrix : public ReviewChain {
 protected:
  /// Everything the rows name, built through the API.
  struct World {
    std::optional<Submitted> a, b, c, d;  // main, onsite, notice, county
    std::optional<EnterpriseUser> other;  // 闽侯县, with a draft of its own
    std::vector<std::string> panel;       // A's experts (account ids)
    std::string self_evaluation;          // A's enterprise's, waiting for the county
    std::string registry_entry;           // A's enterprise's confirmed one
    std::string job;                      // the city's bundle of its filed list
    std::string group;
    std::string notice;     // C's
    std::string objection;  // to C
    std::string account;    // the outside expert's account id
  };

  static tidu::service::NewAccount expert(const std::string& username, const std::string& region,
                                          const std::string& employer) {
    return {.username = username,
            .password = "Expert-Secret-2025!",
            .role = "expert",
            .level = "",
            .region = region,
            .authority = "",
            .display_name = username,
            .extra = {{"employer", employer},
                      {"specialities", {"C34", "智能制造"}},
                      {"contact", "0591-00000000"}}};
  }
  static StaffAccount department(std::string username, std::string region, std::string name) {
    auto s = tidu::test::reviewer_account(std::move(username), "city", std::move(region), "发改",
                                          std::move(name));
    s.role = "co_department";
    return s;
  }

  const StaffAccount county_in_ = tidu::test::reviewer_account(
      "az.county.fuqing", "county", kFuqing, "工信", "福清市工信局审核员");
  const StaffAccount county_out_ = tidu::test::reviewer_account(
      "az.county.minhou", "county", kMinhou, "工信", "闽侯县工信局审核员");
  const StaffAccount city_in_ =
      tidu::test::reviewer_account("az.city.fuzhou", "city", kFuzhou, "工信", "福州市工信局审核员");
  const StaffAccount city_out_ =
      tidu::test::reviewer_account("az.city.xiamen", "city", kXiamen, "工信", "厦门市工信局审核员");
  const StaffAccount province_in_ = tidu::test::reviewer_account(
      "az.province.fujian", "province", kFujianProvince, "工信", "福建省工信厅审核员");
  const StaffAccount province_out_ = tidu::test::reviewer_account(
      "az.province.shaanxi", "province", kShaanxiProvince, "工信", "陕西省工信厅审核员");
  const StaffAccount dept_in_ = department("az.dept.fuzhou", kFuzhou, "福州市发改委");
  const StaffAccount dept_out_ = department("az.dept.xiamen", kXiamen, "厦门市发改委");
  const StaffAccount dept_joint_ = department("az.dept.xian", kXian, "西安市发改委");
  const StaffAccount admin_ = tidu::test::admin_account("az.admin", kFujianProvince);
  const std::string group_username_ = "az.group";
  const std::string group_password_ = "Group-Review-2025!";
  static constexpr std::array<const char*, 5> kPanelExperts = {"az.e1", "az.e2", "az.e3", "az.e4",
                                                               "az.e5"};

  /// Takes the round to the state the header describes.
  void build(World& w) {
    create_staff({county_in_, county_out_, city_in_, city_out_, province_in_, province_out_,
                  dept_in_, dept_out_, dept_joint_, admin_});
    state_->create_accounts(
        {expert("az.e1", "350200", "厦门大学"), expert("az.e2", "350500", "华侨大学"),
         expert("az.e3", "350300", "莆田学院"), expert("az.e4", "350600", "闽南师范大学"),
         expert("az.e5", "350700", "武夷学院"), expert("az.e6", "350800", "龙岩学院")});

    // April 1st: four enterprises of 福清市 submit; another one of 闽侯县 keeps a draft.
    w.a = submitted(kFujian, kFuqing, kFjDuring, "福清甲", 21);
    w.b = submitted(kFujian, kFuqing, kFjDuring, "福清乙", 22);
    w.c = submitted(kFujian, kFuqing, kFjDuring, "福清丙", 23);
    w.d = submitted(kFujian, kFuqing, kFjDuring, "福清丁", 24);
    w.other = tidu::test::register_enterprise_in(port_at(kFjDuring), kMinhou, "闽侯戊");
    ASSERT_EQ(w.other->client.post("/api/v1/declarations", {{"round", kFujian}}).status, 201);

    // The administrator registers an enterprise group and its reviewer.
    auto admin = sign_in(admin_, kFjDuring);
    auto group =
        admin.post("/api/v1/groups",
                   {{"route", "provincial_soe"}, {"name", kGroupName}, {"region", "350000"}});
    ASSERT_EQ(group.status, 201) << group.describe();
    w.group = group.json.value("id", "");
    auto group_account =
        admin.post("/api/v1/groups/" + w.group + "/accounts", {{"username", group_username_},
                                                               {"password", group_password_},
                                                               {"display_name", "省属集团审核员"}});
    ASSERT_EQ(group_account.status, 201) << group_account.describe();

    // A's enterprise: one basic-tier self-evaluation confirmed into the registry, one waiting.
    auto county = sign_in(county_in_, kFjDuring);
    auto conditions = w.a->enterprise.client.get("/api/v1/self-evaluation/conditions");
    ASSERT_EQ(conditions.status, 200) << conditions.describe();
    json answers = json::array();
    for (const auto& c : conditions.json["items"])
      answers.push_back({{"id", c.value("id", "")}, {"met", true}, {"evidence", "见自评报告"}});
    const std::string self_path = "/api/v1/enterprises/" + w.a->enterprise.id + "/self-evaluations";
    std::vector<std::string> selves;
    for (const char* factory : {"福清甲一号智能工厂", "福清甲二号智能工厂"}) {
      auto filed = w.a->enterprise.client.post(
          self_path, {{"factory_name", factory}, {"edition", "2024"}, {"answers", answers}});
      ASSERT_EQ(filed.status, 201) << filed.describe();
      selves.push_back(filed.json.value("id", ""));
    }
    auto confirmed = county.post("/api/v1/self-evaluations/" + selves[0] + "/confirm",
                                 {{"opinion", "经复核符合基础级条件"}});
    ASSERT_EQ(confirmed.status, 200) << confirmed.describe();
    w.self_evaluation = selves[1];
    auto entry = county.get("/api/v1/registry?q=" + tidu::test::url_encode("福清甲一号智能工厂"));
    ASSERT_EQ(entry.status, 200) << entry.describe();
    ASSERT_EQ(entry.json["items"].size(), 1U) << entry.body;
    w.registry_entry = entry.json["items"][0].value("id", "");

    // The county checks the blacklists of all four, passes A, B and C and files its list.
    for (const auto* s : {&*w.a, &*w.b, &*w.c, &*w.d}) {
      record_blacklist(county, s->id);
      if (HasFatalFailure()) return;
    }
    for (const auto* s : {&*w.a, &*w.b, &*w.c})
      ASSERT_EQ(act(county, s->id, "pass", "同意").status, 200);
    ASSERT_EQ(upload_letter(county, kFujian, "初审意见.pdf", "县初审意见").status, 200);
    auto county_filed = county.post(batch_path(kFujian, "/file"), json::object());
    ASSERT_EQ(county_filed.status, 200) << county_filed.describe();

    // April 10th: the city passes, ranks and files them, and bundles its filed list.
    auto city = sign_in(city_in_, kFjLastDay);
    std::vector<std::string> ids;
    for (const auto* s : {&*w.a, &*w.b, &*w.c}) {
      ASSERT_EQ(act(city, s->id, "pass", "同意推荐").status, 200);
      ids.push_back(s->id);
    }
    ASSERT_EQ(city.put(batch_path(kFujian, "/ranking"), {{"order", ids}}).status, 200);
    ASSERT_EQ(upload_letter(city, kFujian, "推荐意见.pdf", "市推荐意见").status, 200);
    auto city_filed = city.post(batch_path(kFujian, "/file"), json::object());
    ASSERT_EQ(city_filed.status, 200) << city_filed.describe();
    auto job = city.post(batch_path(kFujian, "/bundle?batch=" + city_filed.json.value("id", "")),
                         json::object());
    ASSERT_EQ(job.status, 202) << job.describe();
    w.job = job.json.value("id", "");

    // May 20th: the province's formal review, panels, scores, shortlist and on-site checks.
    auto province = sign_in(province_in_, kFjProvinceStages);
    for (const auto* s : {&*w.a, &*w.b, &*w.c})
      ASSERT_EQ(act(province, s->id, "formal_pass").status, 200);
    auto pool = province.get("/api/v1/rounds/" + std::string(kFujian) + "/experts");
    ASSERT_EQ(pool.status, 200) << pool.describe();
    std::map<std::string, std::string> expert_id;  // display name (= user name) → account id
    for (const auto& e : pool.json["items"]) expert_id[e.value("name", "")] = e.value("id", "");
    for (const char* e : kPanelExperts) w.panel.push_back(expert_id[e]);
    w.account = expert_id["az.e6"];
    for (const auto* s : {&*w.a, &*w.b, &*w.c}) {
      auto set = province.put(decl_path(s->id) + "/panel", {{"experts", w.panel}});
      ASSERT_EQ(set.status, 200) << set.describe();
    }
    for (const char* username : kPanelExperts) {
      ApiClient e(port_at(kFjProvinceStages));
      ASSERT_EQ(e.login(username, "Expert-Secret-2025!").status, 200);
      for (const auto* s : {&*w.b, &*w.c}) {
        auto sheet = e.get(decl_path(s->id) + "/score-sheet");
        ASSERT_EQ(sheet.status, 200) << sheet.describe();
        json scores = json::object();
        for (const auto& c : sheet.json["criteria"])
          scores[c.value("id", "")] = std::floor(c.value("max", 0.0) * 0.8 * 2) / 2;
        auto put =
            e.put(decl_path(s->id) + "/score-sheet", {{"scores", scores}, {"comment", "材料翔实"}});
        ASSERT_EQ(put.status, 200) << put.describe();
      }
    }
    for (const auto* s : {&*w.b, &*w.c}) {
      ASSERT_EQ(act(province, s->id, "shortlist", "专家评审通过").status, 200);
      ASSERT_EQ(act(province, s->id, "start_onsite").status, 200);
    }
    auto stages = province.get("/api/v1/rounds/" + std::string(kFujian) + "/review");
    ASSERT_EQ(stages.status, 200) << stages.describe();
    json findings = json::array();
    for (const auto& item : stages.json["onsite_check"]["checklist"])
      findings.push_back({{"item", item.value("id", "")}, {"conforms", true}, {"note", "一致"}});
    auto onsite = province.post(decl_path(w.c->id) + "/onsite", {{"checked_on", "2025-05-20"},
                                                                 {"inspectors", {"林工"}},
                                                                 {"findings", findings},
                                                                 {"result", "pass"}});
    ASSERT_EQ(onsite.status, 201) << onsite.describe();
    ASSERT_EQ(act(province, w.c->id, "onsite_pass").status, 200);

    // June 3rd: C goes on public notice; on the 5th someone objects to it by real name.
    auto notice_day = sign_in(province_in_, kFjNoticeStart);
    auto notice = notice_day.post("/api/v1/rounds/" + std::string(kFujian) + "/notices",
                                  {{"declarations", {w.c->id}}, {"starts_on", "2025-06-03"}});
    ASSERT_EQ(notice.status, 201) << notice.describe();
    w.notice = notice.json.value("id", "");
    ApiClient anyone(port_at(kFjMatrix));
    auto objection = anyone.post(
        "/api/v1/notices/" + w.notice + "/objections",
        {{"declaration_id", w.c->id},
         {"objector_kind", "person"},
         {"objector_name", "王某某"},
         {"contact", "13900000000"},
         {"content", "该企业部分产线并未投产"},
         {"file_name", "异议书.pdf"},
         {"file_base64", tidu::files::base64_encode(tidu::test::pdf_bytes("objection"))}});
    ASSERT_EQ(objection.status, 201) << objection.describe();
    w.objection = objection.json.value("id", "");

    // The bundle ran on the April 10th server; wait until it is done.
    for (int i = 0; i < 600; ++i) {
      auto state = city.get("/api/v1/jobs/" + w.job);
      ASSERT_EQ(state.status, 200) << state.describe();
      const std::string s = state.json.value("state", "");
      ASSERT_NE(s, "failed") << state.body;
      if (s == "done") break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }

  /// Signs a staff member (or expert, or group reviewer) in on the matrix server.
  ApiClient signed_in(const std::string& username, const std::string& password) {
    ApiClient c(port_at(kFjMatrix));
    const auto r = c.login(username, password);
    if (r.status != 200) throw std::runtime_error("login " + username + ": " + r.describe());
    return c;
  }
};

TEST_P(AuthorizationMatrix, EveryRouteLetsThroughExactlyTheCallersTheTableNames) {
  const auto begun = std::chrono::steady_clock::now();
  World w;
  build(w);
  if (HasFatalFailure()) return;
  const auto started = std::chrono::steady_clock::now();

  // The routes the server has, and those the table names: the same, exactly.
  ApiClient anonymous(port_at(kFjMatrix));
  const auto doc = anonymous.get("/api/v1/openapi.json");
  ASSERT_EQ(doc.status, 200) << doc.describe();
  std::set<std::string> served;
  for (const auto& [pattern, methods] : doc.json.at("paths").items()) {
    for (const auto& [method, op] : methods.items()) {
      std::string upper = method;
      for (auto& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      served.insert(upper + " " + pattern);
    }
  }
  std::set<std::string> listed;
  for (const auto& row : table()) {
    EXPECT_TRUE(listed.insert(row.route).second) << row.route << " is listed twice in the table";
    EXPECT_TRUE(served.contains(row.route))
        << row.route << " is in the table but no longer in the OpenAPI document";
  }
  for (const auto& route : served) {
    EXPECT_TRUE(listed.contains(route))
        << route << " is in the OpenAPI document but not in the table: decide who may call it";
  }

  // The callers, signed in on the matrix server.
  const std::string staff_password = county_in_.password;
  std::map<Principal, ApiClient> callers;
  callers.emplace(kAnonymous, ApiClient(port_at(kFjMatrix)));
  callers.emplace(kOtherEnterprise, signed_in(w.other->username, w.other->password));
  for (const auto& [who, account] :
       std::vector<std::pair<Principal, const StaffAccount*>>{{kCountyIn, &county_in_},
                                                              {kCountyOut, &county_out_},
                                                              {kCityIn, &city_in_},
                                                              {kCityOut, &city_out_},
                                                              {kProvinceIn, &province_in_},
                                                              {kProvinceOut, &province_out_},
                                                              {kDeptIn, &dept_in_},
                                                              {kDeptOut, &dept_out_},
                                                              {kDeptJoint, &dept_joint_},
                                                              {kAdmin, &admin_}})
    callers.emplace(who, signed_in(account->username, account->password));
  callers.emplace(kGroup, signed_in(group_username_, group_password_));
  callers.emplace(kExpertIn, signed_in(kPanelExperts[0], "Expert-Secret-2025!"));
  callers.emplace(kExpertOut, signed_in("az.e6", "Expert-Secret-2025!"));
  // The owner depends on the row: the enterprise of the declaration it names (A's otherwise).
  std::map<std::string, ApiClient> owners;
  for (const auto* s : {&*w.a, &*w.b, &*w.c, &*w.d})
    owners.emplace(s->id, signed_in(s->enterprise.username, s->enterprise.password));
  const auto declaration_of = [&](Target t) -> const Submitted* {
    switch (t) {
      case Target::kMain:
        return &*w.a;
      case Target::kCounty:
        return &*w.d;
      case Target::kOnsite:
        return &*w.b;
      case Target::kNotice:
        return &*w.c;
      default:
        return nullptr;
    }
  };
  const auto caller = [&](Principal p, Target t) -> const ApiClient& {
    if (p != kOwner) return callers.at(p);
    const auto* d = declaration_of(t);
    return owners.at(d != nullptr ? d->id : w.a->id);
  };
  ApiClient& admin = callers.at(kAdmin);

  // What the path parameters and bodies name.
  const std::string snapshot_sha = w.a->snapshot.value("sha256", "");
  const auto values = [&](Target t) {
    std::map<std::string, std::string> v = {
        {"section", "narrative"},
        {"number", "1"},
        {"sha256", w.a->document["attachments"][0].value("sha256", "")},
        {"action", "reopen"},
        {"decision", "return"},
        {"kind", "directory"},
        {"edition", "2024"},
        {"round", t == Target::kJointRound ? kShaanxi : kFujian},
        {"code", t == Target::kVerifyCode ? snapshot_sha.substr(0, 16) : std::string(kFuqing)},
        {"county", w.d->id},
        {"notice", w.c->id},
        {"panel", json(w.panel).dump()},
        {"group_name", kGroupName}};
    if (const auto* d = declaration_of(t)) v["id"] = d->id;
    switch (t) {
      case Target::kEnterprise:
        v["id"] = w.a->enterprise.id;
        break;
      case Target::kSelfEvaluation:
        v["id"] = w.self_evaluation;
        break;
      case Target::kRegistryEntry:
        v["id"] = w.registry_entry;
        break;
      case Target::kAccount:
        v["id"] = w.account;
        break;
      case Target::kJob:
        v["id"] = w.job;
        break;
      case Target::kGroup:
        v["id"] = w.group;
        break;
      case Target::kNoticeId:
        v["id"] = w.notice;
        break;
      case Target::kObjection:
        v["id"] = w.objection;
        break;
      case Target::kRound:
        v["id"] = kFujian;
        break;
      default:
        break;
    }
    return v;
  };

  // What a refused call must leave as it was: the audit log, and the row's declaration and the
  // files of A's enterprise as their readers see them.
  auto db = state_->connect();
  ASSERT_TRUE(db.has_value()) << tidu::test::describe(db.error());
  const auto fingerprint = [&](Target t) {
    auto rows = (*db)->query("SELECT COUNT(*), COALESCE(MAX(seq), 0) FROM audit_log");
    std::string out =
        rows ? fmt::format("audit {} {}", (*rows)[0].get_int(0), (*rows)[0].get_int(1)) : "audit ?";
    out += "\nfiles " + owners.at(w.a->id).get(decl_path(w.a->id) + "/files").body;
    if (const auto* d = declaration_of(t)) {
      out += "\n" + admin.get(decl_path(d->id)).body;
      out += "\n" + admin.get(decl_path(d->id) + "/timeline").body;
    }
    return out;
  };

  int calls = 0;
  int allowed = 0;
  int refused = 0;
  int hidden = 0;
  int unchanged = 0;  // state-changing routes whose refused calls were checked to change nothing
  std::vector<std::string> mismatches;
  for (const auto& row : table()) {
    if (!served.contains(row.route)) continue;
    const std::string route = row.route;
    const auto space = route.find(' ');
    const std::string method = route.substr(0, space);
    const auto v = values(row.target);
    const std::string target = fill(route.substr(space + 1), v) + row.query;
    std::string body;
    std::string type = "application/json";
    if (row.payload == Payload::kPdf) {
      body = tidu::test::pdf_bytes(route);
      type = "application/pdf";
    } else if (row.payload == Payload::kEmptyTable) {
      type = "text/csv";
    } else if (row.body != nullptr) {
      body = fill(row.body, v);
    }

    // Refused callers first, and nothing they did may show; then the allowed ones.
    const auto call = [&](Principal who) {
      const auto reply = caller(who, row.target).send(method, target, body, type);
      ++calls;
      const Outcome got = classify(row, reply);
      const bool expected = row.allowed.has(who);
      if (got == Outcome::kAllowed) ++allowed;
      if (got == Outcome::kRefused) {
        ++refused;
        if (reply.status == 404) ++hidden;
      }
      if (got == Outcome::kBroken || (got == Outcome::kAllowed) != expected) {
        mismatches.push_back(fmt::format("{} as {}: the table says {}, the server answered {}",
                                         route, name_of(who), expected ? "allowed" : "refused",
                                         reply.describe().substr(0, 400)));
      }
    };
    const bool changes = method != "GET";
    const std::string before = changes ? fingerprint(row.target) : std::string();
    for (std::size_t i = 0; i < kPrincipals; ++i)
      if (!row.allowed.has(static_cast<Principal>(i))) call(static_cast<Principal>(i));
    if (changes) {
      ++unchanged;
      const std::string after = fingerprint(row.target);
      EXPECT_TRUE(after == before)
          << route << ": a refused call changed something\nbefore: " << before.substr(0, 1500)
          << "\nafter: " << after.substr(0, 1500);
    }
    for (std::size_t i = 0; i < kPrincipals; ++i)
      if (row.allowed.has(static_cast<Principal>(i))) call(static_cast<Principal>(i));
  }
  for (const auto& m : mismatches) ADD_FAILURE() << m;

  const auto seconds = [](auto from, auto to) {
    return std::chrono::duration<double>(to - from).count();
  };
  const auto finished = std::chrono::steady_clock::now();
  tidu::test::report(fmt::format(
      "[ authz ] {}: authorization matrix: {} routes × {} principals = {} calls, {} allowed and "
      "{} refused ({} of them 404 hiding the object) — {} differing from the table; the refused "
      "calls to the {} state-changing routes left the audit log and the declarations as they "
      "were (world built in {:.1f} s, matrix run in {:.1f} s)",
      GetParam() == Backend::kSqlite ? "sqlite" : "postgresql", served.size(), kPrincipals, calls,
      allowed, refused, hidden, mismatches.size(), unchanged, seconds(begun, started),
      seconds(started, finished)));
}

INSTANTIATE_TEST_SUITE_P(Backends, AuthorizationMatrix, tidu::test::all_backends(),
                         tidu::test::backend_name);

}  // namespace
