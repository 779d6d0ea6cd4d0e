#pragma once
// The declaration's JSON form: reading with every structural problem reported (never dropped),
// and writing. Limits bound every input.
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "declaration/declaration.hpp"

namespace tidu::declaration {

/// A structural problem found while reading: an unknown field, a wrong type, or a limit.
struct StructureProblem {
  std::string code;  ///< DOCUMENT_UNKNOWN_FIELD, DOCUMENT_WRONG_TYPE, DOCUMENT_TOO_LARGE
  std::string path;  ///< "$.enterprise.financials[0].year"
  std::string message;
};

/// What reading produced: the document with every readable value, and the problems.
struct ReadOutcome {
  Declaration declaration;
  std::vector<StructureProblem> problems;
};

/// Limits applied while reading.
struct ReadLimits {
  std::size_t max_bytes = std::size_t{8} << 20;
  std::size_t max_array = 1000;
  std::size_t max_string_bytes = std::size_t{64} << 10;
};

/// Parses JSON text. Invalid JSON is an Error (DOCUMENT_INVALID_JSON) naming line and column;
/// too large input is DOCUMENT_TOO_LARGE.
Result<ReadOutcome> parse_declaration(std::string_view text, const ReadLimits& limits = {});

/// Reads an already parsed JSON value.
ReadOutcome read_declaration(const nlohmann::json& j, const ReadLimits& limits = {});

/// Writes every field; absent numbers and flags as null.
nlohmann::json to_json(const Declaration& d);

/// The JSON Schema (draft 2020-12) of the format, generated from the same field list.
nlohmann::json json_schema();

/// Line and column (1-based) of a byte offset in text; columns count code points.
std::pair<std::size_t, std::size_t> line_column(std::string_view text, std::size_t offset);

}  // namespace tidu::declaration
