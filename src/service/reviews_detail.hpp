#pragma once
// Inside the review services: the loaded declaration and the unit a reviewer acts for, shared by
// the files that implement Reviews (reviews.cpp, province_stages.cpp). Not for other callers.
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "service/reviews.hpp"

namespace tidu::service {

namespace detail {
constexpr const char* kInsertEvent =
    "INSERT INTO declaration_events (id, declaration_id, at, account_id, action, from_state, "
    "to_state, level, opinion, snapshot_number, seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
    "NULL, (SELECT COALESCE(MAX(seq), 0) + 1 FROM declaration_events WHERE declaration_id = $2))";
constexpr const char* kInsertNotification =
    "INSERT INTO notifications (id, level, region, declaration_id, message, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6)";
}  // namespace detail

/// The value at a dotted path ("cover.benchmark_enterprise") of a JSON document, or null.
const nlohmann::json* at_path(const nlohmann::json& doc, std::string_view path);
/// The index of the route level with the id, or -1.
int level_index(const rounds::Round& round, std::string_view id);
/// The reasons joined with "；".
std::string reasons_text(const std::vector<std::string>& reasons);

struct Reviews::Loaded {
  std::string id;
  std::string enterprise_id;
  std::string enterprise_name;
  std::string credit_code;
  std::string enterprise_region;
  std::string round_id;
  std::string state;
  std::string level;
  nlohmann::json content;  ///< the newest snapshot
  const rounds::Round* round = nullptr;
  std::string group;  ///< the enterprise group's unit on a direct route, else empty
  std::string group_name;

  [[nodiscard]] access::DeclarationFacts facts() const {
    return {enterprise_id, enterprise_region, state, round, group};
  }
};

/// The unit a reviewer or department acts for at one level of a round.
struct Reviews::Unit {
  const rounds::Round* round = nullptr;
  int level = -1;
  const rounds::Level* route_level = nullptr;
  std::string code;
  std::string name;
  access::Principal who;
};

}  // namespace tidu::service
