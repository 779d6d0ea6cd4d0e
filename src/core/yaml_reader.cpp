#include "core/yaml_reader.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

namespace tidu::data {
namespace {

std::string join_path(const std::string& base, std::string_view key) {
  return base.empty() ? std::string(key) : fmt::format("{}.{}", base, key);
}

const char* type_name(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Sequence:
      return "列表";
    case YAML::NodeType::Map:
      return "映射";
    case YAML::NodeType::Scalar:
      return "标量";
    default:
      return "空值";
  }
}

// The parser is recursive; bound the nesting before handing text to it.
bool too_deep(std::string_view text, int limit) {
  int depth = 0;
  int max_depth = 0;
  int indent_levels = 0;
  for (char c : text) {
    if (c == '[' || c == '{') max_depth = std::max(max_depth, ++depth);
    if ((c == ']' || c == '}') && depth > 0) --depth;
  }
  // Block nesting: count leading spaces of the deepest line, two per level at the least.
  std::size_t line_start = 0;
  while (line_start < text.size()) {
    std::size_t i = line_start;
    while (i < text.size() && (text[i] == ' ' || text[i] == '-')) ++i;
    indent_levels = std::max(indent_levels, static_cast<int>((i - line_start) / 2));
    const auto nl = text.find('\n', line_start);
    if (nl == std::string_view::npos) break;
    line_start = nl + 1;
  }
  return max_depth > limit || indent_levels > limit * 2;
}

Result<Document> parse(std::string_view text, const std::string& name) {
  FaultSink faults(name);
  if (too_deep(text, 64)) {
    faults.add(YAML::Mark::null_mark(), "", "嵌套层次超过 64 层，拒绝解析");
    return std::unexpected(to_error(faults.faults()));
  }
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    faults.add(e.mark, "", fmt::format("YAML 语法错误：{}", e.msg));
    return std::unexpected(to_error(faults.faults()));
  }
  return Document{std::make_unique<FaultSink>(name), root};
}

}  // namespace

std::string describe(const Fault& f) {
  std::string where = f.file;
  if (f.line > 0) where += fmt::format(":{}:{}", f.line, f.column);
  return f.path.empty() ? fmt::format("{}: {}", where, f.message)
                        : fmt::format("{}: {}: {}", where, f.path, f.message);
}

Error to_error(const std::vector<Fault>& faults) {
  std::string message;
  for (const auto& f : faults) {
    if (!message.empty()) message += '\n';
    message += describe(f);
  }
  return Error{"DATA_FILE_INVALID", message, {}};
}

void FaultSink::add(const YAML::Mark& mark, std::string path, std::string message) {
  const bool known = !mark.is_null();
  faults_.push_back(Fault{file_, known ? mark.line + 1 : 0, known ? mark.column + 1 : 0,
                          std::move(path), std::move(message)});
}

Cursor Cursor::at(std::string_view key) const {
  if (!node_.IsMap()) return Cursor(YAML::Node(), join_path(path_, key), sink_);
  // Const access: a missing key is not inserted. yaml-cpp returns it as an invalid node that
  // throws when asked its type, so it is replaced by a valid undefined one.
  const YAML::Node& map = node_;
  const YAML::Node child = map[std::string(key)];
  return Cursor(child.IsDefined() ? child : YAML::Node(YAML::NodeType::Undefined),
                join_path(path_, key), sink_);
}

std::vector<Cursor> Cursor::items() const {
  std::vector<Cursor> out;
  if (!present()) return out;
  if (!node_.IsSequence()) {
    fault(fmt::format("应为列表，实际为{}", type_name(node_)));
    return out;
  }
  out.reserve(node_.size());
  for (std::size_t i = 0; i < node_.size(); ++i) {
    out.emplace_back(node_[i], fmt::format("{}[{}]", path_, i), sink_);
  }
  return out;
}

