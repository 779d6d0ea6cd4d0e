#include "rules/registry_json.hpp"

#include <fmt/format.h>

#include "declaration/json_io.hpp"

namespace tidu::rules {

Result<RegistryFacts> registry_from_json(const nlohmann::json& j) {
  using nlohmann::json;
  if (!j.is_object()) return fail("REGISTRY_INVALID", "登记信息应为 JSON 对象");
  // Recognitions and titles have the declaration's shapes: read them with its reader.
  const json as_declaration = {{"format", declaration::kFormat},
                               {"enterprise",
                                {{"recognitions", j.value("recognitions", json::array())},
                                 {"titles", j.value("titles", json::array())}}}};
  auto read = declaration::read_declaration(as_declaration);
  for (const auto& [key, value] : j.items()) {
    if (key != "recognitions" && key != "titles" && key != "blacklisted" &&
        key != "blacklist_source") {
      read.problems.push_back({"DOCUMENT_UNKNOWN_FIELD", "$." + key, "未知字段"});
    }
  }
  if (j.contains("blacklisted") && !j["blacklisted"].is_boolean()) {
    read.problems.push_back({"DOCUMENT_WRONG_TYPE", "$.blacklisted", "应为 true 或 false"});
  }
  if (j.contains("blacklist_source") && !j["blacklist_source"].is_string()) {
    read.problems.push_back({"DOCUMENT_WRONG_TYPE", "$.blacklist_source", "应为文本"});
  }
  if (!read.problems.empty()) {
    return fail("REGISTRY_INVALID", fmt::format("登记信息有误：{} {}", read.problems.front().path,
                                                read.problems.front().message));
  }
  RegistryFacts facts;
  facts.recognitions = std::move(read.declaration.enterprise.recognitions);
  facts.titles = std::move(read.declaration.enterprise.titles);
  facts.blacklisted = j.value("blacklisted", false);
  facts.blacklist_source = j.value("blacklist_source", "");
  return facts;
}

}  // namespace tidu::rules
