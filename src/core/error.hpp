#pragma once
// Errors as values: a stable code a program can match, a message a person can act on (Chinese
// for end users), and details for the log only.
#include <expected>
#include <string>
#include <utility>

namespace tidu {

/// One failure a caller should hear about.
struct Error {
  std::string code;          ///< stable, e.g. "DATA_FILE_INVALID"
  std::string message;       ///< for the person: what is wrong and what to do
  std::string detail = {};   ///< for the log only
  std::string details = {};  ///< JSON object the caller may see (ids, versions, findings), or empty
};

template <class T>
using Result = std::expected<T, Error>;

/// Builds the unexpected side of a Result.
inline std::unexpected<Error> fail(std::string code, std::string message, std::string detail = {}) {
  return std::unexpected(Error{std::move(code), std::move(message), std::move(detail), {}});
}

/// Builds the unexpected side of a Result with details for the caller (a JSON object's text).
inline std::unexpected<Error> fail_with(std::string code, std::string message,
                                        std::string details) {
  return std::unexpected(Error{std::move(code), std::move(message), {}, std::move(details)});
}

}  // namespace tidu

/// Evaluates a Result-returning expression and returns its error from the enclosing function when
/// it failed (the value, if any, is dropped): the "?" of a sequence of steps that must all work.
#define TIDU_TRY(...)                                             \
  do {                                                            \
    if (auto tidu_try_result = (__VA_ARGS__); !tidu_try_result)   \
      return std::unexpected(std::move(tidu_try_result.error())); \
  } while (false)
