#include "declaration/text_fields.hpp"

#include <fmt/format.h>

#include <type_traits>
#include <vector>

#include "core/traits.hpp"
#include "declaration/fields.hpp"

namespace tidu::declaration {
namespace {

class Walker {
 public:
  explicit Walker(const std::function<void(const TextField&, std::string&)>& f) : f_(f) {}

  template <class M>
  void operator()(std::string_view key, M& member, std::string_view doc) {
    segments_.push_back({key, -1});
    if constexpr (std::is_same_v<M, std::string>) {
      std::string path = "$";
      std::string pattern;
      for (const auto& s : segments_) {
        path += '.';
        path += s.key;
        if (!pattern.empty()) pattern += '.';
        pattern += s.key;
        if (s.index >= 0) {
          path += fmt::format("[{}]", s.index);
          pattern += "[]";
        }
      }
      f_(TextField{path, pattern, doc}, member);
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
  const std::function<void(const TextField&, std::string&)>& f_;
  std::vector<Segment> segments_;
};

}  // namespace

void for_each_text(Declaration& d, const std::function<void(const TextField&, std::string&)>& f) {
  Walker walker(f);
  visit(walker, d);
}

void for_each_text(const Declaration& d,
                   const std::function<void(const TextField&, const std::string&)>& f) {
  const std::function<void(const TextField&, std::string&)> g =
      [&f](const TextField& t, std::string& value) { f(t, value); };
  Walker walker(g);
  visit(walker, const_cast<Declaration&>(d));  // NOLINT(cppcoreguidelines-pro-type-const-cast)
}

}  // namespace tidu::declaration
