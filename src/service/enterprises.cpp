#include "service/enterprises.hpp"

#include <fmt/format.h>

#include "declaration/json_io.hpp"
#include "service/accounts.hpp"

namespace tidu::service {
namespace {

using nlohmann::json;
using storage::Database;

namespace sql {
constexpr const char* kSelectEnterprise =
    "SELECT id, credit_code, name, region, profile_json, version, updated_at FROM enterprises "
    "WHERE id = $1";
constexpr const char* kUpdateProfile =
    "UPDATE enterprises SET profile_json = $1, name = $2, region = $3, updated_at = $4, "
    "version = version + 1 WHERE id = $5 AND version = $6";
/// The region kept beside each declaration for the reviewers' lists (migration 018).
constexpr const char* kUpdateDeclarationRegion =
    "UPDATE declarations SET enterprise_region = $1 WHERE enterprise_id = $2";
constexpr const char* kSelectMaturity =
    "SELECT id, level, score, assessed_on, source, COALESCE(report_sha256, ''), "
    "COALESCE(report_name, ''), recorded_at FROM maturity_assessments WHERE enterprise_id = $1 "
    "ORDER BY assessed_on DESC, recorded_at DESC";
constexpr const char* kInsertMaturity =
    "INSERT INTO maturity_assessments (id, enterprise_id, level, score, assessed_on, source, "
    "report_sha256, report_name, recorded_at, recorded_by) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
}  // namespace sql

}  // namespace

ProfileOutcome read_profile(const json& j) {
  ProfileOutcome out;
  auto read = declaration::read_declaration(
      json{{"format", declaration::kFormat}, {"enterprise", j.is_object() ? j : json::object()}});
  out.profile = std::move(read.declaration.enterprise);
  if (!j.is_object()) out.problems.emplace_back("$.enterprise: 应为对象");
  for (const auto& p : read.problems) out.problems.push_back(p.path + ": " + p.message);
  return out;
}

json profile_json(const declaration::Enterprise& e) {
  declaration::Declaration d;
  d.enterprise = e;
  return declaration::to_json(d).at("enterprise");
}

Enterprises::Enterprises(storage::Pool& pool, const catalogue::Catalogue& catalogue, Clock clock)
    : pool_(pool), catalogue_(catalogue), clock_(std::move(clock)) {}

Result<EnterpriseRecord> Enterprises::load(Database& db, const std::string& id) {
  auto rows = db.query(sql::kSelectEnterprise, {id});
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) return fail("NOT_FOUND", "企业不存在");
  const auto& r = (*rows)[0];
  EnterpriseRecord e{.id = r.get_text(0),
                     .credit_code = r.get_text(1),
                     .name = r.get_text(2),
                     .region = r.get_text(3),
                     .version = r.get_int(5),
                     .updated_at = r.get_text(6),
                     .profile = {}};
  const json stored = json::parse(r.get_text(4), nullptr, false);
  e.profile = read_profile(stored.is_discarded() ? json::object() : stored).profile;
  e.profile.credit_code = e.credit_code;
  return e;
}

Result<EnterpriseRecord> Enterprises::load_for_declaration(Database& db, const std::string& id) {
  auto e = load(db, id);
  if (!e) return e;
  auto rows = db.query(sql::kSelectMaturity, {id});
  if (!rows) return std::unexpected(rows.error());
  if (!rows->empty()) {
    const auto& r = (*rows)[0];
    e->profile.maturity.level = static_cast<int>(r.get_int(1));
    if (!r.is_null(2)) e->profile.maturity.score = r.get_double(2);
    e->profile.maturity.assessed_on = r.get_text(3);
    e->profile.maturity.source = r.get_text(4);
  }
  return e;
}

access::Decision Enterprises::may_read(const access::Principal& who,
                                       const EnterpriseRecord& e) const {
  using access::Role;
  switch (who.role) {
    case Role::kAdmin:
      return {true, {}};
    case Role::kEnterprise:
      return {who.enterprise_id == e.id, "只能查看本企业的信息"};
    case Role::kReviewer:
    case Role::kCoDepartment:
      return {catalogue_.regions.within(e.region, who.region), "企业不在本辖区"};
    case Role::kExpert:
      return {false, "无权查看企业信息"};
  }
  return {false, "无权查看"};
}

Result<EnterpriseRecord> Enterprises::get(const access::Principal& who, const std::string& id) {
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  auto e = load_for_declaration(**lease, id);
  if (!e) return e;
  if (!may_read(who, *e)) return fail("NOT_FOUND", "企业不存在");
  return e;
}

