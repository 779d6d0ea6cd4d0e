#pragma once
// The edge where errors become HTTP: one table maps every error code to one status, and every
// error body is {code, message, details}.
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "http/message.hpp"

namespace tidu::api {

/// The HTTP status of an error code; 500 for codes not in the table (a bug to fix).
int http_status(std::string_view code);

/// {code, message, details} with the code's status; `detail` is logged, never sent.
http::Response error_response(const Error& error,
                              const nlohmann::json& details = nlohmann::json::object());

}  // namespace tidu::api
