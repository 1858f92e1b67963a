#include "engine/commands/key_specs.h"

#include <algorithm>

#include "keyspace/util/numbers.h"
#include "keyspace/util/sv_hash.h"

namespace luakv {
namespace {

using BeginSearch = RedisKeySpec::BeginSearch;
using FindKeys = RedisKeySpec::FindKeys;

constexpr BeginSearch Index(int i) {
  return {RedisKeySpec::Begin::kIndex, static_cast<int16_t>(i), {}, 0};
}
constexpr BeginSearch Keyword(std::string_view keyword, int startfrom) {
  return {RedisKeySpec::Begin::kKeyword, 0, keyword,
          static_cast<int16_t>(startfrom)};
}
constexpr BeginSearch UnknownBegin() {
  return {RedisKeySpec::Begin::kUnknown, 0, {}, 0};
}
constexpr FindKeys Range(int lastkey, int keystep, int limit) {
  return {RedisKeySpec::Find::kRange, static_cast<int16_t>(lastkey),
          static_cast<int16_t>(keystep), static_cast<int16_t>(limit)};
}
constexpr FindKeys KeyNum(int keynumidx, int firstkey, int keystep) {
  return {RedisKeySpec::Find::kKeyNum, static_cast<int16_t>(keynumidx),
          static_cast<int16_t>(firstkey), static_cast<int16_t>(keystep)};
}
constexpr FindKeys UnknownFind() {
  return {RedisKeySpec::Find::kUnknown, 0, 0, 0};
}

constexpr RedisKeySpec kSpecs[] = {
#include "engine/commands/key_specs_data.inc"
};

}  // namespace

std::span<const RedisKeySpec> RedisKeySpecsOf(std::string_view fullname) {
  auto by_name = [](const RedisKeySpec& s, std::string_view n) {
    return s.command < n;
  };
  const RedisKeySpec* first =
      std::lower_bound(std::begin(kSpecs), std::end(kSpecs), fullname, by_name);
  const RedisKeySpec* last = first;
  while (last != std::end(kSpecs) && last->command == fullname) ++last;
  return std::span<const RedisKeySpec>(first, last);
}

std::optional<std::vector<std::pair<size_t, std::string_view>>> KeysBySpecs(
    std::span<const RedisKeySpec> specs,
    std::span<const std::string_view> argv) {
  // Redis's getKeysUsingKeySpecs, for the spec kinds it can evaluate.
  const int64_t argc = static_cast<int64_t>(argv.size());
  std::vector<std::pair<size_t, std::string_view>> keys;
  for (const RedisKeySpec& spec : specs) {
    int64_t first = -1;
    switch (spec.begin.kind) {
      case RedisKeySpec::Begin::kIndex:
        first = spec.begin.index;
        break;
      case RedisKeySpec::Begin::kKeyword: {
        // Forward from startfrom, or backward from argc + startfrom; the
        // keyword cannot be the last argument (a key follows it) nor argv[0].
        const int64_t start = spec.begin.startfrom > 0
                                  ? spec.begin.startfrom
                                  : argc + spec.begin.startfrom;
        const int64_t stop = spec.begin.startfrom > 0 ? argc - 1 : 0;
        const int64_t dir = spec.begin.startfrom > 0 ? 1 : -1;
        for (int64_t i = start; i != stop && i >= 1 && i < argc; i += dir) {
          if (EqualsIgnoreCase(argv[i], spec.begin.keyword)) {
            first = i + 1;
            break;
          }
        }
        if (first < 0) continue;  // the keyword is absent: no keys here
        break;
      }
      case RedisKeySpec::Begin::kUnknown:
        return std::nullopt;
    }
    int64_t last = 0;
    int64_t step = 1;
    switch (spec.find.kind) {
      case RedisKeySpec::Find::kRange: {
        const int64_t lastkey = spec.find.a;
        const int64_t limit = spec.find.c;
        step = spec.find.b;
        if (lastkey >= 0) {
          last = first + lastkey;
        } else if (limit == 0) {
          last = argc + lastkey;
        } else {
          last = first + ((argc - first) / limit + lastkey);
        }
        break;
      }
      case RedisKeySpec::Find::kKeyNum: {
        const int64_t numidx = first + spec.find.a;
        if (numidx >= argc) return std::nullopt;
        std::optional<int64_t> n = ParseInt64(argv[numidx]);
        if (!n || *n < 0) return std::nullopt;
        step = spec.find.c;
        first = first + spec.find.b;
        last = first + (*n - 1) * step;
        if (*n == 0) continue;
        break;
      }
      case RedisKeySpec::Find::kUnknown:
        return std::nullopt;
    }
    if (first >= argc || last >= argc || last < first - 1 || step <= 0) {
      return std::nullopt;
    }
    for (int64_t i = first; i <= last; i += step) {
      keys.emplace_back(static_cast<size_t>(i), spec.flags);
    }
  }
  return keys;
}

}  // namespace luakv
