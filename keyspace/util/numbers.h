// Number parsing and formatting with Redis 7.0's exact rules. Which strings
// count as integers or floats, and how numbers are printed, is observable in
// replies and error texts, so every layer uses these helpers.

#ifndef LUAKV_KEYSPACE_UTIL_NUMBERS_H_
#define LUAKV_KEYSPACE_UTIL_NUMBERS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace luakv {

// Redis's string2ll: optional '-', no '+', no spaces, no leading zeros
// ("0" itself excepted, "-0" rejected), fewer than 21 characters, in range.
std::optional<int64_t> ParseInt64(std::string_view s);

// Redis's string2d (getDoubleFromObject): strtod over the whole string, no
// leading space, no NaN, no overflow to infinity. "inf" and "-inf" are
// accepted as written.
std::optional<double> ParseDouble(std::string_view s);

// Redis's string2ld (getLongDoubleFromObject), used by INCRBYFLOAT.
std::optional<long double> ParseLongDouble(std::string_view s);

// Decimal text of `v`.
std::string Int64ToString(int64_t v);

// printf("%.17g"): how Redis 7.0 prints doubles in replies and how Lua
// numbers become command arguments.
std::string FormatDouble17g(double v);

// Redis's ld2string in LD_STR_HUMAN mode ("%.17Lf" without trailing zeros),
// used by INCRBYFLOAT and HINCRBYFLOAT replies.
std::string FormatLongDoubleHuman(long double v);

}  // namespace luakv

#endif  // LUAKV_KEYSPACE_UTIL_NUMBERS_H_
