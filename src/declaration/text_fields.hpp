#pragma once
// Every free-text member of a declaration, visited with where it is: the path findings use
// ("$.scenarios[2].solution"), the path pattern the form's rules use ("scenarios[].solution")
// and the member's description from fields.hpp. Lists of plain strings (attachment ids,
// integrators) are not visited.
#include <functional>
#include <string>
#include <string_view>

#include "declaration/declaration.hpp"

namespace tidu::declaration {

struct TextField {
  const std::string& path;
  const std::string& pattern;
  std::string_view doc;
};

void for_each_text(const Declaration& d,
                   const std::function<void(const TextField&, const std::string&)>& f);
void for_each_text(Declaration& d, const std::function<void(const TextField&, std::string&)>& f);

}  // namespace tidu::declaration
