#include "engine/commands/key_specs.h"

#include <algorithm>
#include <string>

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

bool HasFlag(std::string_view flags, std::string_view flag) {
  size_t at = 0;
  while (at < flags.size()) {
    size_t end = flags.find(' ', at);
    if (end == std::string_view::npos) end = flags.size();
    if (flags.substr(at, end - at) == flag) return true;
    at = end + 1;
  }
  return false;
}

// The positions the command table's legacy KeySpec names, for commands
// Redis has no specs for.
std::vector<KeyRef> TablePositions(const KeySpec& k,
                                   std::span<const std::string_view> argv) {
  std::vector<KeyRef> out;
  const int64_t argc = static_cast<int64_t>(argv.size());
  if (k.kind == KeySpec::Kind::kRange) {
    const int64_t last = k.b < 0 ? argc + k.b : k.b;
    if (last >= argc) return {};
    for (int64_t i = k.a; i <= last; i += k.step) {
      out.push_back({static_cast<size_t>(i), {}, true});
    }
  } else if (k.kind == KeySpec::Kind::kKeyNum) {
    if (k.a >= argc) return {};
    std::optional<int64_t> n = ParseInt64(argv[k.a]);
    if (!n || *n <= 0) return {};
    const int64_t first = k.a + k.b;
    if (first + (*n - 1) * k.step >= argc) return {};
    for (int64_t i = 0; i < *n; ++i) {
      out.push_back({static_cast<size_t>(first + i * k.step), {}, true});
    }
  }
  return out;
}

// SORT key [BY p] [LIMIT o c] [GET p ...] [ASC|DESC] [ALPHA] [STORE dst]:
// the key, and the destination of the last STORE. Redis scans the options
// skipping the arguments of LIMIT, GET and BY; SORT_RO has no STORE.
std::vector<KeyRef> SortKeys(std::span<const std::string_view> argv,
                             bool with_store) {
  std::vector<KeyRef> keys = {{1, "RO access"}};
  if (!with_store) return keys;
  std::optional<size_t> store;
  for (size_t i = 2; i < argv.size(); ++i) {
    if (EqualsIgnoreCase(argv[i], "limit")) {
      i += 2;
    } else if (EqualsIgnoreCase(argv[i], "store") && i + 1 < argv.size()) {
      store = i + 1;
    } else if (EqualsIgnoreCase(argv[i], "get") ||
               EqualsIgnoreCase(argv[i], "by")) {
      i += 1;
    }
  }
  if (store) keys.push_back({*store, "OW update"});
  return keys;
}

// C's atoi() as Redis's key finders use it: leading blanks, a sign, then
// digits up to the first other byte ("2x" is 2, "x" is 0).
int64_t Atoi(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r'))) ++i;
  bool negative = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
  int64_t v = 0;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
    v = std::min<int64_t>(v * 10 + (s[i] - '0'), int64_t{1} << 40);
  }
  return negative ? -v : v;
}

// Redis's key finder for commands with a key count (EVAL, FCALL, ZUNION,
// ZUNIONSTORE, LMPOP, SINTERCARD, ...), which it falls back to when the
// specs cannot read the count: the count as atoi() reads it, no keys unless
// 1 <= count <= the arguments left, and a destination key last. Like
// Redis's, it reports no flags.
std::vector<KeyRef> KeysByLooseCount(std::span<const RedisKeySpec> specs,
                                     std::span<const std::string_view> argv) {
  const RedisKeySpec* counted = nullptr;
  const RedisKeySpec* dest = nullptr;
  for (const RedisKeySpec& spec : specs) {
    if (spec.begin.kind != RedisKeySpec::Begin::kIndex) continue;
    if (spec.find.kind == RedisKeySpec::Find::kKeyNum) {
      counted = &spec;
    } else if (spec.find.kind == RedisKeySpec::Find::kRange &&
               spec.find.a == 0) {
      dest = &spec;
    }
  }
  if (counted == nullptr) return {};
  const int64_t argc = static_cast<int64_t>(argv.size());
  const int64_t count_at = counted->begin.index + counted->find.a;
  const int64_t first = counted->begin.index + counted->find.b;
  const int64_t step = counted->find.c;
  if (count_at >= argc || step <= 0) return {};
  const int64_t n = Atoi(argv[count_at]);
  if (n < 1 || n > (argc - first) / step) return {};
  std::vector<KeyRef> keys;
  for (int64_t i = 0; i < n; ++i) {
    keys.push_back({static_cast<size_t>(first + i * step), {}});
  }
  if (dest != nullptr) {
    keys.push_back({static_cast<size_t>(dest->begin.index), {}});
  }
  return keys;
}

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

std::optional<std::vector<KeyRef>> KeysBySpecs(
    std::span<const RedisKeySpec> specs,
    std::span<const std::string_view> argv) {
  // Redis's getKeysUsingKeySpecs, bounds and quirks included: a key count
  // spans `count` arguments whatever the step, and zero keys from a count
  // make the spec unusable, as does a spec flagged incomplete.
  const int64_t argc = static_cast<int64_t>(argv.size());
  std::vector<KeyRef> keys;
  for (const RedisKeySpec& spec : specs) {
    if (HasFlag(spec.flags, "not_key")) continue;
    int64_t first = 0;
    switch (spec.begin.kind) {
      case RedisKeySpec::Begin::kIndex:
        first = spec.begin.index;
        break;
      case RedisKeySpec::Begin::kKeyword: {
        // Forward from startfrom up to the last argument but one, or
        // backward from argc + startfrom down to argv[2]; a keyword found
        // there is followed by the keys.
        const bool forward = spec.begin.startfrom > 0;
        const int64_t start =
            forward ? spec.begin.startfrom : argc + spec.begin.startfrom;
        const int64_t stop = forward ? argc - 1 : 1;
        for (int64_t i = start; i != stop && i >= 1 && i < argc;
             i += forward ? 1 : -1) {
          if (EqualsIgnoreCase(argv[i], spec.begin.keyword)) {
            first = i + 1;
            break;
          }
        }
        if (first == 0) continue;  // the keyword is absent: no keys here
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
        first += spec.find.b;
        last = first + *n - 1;
        break;
      }
      case RedisKeySpec::Find::kUnknown:
        return std::nullopt;
    }
    if (first >= argc || last >= argc || last < first || step <= 0) {
      return std::nullopt;
    }
    for (int64_t i = first; i <= last; i += step) {
      keys.push_back({static_cast<size_t>(i), spec.flags});
    }
    if (HasFlag(spec.flags, "incomplete")) return std::nullopt;
  }
  return keys;
}

std::vector<KeyRef> ExtractKeys(const CommandSpec* parent,
                                const CommandSpec& spec,
                                std::span<const std::string_view> argv) {
  std::span<const RedisKeySpec> specs;
  if (parent == nullptr) {
    specs = RedisKeySpecsOf(spec.name);
  } else {
    std::string fullname(parent->name);
    fullname.push_back('|');
    fullname.append(spec.name);
    specs = RedisKeySpecsOf(fullname);
  }
  if (specs.empty()) return TablePositions(spec.keys, argv);
  if (std::optional<std::vector<KeyRef>> keys = KeysBySpecs(specs, argv)) {
    return *std::move(keys);
  }
  // Where the specs give up, Redis asks the command's own key finder:
  // SORT's looks for STORE; those of commands with a key count read it as
  // atoi() would.
  if (spec.name == "sort" || spec.name == "sort_ro") {
    return SortKeys(argv, spec.name == "sort");
  }
  return KeysByLooseCount(specs, argv);
}

}  // namespace luakv
