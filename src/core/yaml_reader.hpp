#pragma once
// Reading policy data files (YAML) with the file, line, column and path of every fault, so a
// malformed file stops start-up with a message an administrator can act on.
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "core/error.hpp"

namespace tidu::data {

/// One fault in a data file.
struct Fault {
  std::string file;
  int line = 0;    ///< 1-based; 0 when unknown
  int column = 0;  ///< 1-based; 0 when unknown
  std::string path;
  std::string message;
};

/// "data/rounds/x.yaml:12:5: window.closes: 日期格式应为 YYYY-MM-DD".
std::string describe(const Fault& fault);

/// Joins faults into one Error with code DATA_FILE_INVALID.
Error to_error(const std::vector<Fault>& faults);

/// Collects the faults of one file.
class FaultSink {
 public:
  explicit FaultSink(std::string file) : file_(std::move(file)) {}
  void add(const YAML::Mark& mark, std::string path, std::string message);
  [[nodiscard]] const std::vector<Fault>& faults() const { return faults_; }
  [[nodiscard]] const std::string& file() const { return file_; }
  [[nodiscard]] bool ok() const { return faults_.empty(); }

 private:
  std::string file_;
  std::vector<Fault> faults_;
};

/// A position in a YAML document: the node, its path, and where faults go.
class Cursor {
 public:
  Cursor(const YAML::Node& node, std::string path, FaultSink* sink)
      : node_(node), path_(std::move(path)), sink_(sink) {}

  [[nodiscard]] const YAML::Node& node() const { return node_; }
  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] bool present() const { return node_.IsDefined() && !node_.IsNull(); }
  [[nodiscard]] FaultSink& sink() const { return *sink_; }

  /// The child at `key`; absent children are undefined cursors.
  [[nodiscard]] Cursor at(std::string_view key) const;
  /// Elements of a sequence; reports a fault when this node is present but not a sequence.
  [[nodiscard]] std::vector<Cursor> items() const;
  /// Key/value pairs of a mapping; reports a fault when present but not a mapping.
  [[nodiscard]] std::vector<std::pair<std::string, Cursor>> entries() const;

  /// Reports every key of this mapping that is not in `allowed` (typos must not pass silently).
  void allow_only(std::initializer_list<std::string_view> allowed) const;
  /// Reports this node as a fault with the given message.
  void fault(std::string message) const;

  // Scalars. `required_*` report a fault when missing; `optional_*` only when of the wrong type.
  [[nodiscard]] std::string required_string(std::string_view key) const;
  [[nodiscard]] std::optional<std::string> optional_string(std::string_view key) const;
  [[nodiscard]] std::string string_or(std::string_view key, std::string fallback) const;
  [[nodiscard]] std::optional<long long> required_integer(std::string_view key) const;
  [[nodiscard]] std::optional<long long> optional_integer(std::string_view key) const;
  [[nodiscard]] std::optional<double> optional_number(std::string_view key) const;
  [[nodiscard]] bool bool_or(std::string_view key, bool fallback) const;
  [[nodiscard]] std::vector<std::string> string_list(std::string_view key) const;

  /// This node as a scalar string; reports a fault when it is not one.
  [[nodiscard]] std::string as_string() const;
  [[nodiscard]] std::optional<long long> as_integer() const;
  [[nodiscard]] std::optional<double> as_number() const;

 private:
  YAML::Node node_;
  std::string path_;
  FaultSink* sink_;
};

/// A parsed data file and the sink for its faults.
struct Document {
  std::unique_ptr<FaultSink> sink;
  YAML::Node root;
  [[nodiscard]] Cursor cursor() const { return Cursor(root, "", sink.get()); }
};

/// Reads and parses a YAML file; a syntax error or an unreadable file is a fault with position.
/// Documents deeper than 64 levels are refused before parsing (the parser recurses).
Result<Document> load_yaml_file(const std::string& file);

/// Parses YAML text that came from elsewhere (an upload), naming it `name` in faults.
Result<Document> load_yaml_text(std::string_view text, const std::string& name);

}  // namespace tidu::data
