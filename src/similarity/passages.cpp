#include "similarity/passages.hpp"

#include <fmt/format.h>

#include <type_traits>

#include "core/text.hpp"
#include "core/traits.hpp"
#include "declaration/fields.hpp"
#include "similarity/shingles.hpp"

namespace tidu::similarity {
namespace {

bool sentence_end(char32_t cp) {
  return cp == U'。' || cp == U'！' || cp == U'？' || cp == U'；' || cp == U'\n' || cp == U'!' ||
         cp == U'?' || cp == U';';
}

/// Collects every text member with its path.
class Collector {
 public:
  explicit Collector(std::vector<Passage>& out) : out_(out) {}

  template <class M>
  void operator()(std::string_view key, M& member, std::string_view doc) {
    segments_.push_back({key, -1});
    if constexpr (std::is_same_v<M, std::string>) {
      add(member, doc);
    } else if constexpr (IsVector<M>::value) {
      using E = typename IsVector<M>::Element;
      if constexpr (std::is_class_v<E> && !std::is_same_v<E, std::string>) {
        for (std::size_t i = 0; i < member.size(); ++i) {
          segments_.back().index = static_cast<int>(i);
          visit(*this, member[i]);
        }
      }
    } else if constexpr (std::is_class_v<M> && !IsOptional<M>::value) {
      visit(*this, member);
    }
    segments_.pop_back();
  }

 private:
  struct Segment {
    std::string_view key;
    int index;
  };

  void add(const std::string& value, std::string_view doc) {
    if (value.size() < kMinPassageChars) return;  // a character is at least one byte
    auto parts = split_text(value);
    if (parts.empty()) return;
    std::string path = "$";
    for (const auto& s : segments_) {
      path += '.';
      path += s.key;
      if (s.index >= 0) path += fmt::format("[{}]", s.index);
    }
    for (std::size_t i = 0; i < parts.size(); ++i)
      out_.push_back({path, std::string(doc), static_cast<int>(i), std::move(parts[i])});
  }

  std::vector<Passage>& out_;
  std::vector<Segment> segments_;
};

}  // namespace

std::vector<std::string> split_text(const std::string& text) {
  std::vector<std::string> parts;
  const std::size_t total = normalize(text).size();
  if (total < kMinPassageChars) return parts;
  if (total <= kMaxPassageChars) {
    parts.push_back(text);
    return parts;
  }
  // Sentences gathered into parts of about kPartChars meaningful characters; a short tail joins
  // the part before it.
  std::size_t pos = 0;
  std::size_t start = 0;
  std::size_t counted = 0;
  while (pos < text.size()) {
    const char32_t cp = text::next_code_point(text, pos);
    if (meaningful(cp)) ++counted;
    if ((sentence_end(cp) && counted >= kPartChars) || counted >= kMaxPassageChars) {
      parts.emplace_back(text.substr(start, pos - start));
      start = pos;
      counted = 0;
    }
  }
  if (start < text.size()) {
    std::string tail = text.substr(start);
    if (normalize(tail).size() < kMinPassageChars && !parts.empty()) {
      parts.back() += tail;
    } else {
      parts.push_back(std::move(tail));
    }
  }
  return parts;
}

std::vector<Passage> passages_of(const declaration::Declaration& d) {
  std::vector<Passage> out;
  Collector collector(out);
  visit(collector,
        const_cast<declaration::Declaration&>(d));  // NOLINT(cppcoreguidelines-pro-type-const-cast)
  return out;
}

}  // namespace tidu::similarity
