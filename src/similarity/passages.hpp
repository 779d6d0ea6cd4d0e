#pragma once
// The passages of a declaration the copied-text check compares: every free-text field of the
// form (企业简介, 项目实施背景, each scenario's 描述/痛点/技术方案/成效…, the appendix rows'
// texts), a field longer than kMaxPassageChars cut at sentence ends into parts of about kPartChars.
// Fields shorter than kMinPassageChars meaningful characters are left out: names, dates and
// one-line answers are alike by nature, and a short shared phrase proves nothing. So are texts
// less than half Chinese (digests, identifiers, file names).
#include <string>
#include <vector>

#include "declaration/declaration.hpp"

namespace tidu::similarity {

inline constexpr std::size_t kMinPassageChars = 50;
inline constexpr std::size_t kMaxPassageChars = 600;
inline constexpr std::size_t kPartChars = 300;

struct Passage {
  std::string field;  ///< the field's path as findings give it: "$.scenarios[2].solution"
  std::string label;  ///< what the field is: "采用的技术方案"
  int part = 0;       ///< 0, 1, … for the parts of a long field
  std::string text;   ///< as the enterprise wrote it
};

/// The passages of a declaration, in the order of its fields.
std::vector<Passage> passages_of(const declaration::Declaration& d);

/// The parts one field's text is compared as (empty when too short).
std::vector<std::string> split_text(const std::string& text);

}  // namespace tidu::similarity
