#pragma once
// Whether this build runs under AddressSanitizer (scripts/test builds the tests and the server with
// -fsanitize=address,undefined at -O0). Tests that bound time or memory scale their bounds by
// these, so that the bound still catches a hang or a blow-up without failing on ASan's own cost.
#include <cstddef>

namespace tidu::test {

#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kAddressSanitizer = true;
#else
inline constexpr bool kAddressSanitizer = false;
#endif
#else
inline constexpr bool kAddressSanitizer = false;
#endif

/// Wall-time bounds are multiplied by this (unoptimised, instrumented code).
inline constexpr double kTimeScale = kAddressSanitizer ? 6.0 : 1.0;
/// Added to resident-memory bounds: freed blocks wait in ASan's quarantine (ASAN_OPTIONS
/// quarantine_size_mb, 256 MB by default) and every allocation carries redzones.
inline constexpr std::size_t kExtraResidentKib = kAddressSanitizer ? std::size_t{320} << 10 : 0;

}  // namespace tidu::test