std::vector<std::pair<std::string, Cursor>> Cursor::entries() const {
  std::vector<std::pair<std::string, Cursor>> out;
  if (!present()) return out;
  if (!node_.IsMap()) {
    fault(fmt::format("应为映射，实际为{}", type_name(node_)));
    return out;
  }
  for (const auto& kv : node_) {
    const auto key = kv.first.Scalar();
    out.emplace_back(key, Cursor(kv.second, join_path(path_, key), sink_));
  }
  return out;
}

void Cursor::allow_only(std::initializer_list<std::string_view> allowed) const {
  if (!node_.IsMap()) {
    if (present()) fault(fmt::format("应为映射，实际为{}", type_name(node_)));
    return;
  }
  for (const auto& kv : node_) {
    const auto key = kv.first.Scalar();
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      sink_->add(kv.first.Mark(), join_path(path_, key), "未知字段（拼写错误？）");
    }
  }
}

void Cursor::fault(std::string message) const {
  sink_->add(node_.IsDefined() ? node_.Mark() : YAML::Mark::null_mark(), path_, std::move(message));
}

std::string Cursor::as_string() const {
  if (!node_.IsScalar()) {
    fault(fmt::format("应为文本，实际为{}", type_name(node_)));
    return {};
  }
  return node_.Scalar();
}

std::optional<long long> Cursor::as_integer() const {
  if (!node_.IsScalar()) {
    fault(fmt::format("应为整数，实际为{}", type_name(node_)));
    return std::nullopt;
  }
  try {
    return node_.as<long long>();
  } catch (const YAML::Exception&) {
    fault(fmt::format("应为整数，实际为“{}”", node_.Scalar()));
    return std::nullopt;
  }
}

std::optional<double> Cursor::as_number() const {
  if (!node_.IsScalar()) {
    fault(fmt::format("应为数值，实际为{}", type_name(node_)));
    return std::nullopt;
  }
  try {
    return node_.as<double>();
  } catch (const YAML::Exception&) {
    fault(fmt::format("应为数值，实际为“{}”", node_.Scalar()));
    return std::nullopt;
  }
}

std::string Cursor::required_string(std::string_view key) const {
  const Cursor c = at(key);
  if (!c.present()) {
    if (node_.IsMap()) {
      sink_->add(node_.Mark(), c.path(), "缺少必填字段");
    } else {
      fault(fmt::format("应为映射，缺少字段 {}", key));
    }
    return {};
  }
  return c.as_string();
}

std::optional<std::string> Cursor::optional_string(std::string_view key) const {
  const Cursor c = at(key);
  if (!c.present()) return std::nullopt;
  return c.as_string();
}

std::string Cursor::string_or(std::string_view key, std::string fallback) const {
  auto s = optional_string(key);
  return s ? *s : std::move(fallback);
}

std::optional<long long> Cursor::required_integer(std::string_view key) const {
  const Cursor c = at(key);
  if (!c.present()) {
    sink_->add(node_.Mark(), c.path(), "缺少必填字段");
    return std::nullopt;
  }
  return c.as_integer();
}

std::optional<long long> Cursor::optional_integer(std::string_view key) const {
  const Cursor c = at(key);
  if (!c.present()) return std::nullopt;
  return c.as_integer();
}

std::optional<double> Cursor::optional_number(std::string_view key) const {
  const Cursor c = at(key);
  if (!c.present()) return std::nullopt;
  return c.as_number();
}

bool Cursor::bool_or(std::string_view key, bool fallback) const {
  const Cursor c = at(key);
  if (!c.present()) return fallback;
  try {
    return c.node().as<bool>();
  } catch (const YAML::Exception&) {
    c.fault("应为 true 或 false");
    return fallback;
  }
}

std::vector<std::string> Cursor::string_list(std::string_view key) const {
  std::vector<std::string> out;
  for (const auto& item : at(key).items()) out.push_back(item.as_string());
  return out;
}

Result<Document> load_yaml_file(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    return fail("DATA_FILE_UNREADABLE", fmt::format("{}: 无法读取数据文件", file));
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse(ss.str(), file);
}

Result<Document> load_yaml_text(std::string_view text, const std::string& name) {
  return parse(text, name);
}

}  // namespace tidu::data
