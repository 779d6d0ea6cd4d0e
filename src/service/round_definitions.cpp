#include "service/round_definitions.hpp"

#include <fmt/format.h>

#include <fstream>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "service/accounts.hpp"

namespace tidu::service {
namespace {

using nlohmann::json;
using storage::Database;

constexpr std::string_view kStoredPrefix = "数据库:round_definitions/";
constexpr std::size_t kMaxNote = 200;

std::string stored_name(const std::string& id, std::int64_t version) {
  return fmt::format("{}{}@v{}", kStoredPrefix, id, version);
}

/// The stored version a Round::source_file names; 0 for a data file.
std::int64_t version_of_source(const std::string& source) {
  if (!source.starts_with(kStoredPrefix)) return 0;
  const auto at = source.rfind("@v");
  return at == std::string::npos ? 0 : std::stoll(source.substr(at + 2));
}

std::string origin_of(const std::string& source) {
  const auto v = version_of_source(source);
  return v > 0 ? fmt::format("数据库第 {} 版", v) : source;
}

Result<void> admin_only(const access::Principal& who) {
  if (who.role != access::Role::kAdmin)
    return fail("FORBIDDEN", "只有管理员可以查看和修改批次定义");
  return {};
}

json faults_json(const std::vector<data::Fault>& faults) {
  json out = json::array();
  for (const auto& f : faults)
    out.push_back(
        {{"line", f.line}, {"column", f.column}, {"path", f.path}, {"message", f.message}});
  return out;
}

/// The newest saved version of each round: version, yaml, note, time, who.
Result<std::map<std::string, RoundDefinition>> newest_stored(Database& db) {
  auto rows = db.query(
      "SELECT d.round_id, d.version, d.yaml, d.note, d.created_at, COALESCE(a.username, '') "
      "FROM round_definitions d LEFT JOIN accounts a ON a.id = d.account_id WHERE d.version = "
      "(SELECT MAX(version) FROM round_definitions n WHERE n.round_id = d.round_id)");
  if (!rows) return std::unexpected(rows.error());
  std::map<std::string, RoundDefinition> out;
  for (const auto& r : *rows) {
    const auto id = r.get_text(0);
    out.emplace(id, RoundDefinition{.id = id,
                                    .yaml = r.get_text(2),
                                    .version = r.get_int(1),
                                    .origin = fmt::format("数据库第 {} 版", r.get_int(1)),
                                    .note = r.get_text(3),
                                    .saved_at = r.get_text(4),
                                    .saved_by = r.get_text(5)});
  }
  return out;
}

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail("FILE_UNREADABLE", fmt::format("无法读取批次定义文件“{}”", path));
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

RoundDefinitions::RoundDefinitions(storage::Pool& pool, const catalogue::Catalogue& catalogue,
                                   const rounds::RoundSet& rounds, Clock clock)
    : pool_(pool), catalogue_(catalogue), rounds_(rounds), clock_(std::move(clock)) {}

Result<std::vector<RoundDefinitionInfo>> RoundDefinitions::list(const access::Principal& who) {
  TIDU_TRY(admin_only(who));
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  auto stored = newest_stored(**lease);
  if (!stored) return std::unexpected(stored.error());
  std::vector<RoundDefinitionInfo> out;
  for (const auto& [id, r] : rounds_.rounds) {
    const auto it = stored->find(id);
    out.push_back(
        RoundDefinitionInfo{.id = id,
                            .name = r.name,
                            .tier = r.tier,
                            .region = r.region,
                            .origin = origin_of(r.source_file),
                            .running_version = version_of_source(r.source_file),
                            .stored_version = it == stored->end() ? 0 : it->second.version});
  }
  for (const auto& [id, d] : *stored) {
    if (rounds_.rounds.contains(id)) continue;
    std::string name;
    auto doc = data::load_yaml_text(d.yaml, d.origin);
    if (doc) name = doc->cursor().string_or("name", "");
    out.push_back(RoundDefinitionInfo{.id = id,
                                      .name = name,
                                      .tier = {},
                                      .region = {},
                                      .origin = "尚未加载（重启服务后生效）",
                                      .running_version = -1,
                                      .stored_version = d.version});
  }
  return out;
}

Result<RoundDefinition> RoundDefinitions::get(const access::Principal& who, const std::string& id) {
  TIDU_TRY(admin_only(who));
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  auto stored = newest_stored(**lease);
  if (!stored) return std::unexpected(stored.error());
  const auto running = rounds_.rounds.find(id);
  const std::int64_t running_version =
      running == rounds_.rounds.end() ? -1 : version_of_source(running->second.source_file);
  if (auto it = stored->find(id); it != stored->end()) {
    it->second.running_version = running_version;
    return it->second;
  }
  if (running == rounds_.rounds.end()) return fail("NOT_FOUND", fmt::format("批次“{}”不存在", id));
  auto yaml = read_file(running->second.source_file);
  if (!yaml) return std::unexpected(yaml.error());
  return RoundDefinition{.id = id,
                         .yaml = std::move(*yaml),
                         .version = 0,
                         .origin = running->second.source_file,
                         .note = {},
                         .saved_at = {},
                         .saved_by = {},
                         .running_version = 0};
}

Result<RoundCheck> RoundDefinitions::check(const access::Principal& who, std::string_view yaml) {
  TIDU_TRY(admin_only(who));
  if (yaml.size() > kMaxRoundDefinitionBytes)
    return fail("VALIDATION_FAILED",
                fmt::format("批次定义过长（最多 {} KB）", kMaxRoundDefinitionBytes / 1024));
  RoundCheck out;
  out.faults = rounds::check_round_text(yaml, "批次定义", rounds_, catalogue_, &out.id);
  return out;
}

Result<RoundDefinition> RoundDefinitions::save(const access::Principal& who, const std::string& id,
                                               std::string_view yaml, std::int64_t base_version,
                                               const std::string& note) {
  auto checked = check(who, yaml);
  if (!checked) return std::unexpected(checked.error());
  if (note.size() > kMaxNote * 3)
    return fail("VALIDATION_FAILED", fmt::format("修改说明过长（最多 {} 字）", kMaxNote));
  if (!checked->faults.empty()) {
    return fail_with("VALIDATION_FAILED",
                     fmt::format("批次定义有 {} 处问题，未保存：{}", checked->faults.size(),
                                 data::describe(checked->faults.front())),
                     json{{"faults", faults_json(checked->faults)}}.dump());
  }
  if (checked->id != id) {
    return fail("VALIDATION_FAILED",
                fmt::format("定义中的批次编号“{}”与所改批次“{}”不一致；新增批次请用新的编号保存",
                            checked->id, id));
  }
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  Database& db = **lease;
  auto tx = storage::Transaction::begin(db);
  if (!tx) return std::unexpected(tx.error());
  auto newest =
      db.query("SELECT COALESCE(MAX(version), 0) FROM round_definitions WHERE round_id = $1", {id});
  if (!newest) return std::unexpected(newest.error());
  const std::int64_t current = (*newest)[0].get_int(0);
  const auto conflict = [&] {
    return fail_with("VERSION_CONFLICT",
                     fmt::format("批次定义已被他人保存为第 {} 版，请重新打开后再修改", current),
                     json{{"current_version", current}}.dump());
  };
  if (current != base_version) return conflict();
  const std::string now = time::format_instant(clock_());
  if (auto r = db.execute(
          "INSERT INTO round_definitions (round_id, version, yaml, note, account_id, created_at) "
          "VALUES ($1, $2, $3, $4, $5, $6)",
          {id, current + 1, std::string(yaml), note, who.account_id, now});
      !r) {
    if (r.error().code == storage::codes::kConstraint) return conflict();
    return std::unexpected(r.error());
  }
  TIDU_TRY(audit(db, clock_(), who.account_id, "round_definition_save", "round:" + id,
                 {{"version", current + 1}, {"note", note}}));
  TIDU_TRY(tx->commit());
  const auto running = rounds_.rounds.find(id);
  return RoundDefinition{.id = id,
                         .yaml = std::string(yaml),
                         .version = current + 1,
                         .origin = fmt::format("数据库第 {} 版", current + 1),
                         .note = note,
                         .saved_at = now,
                         .saved_by = who.username,
                         .running_version = running == rounds_.rounds.end()
                                                ? -1
                                                : version_of_source(running->second.source_file)};
}

Result<std::vector<rounds::RoundText>> stored_round_definitions(Database& db) {
  auto stored = newest_stored(db);
  if (!stored) return std::unexpected(stored.error());
  std::vector<rounds::RoundText> out;
  for (const auto& [id, d] : *stored)
    out.push_back(rounds::RoundText{.name = stored_name(id, d.version), .yaml = d.yaml});
  return out;
}

}  // namespace tidu::service
