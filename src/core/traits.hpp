#pragma once
// Type traits the declaration visitors share.
#include <optional>
#include <type_traits>
#include <vector>

namespace tidu {

template <class T>
struct IsVector : std::false_type {};
template <class T>
struct IsVector<std::vector<T>> : std::true_type {
  using Element = T;
};

template <class T>
struct IsOptional : std::false_type {};
template <class T>
struct IsOptional<std::optional<T>> : std::true_type {
  using Inner = T;
};

}  // namespace tidu
