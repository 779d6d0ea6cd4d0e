#pragma once
// Builds a complete declaration for a round from its policy alone: every field the form asks
// for, scenarios covering all five domains plus 多环节模式创新, consistent KPIs, the attachments,
// and the titles and earlier tiers its prerequisites name. It passes every rule of the round,
// which makes it both the demo declaration and a template for a new round's data.
#include <cstdint>

#include "declaration/declaration.hpp"
#include "rounds/round.hpp"

namespace tidu::declaration {

/// A sample for the round; `variant` changes names and numbers so several samples differ.
Declaration make_sample(const rounds::Policy& policy, std::uint32_t variant = 0);

/// The nearest six-digit GB/T 2260 code at or above a region (a township's county, a zone's
/// city or province): the registration area a credit code carries.
std::string six_digit_ancestor(const catalogue::RegionTree& tree, const std::string& code);

/// A valid 统一社会信用代码 registered in the given six-digit region code.
std::string make_credit_code(std::string_view region6, std::uint32_t serial);

}  // namespace tidu::declaration
