#include "engine/commands/collection_util.h"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string>

#include "keyspace/util/glob.h"
#include "keyspace/util/numbers.h"
#include "keyspace/util/sv_hash.h"

namespace luakv::cmd {

std::optional<int64_t> ParseRangeLongOrReply(CommandContext& ctx,
                                             std::string_view arg, int64_t min,
                                             int64_t max,
                                             std::string_view msg) {
  const std::optional<int64_t> v = ParseInt64(arg);
  if (!v.has_value()) {
    ctx.Error(msg.empty() ? errors::kNotInteger : msg);
    return std::nullopt;
  }
  if (*v < min || *v > max) {
    if (!msg.empty()) {
      ctx.Error(msg);
    } else {
      ctx.Error("ERR value is out of range, value must between " +
                std::to_string(min) + " and " + std::to_string(max));
    }
    return std::nullopt;
  }
  return v;
}

std::optional<int64_t> ParseTimeoutOrReply(CommandContext& ctx,
                                           std::string_view arg) {
  const std::optional<long double> secs = ParseLongDouble(arg);
  if (!secs.has_value()) {
    ctx.Error(errors::kTimeoutNotFloat);
    return std::nullopt;
  }
  const long double ms = std::ceil(*secs * 1000.0L);
  // Redis converts with a plain cast: on x86-64 anything out of the range
  // of long long (inf, 1e300) becomes LLONG_MIN, hence "negative".
  constexpr long double kLimit = 9223372036854775808.0L;
  if (!(ms < kLimit) || ms < -kLimit || ms < 0) {
    ctx.Error(errors::kTimeoutNegative);
    return std::nullopt;
  }
  return static_cast<int64_t>(ms);
}

std::optional<uint64_t> ParseScanCursorOrReply(CommandContext& ctx,
                                               std::string_view arg) {
  // strtoul over the argument as a C string, as Redis reads it: it stops at
  // a NUL byte, takes a sign, and "" is 0.
  const std::string buf(arg.substr(0, arg.find('\0')));
  char* end = nullptr;
  errno = 0;
  const unsigned long v = std::strtoul(buf.c_str(), &end, 10);
  if ((!buf.empty() && std::isspace(static_cast<unsigned char>(buf[0]))) ||
      *end != '\0' || errno == ERANGE) {
    ctx.Error(errors::kInvalidCursor);
    return std::nullopt;
  }
  return static_cast<uint64_t>(v);
}

std::optional<ScanOptions> ParseScanOptionsOrReply(CommandContext& ctx,
                                                   size_t first) {
  ScanOptions opts;
  for (size_t i = first; i < ctx.argc(); i += 2) {
    const std::string_view opt = ctx.arg(i);
    const bool has_value = ctx.argc() - i >= 2;
    if (has_value && EqualsIgnoreCase(opt, "count")) {
      const std::optional<int64_t> n = ParseLongOrReply(ctx, ctx.arg(i + 1));
      if (!n.has_value()) return std::nullopt;
      if (*n < 1) {
        ctx.Error(errors::kSyntax);
        return std::nullopt;
      }
      opts.count = *n;
    } else if (has_value && EqualsIgnoreCase(opt, "match")) {
      opts.pattern = ctx.arg(i + 1);
      opts.use_pattern = !GlobMatchesEverything(opts.pattern);
    } else {
      ctx.Error(errors::kSyntax);
      return std::nullopt;
    }
  }
  return opts;
}

const Entry* BeginCollectionScan(CommandContext& ctx, ValueType type,
                                 uint64_t* cursor, ScanOptions* options) {
  const std::optional<uint64_t> c = ParseScanCursorOrReply(ctx, ctx.arg(2));
  if (!c.has_value()) return nullptr;
  bool wrong = false;
  const Entry* e = FindTyped(ctx, ctx.arg(1), type, &wrong);
  if (wrong) return nullptr;
  if (e == nullptr) {
    ctx.reply().Array(2);
    ctx.reply().Bulk("0");
    ctx.reply().Array(0);
    return nullptr;
  }
  std::optional<ScanOptions> opts = ParseScanOptionsOrReply(ctx, 3);
  if (!opts.has_value()) return nullptr;
  *cursor = *c;
  *options = *opts;
  return e;
}

void ReplyCollectionScan(CommandContext& ctx, uint64_t next,
                         const ScanOptions& options,
                         std::vector<std::string>& items, size_t stride) {
  if (options.use_pattern) {
    size_t kept = 0;
    for (size_t i = 0; i < items.size(); i += stride) {
      if (!GlobMatch(options.pattern, items[i])) continue;
      if (kept != i) {
        for (size_t j = 0; j < stride; ++j) {
          items[kept + j] = std::move(items[i + j]);
        }
      }
      kept += stride;
    }
    items.resize(kept);
  }
  ctx.reply().Array(2);
  ctx.reply().Bulk(std::to_string(next));
  ctx.reply().Array(items.size());
  for (const std::string& item : items) ctx.reply().Bulk(item);
}

std::optional<RandomCount> ParseRandomCountOrReply(
    CommandContext& ctx, std::string_view with_word) {
  constexpr int64_t kLongMax = std::numeric_limits<int64_t>::max();
  const std::optional<int64_t> l =
      ParseRangeLongOrReply(ctx, ctx.arg(2), -kLongMax, kLongMax);
  if (!l.has_value()) return std::nullopt;
  if (ctx.argc() > 4 ||
      (ctx.argc() == 4 && !EqualsIgnoreCase(ctx.arg(3), with_word))) {
    ctx.Error(errors::kSyntax);
    return std::nullopt;
  }
  const bool with_pairs = ctx.argc() == 4;
  if (with_pairs && (*l < -kLongMax / 2 || *l > kLongMax / 2)) {
    ctx.Error(errors::kValueOutOfRange);
    return std::nullopt;
  }
  return RandomCount{*l, with_pairs};
}

}  // namespace luakv::cmd
