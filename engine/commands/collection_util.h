// Helpers shared by the collection families (list.cc, hash.cc, set.cc,
// zset.cc, sort.cc): typed key lookups and Redis's argument readers
// (getLongFromObjectOrReply and friends), each replying the exact Redis
// error itself and returning nullopt/null so the handler can just return.

#ifndef LUAKV_ENGINE_COMMANDS_COLLECTION_UTIL_H_
#define LUAKV_ENGINE_COMMANDS_COLLECTION_UTIL_H_

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/command_context.h"
#include "engine/errors.h"
#include "keyspace/database.h"
#include "keyspace/util/numbers.h"
#include "keyspace/value.h"

namespace luakv::cmd {

// The entry of `key` if it holds a `type` value; null when the key is
// absent. When it holds another type, replies WRONGTYPE, sets *wrong and
// returns null.
inline Entry* FindTyped(CommandContext& ctx, std::string_view key,
                        ValueType type, bool* wrong) {
  *wrong = false;
  Entry* e = ctx.db().Find(key);
  if (e != nullptr && e->value.type() != type) {
    ctx.Error(errors::kWrongType);
    *wrong = true;
    return nullptr;
  }
  return e;
}

// getLongLongFromObjectOrReply / getLongFromObjectOrReply (long is 64-bit):
// `msg` replaces the standard text when given.
inline std::optional<int64_t> ParseLongOrReply(CommandContext& ctx,
                                               std::string_view arg,
                                               std::string_view msg = {}) {
  const std::optional<int64_t> v = ParseInt64(arg);
  if (!v.has_value()) ctx.Error(msg.empty() ? errors::kNotInteger : msg);
  return v;
}

// getRangeLongFromObjectOrReply: an integer in [min, max].
std::optional<int64_t> ParseRangeLongOrReply(CommandContext& ctx,
                                             std::string_view arg, int64_t min,
                                             int64_t max,
                                             std::string_view msg = {});

// The `count [WITH<word>]` arguments (argv[2..]) of HRANDFIELD and
// ZRANDMEMBER, with Redis 7.0's checks in its order: the count's range, the
// keyword, then the halved range when pairs are asked for. Replies the
// error and returns nullopt on bad input. REQUIRES: ctx.argc() >= 3.
struct RandomCount {
  int64_t count;
  bool with_pairs;
};
std::optional<RandomCount> ParseRandomCountOrReply(CommandContext& ctx,
                                                   std::string_view with_word);

// getPositiveLongFromObjectOrReply: an integer >= 0; `msg` (default "value
// is out of range, must be positive") is the text for both failures.
inline std::optional<int64_t> ParsePositiveLongOrReply(
    CommandContext& ctx, std::string_view arg, std::string_view msg = {}) {
  return ParseRangeLongOrReply(ctx, arg, 0,
                               std::numeric_limits<int64_t>::max(),
                               msg.empty() ? errors::kMustBePositive : msg);
}

// getDoubleFromObjectOrReply.
inline std::optional<double> ParseDoubleOrReply(CommandContext& ctx,
                                                std::string_view arg,
                                                std::string_view msg = {}) {
  const std::optional<double> v = ParseDouble(arg);
  if (!v.has_value()) ctx.Error(msg.empty() ? errors::kNotFloat : msg);
  return v;
}

// getTimeoutFromObjectOrReply in seconds (BLPOP and friends): a long double
// number of seconds, rounded up to milliseconds, not negative.
std::optional<int64_t> ParseTimeoutOrReply(CommandContext& ctx,
                                           std::string_view arg);

// The cursor of HSCAN/SSCAN/ZSCAN as Redis's parseScanCursorOrReply reads
// it (strtoul semantics); nullopt after replying "ERR invalid cursor".
std::optional<uint64_t> ParseScanCursorOrReply(CommandContext& ctx,
                                               std::string_view arg);

// The MATCH and COUNT options of the *SCAN commands, from argv[first] on.
struct ScanOptions {
  int64_t count = 10;
  std::string_view pattern;
  bool use_pattern = false;
};
std::optional<ScanOptions> ParseScanOptionsOrReply(CommandContext& ctx,
                                                   size_t first);

// What HSCAN, SSCAN and ZSCAN check before scanning, in Redis's order: the
// cursor (argv[2]), the key (argv[1], of `type`; a missing key's reply is
// the empty scan), then the options. Null once a reply has been written.
const Entry* BeginCollectionScan(CommandContext& ctx, ValueType type,
                                 uint64_t* cursor, ScanOptions* options);

// Ends HSCAN/SSCAN/ZSCAN: drops the items whose first string (the field or
// member) fails MATCH, then replies [next, items...]. `items` holds
// `stride` strings an item: 1 for members, 2 for field-value or
// member-score pairs.
void ReplyCollectionScan(CommandContext& ctx, uint64_t next,
                         const ScanOptions& options,
                         std::vector<std::string>& items, size_t stride);

// Redis's index normalisation for LINDEX-like reads: a negative index
// counts from the end. nullopt when out of range.
inline std::optional<size_t> NormalizeIndex(int64_t index, size_t size) {
  const int64_t n = static_cast<int64_t>(size);
  if (index < 0) index += n;
  if (index < 0 || index >= n) return std::nullopt;
  return static_cast<size_t>(index);
}

// Redis's range normalisation (LRANGE, LTRIM, ZRANGE by rank): negative
// indexes count from the end, start clamps to 0, end to size - 1. Returns
// false when the range is empty.
inline bool NormalizeRange(int64_t start, int64_t end, size_t size,
                           size_t* out_start, size_t* out_end) {
  const int64_t n = static_cast<int64_t>(size);
  if (start < 0) start += n;
  if (end < 0) end += n;
  if (start < 0) start = 0;
  if (start > end || start >= n) return false;
  if (end >= n) end = n - 1;
  *out_start = static_cast<size_t>(start);
  *out_end = static_cast<size_t>(end);
  return true;
}

}  // namespace luakv::cmd

#endif  // LUAKV_ENGINE_COMMANDS_COLLECTION_UTIL_H_