Result<EnterpriseRecord> Enterprises::save_profile(const access::Principal& who,
                                                   const std::string& id,
                                                   std::int64_t expected_version,
                                                   const json& profile) {
  if (who.role != access::Role::kEnterprise || who.enterprise_id != id) {
    if (who.role == access::Role::kEnterprise || who.role == access::Role::kExpert)
      return fail("NOT_FOUND", "企业不存在");
    return fail("FORBIDDEN", "企业信息只能由企业本身维护");
  }
  auto read = read_profile(profile);
  if (!read.problems.empty()) {
    return fail("VALIDATION_FAILED", fmt::format("企业信息格式有误（{} 处），未保存：{}",
                                                 read.problems.size(), read.problems.front()));
  }
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  Database& db = **lease;
  auto tx = storage::Transaction::begin(db);
  if (!tx) return std::unexpected(tx.error());
  auto current = load(db, id);
  if (!current) return std::unexpected(current.error());
  if (!read.profile.credit_code.empty() && read.profile.credit_code != current->credit_code) {
    return fail("VALIDATION_FAILED",
                "统一社会信用代码是企业的注册标识，不能在此修改；如有误请联系管理员");
  }
  read.profile.credit_code = current->credit_code;
  if (read.profile.name.empty()) read.profile.name = current->name;
  if (read.profile.region.empty()) read.profile.region = current->region;
  if (catalogue_.regions.find(read.profile.region) == nullptr) {
    return fail("VALIDATION_FAILED",
                fmt::format("地区代码“{}”不存在，请从地区列表中选择", read.profile.region));
  }
  if (current->version != expected_version) {
    return fail_with(
        "VERSION_CONFLICT",
        fmt::format("企业信息已在别处修改（当前版本 {}，您提交时的版本 {}），请刷新后再保存",
                    current->version, expected_version),
        json{{"current_version", current->version}}.dump());
  }
  auto n = db.execute(sql::kUpdateProfile,
                      {profile_json(read.profile).dump(), read.profile.name, read.profile.region,
                       time::format_instant(clock_()), id, expected_version});
  if (!n) return std::unexpected(n.error());
  if (read.profile.region != current->region)
    TIDU_TRY(db.execute(sql::kUpdateDeclarationRegion, {read.profile.region, id}));
  TIDU_TRY(audit(db, clock_(), who.account_id, "profile_save", "enterprise:" + id,
                 {{"version", expected_version + 1}}));
  TIDU_TRY(tx->commit());
  return load_for_declaration(db, id);
}

Result<MaturityAssessment> Enterprises::add_maturity(const access::Principal& who,
                                                     const std::string& id,
                                                     const MaturityAssessment& m) {
  if (who.role != access::Role::kEnterprise || who.enterprise_id != id)
    return fail("NOT_FOUND", "企业不存在");
  if (m.level < 1 || m.level > 5)
    return fail("VALIDATION_FAILED", "成熟度等级应为 1–5（GB/T 39116 一级至五级）");
  if (m.score && (*m.score < 0 || *m.score > 5))
    return fail("VALIDATION_FAILED", "成熟度得分应在 0–5 之间");
  if (!time::parse_date(m.assessed_on)) return fail("VALIDATION_FAILED", "评估日期应为 YYYY-MM-DD");
  if (m.source.empty() || m.source.size() > 400)
    return fail("VALIDATION_FAILED",
                "请填写评估来源（如 智能制造评估评价公共服务平台），不超过 100 字");
  MaturityAssessment out = m;
  out.id = new_id("m");
  out.recorded_at = time::format_instant(clock_());
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  Database& db = **lease;
  auto tx = storage::Transaction::begin(db);
  if (!tx) return std::unexpected(tx.error());
  if (!m.report_sha256.empty()) {
    auto f = db.query("SELECT name FROM enterprise_files WHERE enterprise_id = $1 AND sha256 = $2",
                      {id, m.report_sha256});
    if (!f) return std::unexpected(f.error());
    if (f->empty()) return fail("VALIDATION_FAILED", "评估报告文件尚未上传，请先上传");
    out.report_name = (*f)[0].get_text(0);
  }
  storage::Value score = nullptr;
  if (m.score) score = *m.score;
  TIDU_TRY(db.execute(sql::kInsertMaturity,
                      {out.id, id, std::int64_t{m.level}, score, m.assessed_on, m.source,
                       text_or_null(m.report_sha256), text_or_null(out.report_name),
                       out.recorded_at, who.account_id}));
  TIDU_TRY(audit(db, clock_(), who.account_id, "maturity_add", "enterprise:" + id,
                 {{"level", m.level}, {"assessed_on", m.assessed_on}}));
  TIDU_TRY(tx->commit());
  return out;
}

Result<std::vector<MaturityAssessment>> Enterprises::maturity_history(const access::Principal& who,
                                                                      const std::string& id) {
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  auto e = load(**lease, id);
  if (!e) return std::unexpected(e.error());
  if (!may_read(who, *e)) return fail("NOT_FOUND", "企业不存在");
  auto rows = (*lease)->query(sql::kSelectMaturity, {id});
  if (!rows) return std::unexpected(rows.error());
  std::vector<MaturityAssessment> out;
  for (const auto& r : *rows) {
    MaturityAssessment m{.id = r.get_text(0),
                         .level = static_cast<int>(r.get_int(1)),
                         .score = std::nullopt,
                         .assessed_on = r.get_text(3),
                         .source = r.get_text(4),
                         .report_sha256 = r.get_text(5),
                         .report_name = r.get_text(6),
                         .recorded_at = r.get_text(7)};
    if (!r.is_null(2)) m.score = r.get_double(2);
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace tidu::service
