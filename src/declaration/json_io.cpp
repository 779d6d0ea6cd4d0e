#include "declaration/json_io.hpp"
#include "core/traits.hpp"

#include <cmath>
#include <limits>
#include <type_traits>

#include <fmt/format.h>

#include "core/text.hpp"
#include "declaration/fields.hpp"

namespace tidu::declaration {
namespace {

using nlohmann::json;

const char* json_type_zh(const json& j) {
  switch (j.type()) {
    case json::value_t::object:
      return "对象";
    case json::value_t::array:
      return "数组";
    case json::value_t::string:
      return "文本";
    case json::value_t::boolean:
      return "布尔值";
    case json::value_t::null:
      return "空值";
    default:
      return "数值";
  }
}

class Reader {
 public:
  Reader(std::vector<StructureProblem>& problems, const ReadLimits& limits)
      : problems_(problems), limits_(limits) {}

  template <class T>
  void read_object(const json& j, T& out, const std::string& path) {
    if (!j.is_object()) {
      wrong_type(path, "对象", j);
      return;
    }
    Fields<T> fields{*this, j, path, {}};
    visit(fields, out);
    for (const auto& [key, value] : j.items()) {
      if (std::find(fields.known.begin(), fields.known.end(), key) == fields.known.end()) {
        problems_.push_back(
            {"DOCUMENT_UNKNOWN_FIELD", fmt::format("{}.{}", path, key),
             fmt::format("未知字段“{}”：请删除或检查拼写（本字段不会被保存）", key)});
      }
    }
  }

  template <class M>
  void read_value(const json& j, M& out, const std::string& path) {
    if constexpr (std::is_same_v<M, std::string>) {
      if (j.is_null()) return;
      if (!j.is_string()) return wrong_type(path, "文本", j);
      const auto& s = j.get_ref<const std::string&>();
      if (s.size() > limits_.max_string_bytes) {
        problems_.push_back({"DOCUMENT_TOO_LARGE", path,
                             fmt::format("文本超过 {} 字节的上限", limits_.max_string_bytes)});
        return;
      }
      if (!text::valid_utf8(s)) {
        problems_.push_back({"DOCUMENT_WRONG_TYPE", path, "文本不是有效的 UTF-8 编码"});
        return;
      }
      out = s;
    } else if constexpr (std::is_same_v<M, int>) {
      if (auto v = integer(j, path)) out = static_cast<int>(*v);
    } else if constexpr (IsOptional<M>::value) {
      using V = typename IsOptional<M>::Inner;
      if (j.is_null()) return;
      if constexpr (std::is_same_v<V, bool>) {
        if (!j.is_boolean()) return wrong_type(path, "布尔值（true/false）", j);
        out = j.get<bool>();
      } else if constexpr (std::is_same_v<V, double>) {
        if (!j.is_number()) return wrong_type(path, "数值", j);
        const double d = j.get<double>();
        if (!std::isfinite(d)) return wrong_type(path, "有限数值", j);
        out = d;
      } else {
        if (auto v = integer(j, path)) out = static_cast<V>(*v);
      }
    } else if constexpr (IsVector<M>::value) {
      using E = typename IsVector<M>::Element;
      if (j.is_null()) return;
      if (!j.is_array()) return wrong_type(path, "数组", j);
      if (j.size() > limits_.max_array) {
        problems_.push_back(
            {"DOCUMENT_TOO_LARGE", path, fmt::format("数组超过 {} 项的上限", limits_.max_array)});
        return;
      }
      out.resize(j.size());
      for (std::size_t i = 0; i < j.size(); ++i) {
        const std::string p = fmt::format("{}[{}]", path, i);
        if constexpr (std::is_same_v<E, std::string>) {
          read_value(j[i], out[i], p);
        } else {
          read_object(j[i], out[i], p);
        }
      }
    } else {
      read_object(j, out, path);
    }
  }

 private:
  template <class T>
  struct Fields {
    Reader& reader;
    const json& j;
    const std::string& path;
    std::vector<std::string_view> known;

    template <class M>
    void operator()(std::string_view key, M& member, std::string_view /*doc*/) {
      known.push_back(key);
      const auto it = j.find(key);
      if (it != j.end()) reader.read_value(*it, member, fmt::format("{}.{}", path, key));
    }
  };

  std::optional<long long> integer(const json& j, const std::string& path) {
    if (j.is_number_integer()) return j.get<long long>();
    if (j.is_number_float()) {
      const double d = j.get<double>();
      if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.0e15) {
        return static_cast<long long>(d);
      }
    }
    wrong_type(path, "整数", j);
    return std::nullopt;
  }

  void wrong_type(const std::string& path, const char* expected, const json& j) {
    problems_.push_back(
        {"DOCUMENT_WRONG_TYPE", path,
         fmt::format("应为{}，实际为{}：该值未被读取，请更正", expected, json_type_zh(j))});
  }

  std::vector<StructureProblem>& problems_;
  const ReadLimits& limits_;
};

class Writer {
 public:
  template <class T>
  static json object(const T& in) {
    json j = json::object();
    Fields f{j};
    visit(f,
          const_cast<T&>(in));  // NOLINT(cppcoreguidelines-pro-type-const-cast): visit only reads
    return j;
  }

  template <class M>
  static json value(const M& m) {
    if constexpr (std::is_same_v<M, std::string> || std::is_same_v<M, int>) {
      return m;
    } else if constexpr (IsOptional<M>::value) {
      return m ? json(*m) : json(nullptr);
    } else if constexpr (IsVector<M>::value) {
      json a = json::array();
      for (const auto& e : m) a.push_back(value(e));
      return a;
    } else {
      return object(m);
    }
  }

 private:
  struct Fields {
    json& j;
    template <class M>
    void operator()(std::string_view key, M& member, std::string_view /*doc*/) {
      j[std::string(key)] = value(member);
    }
  };
};

class SchemaWriter {
 public:
  template <class T>
  static json object() {
    json props = json::object();
    Fields f{props};
    T prototype{};
    visit(f, prototype);
    return json{{"type", "object"}, {"additionalProperties", false}, {"properties", props}};
  }

  template <class M>
  static json value() {
    if constexpr (std::is_same_v<M, std::string>) {
      return json{{"type", json::array({"string", "null"})}};
    } else if constexpr (std::is_same_v<M, int>) {
      return json{{"type", "integer"}};
    } else if constexpr (IsOptional<M>::value) {
      using V = typename IsOptional<M>::Inner;
      if constexpr (std::is_same_v<V, bool>)
        return json{{"type", json::array({"boolean", "null"})}};
      if constexpr (std::is_same_v<V, double>)
        return json{{"type", json::array({"number", "null"})}};
      return json{{"type", json::array({"integer", "null"})}};
    } else if constexpr (IsVector<M>::value) {
      return json{{"type", json::array({"array", "null"})},
                  {"items", value<typename IsVector<M>::Element>()}};
    } else {
      return object<M>();
    }
  }

 private:
  struct Fields {
    json& props;
    template <class M>
    void operator()(std::string_view key, M& /*member*/, std::string_view doc) {
      json s = value<M>();
      s["description"] = std::string(doc);
      props[std::string(key)] = std::move(s);
    }
  };
};

}  // namespace

std::pair<std::size_t, std::size_t> line_column(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  std::size_t line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return {line, text::length(text.substr(line_start, offset - line_start)) + 1};
}

Result<ReadOutcome> parse_declaration(std::string_view text, const ReadLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return fail("DOCUMENT_TOO_LARGE", fmt::format("申报书文件为 {} 字节，超过 {} 字节的上限",
                                                  text.size(), limits.max_bytes));
  }
  json j;
  try {
    j = json::parse(text);
  } catch (const json::parse_error& e) {
    const auto [line, column] = line_column(text, e.byte > 0 ? e.byte - 1 : 0);
    return fail("DOCUMENT_INVALID_JSON",
                fmt::format("申报书不是有效的 JSON：第 {} 行第 {} 列附近有语法错误", line, column),
                e.what());
  } catch (const json::out_of_range& e) {  // a number beyond double's range, e.g. 1e999
    return fail("DOCUMENT_INVALID_JSON", "申报书不是有效的 JSON：有数值超出可表示的范围", e.what());
  }
  return read_declaration(j, limits);
}

ReadOutcome read_declaration(const json& j, const ReadLimits& limits) {
  ReadOutcome out;
  out.declaration.format.clear();
  Reader reader(out.problems, limits);
  reader.read_object(j, out.declaration, "$");
  if (j.is_object() && out.declaration.format != kFormat) {
    out.problems.push_back(
        {"DOCUMENT_WRONG_TYPE", "$.format", fmt::format("格式标识应为“{}”", kFormat)});
  }
  return out;
}

json to_json(const Declaration& d) { return Writer::object(d); }

json json_schema() {
  json s = SchemaWriter::object<Declaration>();
  s["$schema"] = "https://json-schema.org/draft/2020-12/schema";
  s["$id"] = "https://tidu.invalid/schema/declaration-1.json";
  s["title"] = "Tidu 智能工厂申报书 (tidu.declaration/1)";
  s["required"] = json::array({"format"});
  s["properties"]["format"]["const"] = kFormat;
  return s;
}

}  // namespace tidu::declaration
