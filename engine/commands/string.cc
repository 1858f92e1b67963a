// String commands: GET and SET with their variants, MGET/MSET, counters
// (INCR family, INCRBYFLOAT), APPEND, STRLEN, ranges (GETRANGE, SETRANGE,
// SUBSTR) and LCS. Replies, error texts, the order of checks and the
// encodings left behind (OBJECT ENCODING) follow Redis 7.0.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <new>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/command_context.h"
#include "engine/commands/handlers.h"
#include "engine/errors.h"
#include "keyspace/database.h"
#include "keyspace/util/numbers.h"
#include "keyspace/value.h"

namespace luakv::cmd {
namespace {

// Redis's proto-max-bulk-len default: the largest string APPEND and SETRANGE
// may build, and the largest transient table LCS may allocate.
constexpr int64_t kProtoMaxBulkLen = 512LL * 1024 * 1024;

// Redis compares option names as C strings: an argument is read up to its
// first NUL byte ("NX\0junk" is NX), in any case.
bool OptionIs(std::string_view arg, std::string_view name) {
  const size_t nul = arg.find('\0');
  if (nul != std::string_view::npos) arg = arg.substr(0, nul);
  if (arg.size() != name.size()) return false;
  for (size_t i = 0; i < arg.size(); ++i) {
    char c = arg[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != name[i]) return false;
  }
  return true;
}

// Looks up `key` for a string command. Returns false after replying
// WRONGTYPE when the key holds another type; otherwise sets `*entry` to the
// live entry or null.
bool FindString(CommandContext& ctx, std::string_view key, Entry** entry) {
  Entry* e = ctx.db().Find(key);
  if (e != nullptr && e->value.type() != ValueType::kString) {
    ctx.Error(errors::kWrongType);
    return false;
  }
  *entry = e;
  return true;
}

// --- SET / GETEX options and expiry --------------------------------------

enum StringFlag : uint32_t {
  kFlagNx = 1 << 0,
  kFlagXx = 1 << 1,
  kFlagGet = 1 << 2,
  kFlagKeepTtl = 1 << 3,
  kFlagPersist = 1 << 4,
  kFlagEx = 1 << 5,
  kFlagPx = 1 << 6,
  kFlagExAt = 1 << 7,
  kFlagPxAt = 1 << 8,
};
constexpr uint32_t kAnyExpire = kFlagEx | kFlagPx | kFlagExAt | kFlagPxAt;

enum class OptionSet { kSet, kGetex };

struct StringOptions {
  uint32_t flags = 0;
  // The argument of EX, PX, EXAT or PXAT; meaningful when a flag of
  // kAnyExpire is set.
  std::string_view expire;
};

// Parses the options of SET (from argv[3]) or GETEX (from argv[2]) the way
// Redis 7.0 does: one pass, each option accepted only when it does not
// conflict with those seen so far, a repeated option accepted (the last
// expiry wins). Returns false on a syntax error (not yet replied).
bool ParseStringOptions(std::span<const std::string_view> argv,
                        OptionSet set, StringOptions* out) {
  const bool is_set = set == OptionSet::kSet;
  uint32_t& f = out->flags;
  for (size_t j = is_set ? 3 : 2; j < argv.size(); ++j) {
    const std::string_view opt = argv[j];
    const bool has_next = j + 1 < argv.size();
    if (is_set && OptionIs(opt, "nx") && !(f & kFlagXx)) {
      f |= kFlagNx;
    } else if (is_set && OptionIs(opt, "xx") && !(f & kFlagNx)) {
      f |= kFlagXx;
    } else if (is_set && OptionIs(opt, "get")) {
      f |= kFlagGet;
    } else if (is_set && OptionIs(opt, "keepttl") &&
               !(f & (kFlagPersist | kAnyExpire))) {
      f |= kFlagKeepTtl;
    } else if (!is_set && OptionIs(opt, "persist") &&
               !(f & (kAnyExpire | kFlagKeepTtl))) {
      f |= kFlagPersist;
    } else if (OptionIs(opt, "ex") && has_next &&
               !(f & (kFlagKeepTtl | kFlagPersist | (kAnyExpire & ~kFlagEx)))) {
      f |= kFlagEx;
      out->expire = argv[++j];
    } else if (OptionIs(opt, "px") && has_next &&
               !(f & (kFlagKeepTtl | kFlagPersist | (kAnyExpire & ~kFlagPx)))) {
      f |= kFlagPx;
      out->expire = argv[++j];
    } else if (OptionIs(opt, "exat") && has_next &&
               !(f & (kFlagKeepTtl | kFlagPersist |
                      (kAnyExpire & ~kFlagExAt)))) {
      f |= kFlagExAt;
      out->expire = argv[++j];
    } else if (OptionIs(opt, "pxat") && has_next &&
               !(f & (kFlagKeepTtl | kFlagPersist |
                      (kAnyExpire & ~kFlagPxAt)))) {
      f |= kFlagPxAt;
      out->expire = argv[++j];
    } else {
      return false;
    }
  }
  return true;
}

// Turns the argument of EX/PX/EXAT/PXAT (named by `flags`) into an absolute
// time in milliseconds. Replies and returns false when it is not an integer,
// not positive, or overflows once scaled to milliseconds and (for EX and PX)
// added to the current time; the error names the running command.
bool ResolveExpireAt(CommandContext& ctx, uint32_t flags,
                     std::string_view arg, int64_t* at_ms) {
  const std::optional<int64_t> parsed = ParseInt64(arg);
  if (!parsed.has_value()) {
    ctx.Error(errors::kNotInteger);
    return false;
  }
  int64_t ms = *parsed;
  const bool seconds = (flags & (kFlagEx | kFlagExAt)) != 0;
  if (ms <= 0 ||
      (seconds && ms > std::numeric_limits<int64_t>::max() / 1000)) {
    ctx.Error(errors::InvalidExpireTime(ctx.spec().name));
    return false;
  }
  if (seconds) ms *= 1000;
  if (flags & (kFlagEx | kFlagPx)) {
    // Redis adds the base time and rejects a sum that wrapped negative.
    if (ms > std::numeric_limits<int64_t>::max() - ctx.now_ms()) {
      ctx.Error(errors::InvalidExpireTime(ctx.spec().name));
      return false;
    }
    ms += ctx.now_ms();
  }
  *at_ms = ms;
  return true;
}

// What a SET-like command replies when it stores the value, and when NX or
// XX stops it (SET: OK and nil; SETNX: 1 and 0).
enum class SetReplies { kOkOrNil, kOneOrZero };

// The shared body of SET, SETNX, SETEX and PSETEX. `value` is stored with
// the encoding Redis's tryObjectEncoding gives a command argument.
void SetGeneric(CommandContext& ctx, uint32_t flags, std::string_view key,
                std::string_view value, std::string_view expire,
                SetReplies replies) {
  int64_t at_ms = kNoExpiry;
  if ((flags & kAnyExpire) && !ResolveExpireAt(ctx, flags, expire, &at_ms)) {
    return;
  }
  if (flags & kFlagGet) {
    Entry* old;
    if (!FindString(ctx, key, &old)) return;
    if (old == nullptr) {
      ctx.reply().Null();
    } else {
      ctx.reply().Bulk(old->value.str());
    }
  }
  const bool found = ctx.db().Find(key) != nullptr;
  if (((flags & kFlagNx) && found) || ((flags & kFlagXx) && !found)) {
    // With GET the old value (or nil) was the reply already.
    if (flags & kFlagGet) return;
    if (replies == SetReplies::kOneOrZero) return ctx.reply().Integer(0);
    return ctx.reply().Null();
  }
  ctx.db().Set(key, Value::StringFromCommand(std::string(value)),
               (flags & kFlagKeepTtl) != 0);
  if (at_ms != kNoExpiry) ctx.db().SetExpire(key, at_ms);
  if (flags & kFlagGet) return;
  if (replies == SetReplies::kOneOrZero) return ctx.reply().Integer(1);
  ctx.Ok();
}

// --- counters -------------------------------------------------------------

// INCR, DECR, INCRBY and DECRBY: adds `delta` to the integer at `key` (0
// when absent), keeping the key's TTL. The result is stored int-encoded.
void IncrByDelta(CommandContext& ctx, std::string_view key, int64_t delta) {
  Entry* e;
  if (!FindString(ctx, key, &e)) return;
  int64_t current = 0;
  if (e != nullptr) {
    const std::optional<int64_t> v = ParseInt64(e->value.str());
    if (!v.has_value()) return ctx.Error(errors::kNotInteger);
    current = *v;
  }
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  if ((delta < 0 && current < 0 && delta < kMin - current) ||
      (delta > 0 && current > 0 && delta > kMax - current)) {
    return ctx.Error(errors::kOverflow);
  }
  const int64_t result = current + delta;
  if (e != nullptr) {
    ctx.db().SetInteger(key, *e, result);
  } else {
    ctx.db().Set(key, Value::String(Int64ToString(result), StringEncoding::kInt),
                 /*keep_ttl=*/true);
  }
  ctx.reply().Integer(result);
}

// Parses an integer argument; replies and returns false when it is not one.
bool ArgInt64(CommandContext& ctx, size_t index, int64_t* out) {
  const std::optional<int64_t> v = ParseInt64(ctx.arg(index));
  if (!v.has_value()) {
    ctx.Error(errors::kNotInteger);
    return false;
  }
  *out = *v;
  return true;
}

// --- ranges ---------------------------------------------------------------

// GETRANGE and SUBSTR.
void GetRangeGeneric(CommandContext& ctx) {
  int64_t start, end;
  if (!ArgInt64(ctx, 2, &start) || !ArgInt64(ctx, 3, &end)) return;
  Entry* e;
  if (!FindString(ctx, ctx.arg(1), &e)) return;
  if (e == nullptr) return ctx.reply().Bulk("");
  const std::string& s = e->value.str();
  const int64_t len = static_cast<int64_t>(s.size());
  // Redis 7.0: both ends negative with start after end is empty before any
  // clamping ("GETRANGE k -1 -5").
  if (start < 0 && end < 0 && start > end) return ctx.reply().Bulk("");
  if (start < 0) start += len;
  if (end < 0) end += len;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= len) end = len - 1;
  if (start > end || len == 0) return ctx.reply().Bulk("");
  ctx.reply().Bulk(std::string_view(s).substr(
      static_cast<size_t>(start), static_cast<size_t>(end - start + 1)));
}

// True when a string of `size` + `append` bytes would pass the limit.
bool ExceedsMaxString(int64_t size, size_t append) {
  return append > static_cast<uint64_t>(kProtoMaxBulkLen) ||
         size > kProtoMaxBulkLen - static_cast<int64_t>(append);
}

// --- LCS ------------------------------------------------------------------

struct LcsRange {
  uint32_t a_start, a_end, b_start, b_end;
};

// The dynamic-programming table of LCS lengths of every pair of prefixes,
// (alen+1) x (blen+1), as Redis builds it; the walk back over it decides
// which of several equally long subsequences is reported.
class LcsTable {
 public:
  LcsTable(std::string_view a, std::string_view b) : a_(a), b_(b) {}

  // False when the table cannot be allocated.
  bool Fill() {
    const size_t cells = (a_.size() + 1) * (b_.size() + 1);
    cells_.reset(new (std::nothrow) uint32_t[cells]);
    if (cells_ == nullptr) return false;
    for (size_t i = 0; i <= a_.size(); ++i) {
      for (size_t j = 0; j <= b_.size(); ++j) {
        uint32_t& cell = At(i, j);
        if (i == 0 || j == 0) {
          cell = 0;
        } else if (a_[i - 1] == b_[j - 1]) {
          cell = At(i - 1, j - 1) + 1;
        } else {
          cell = std::max(At(i - 1, j), At(i, j - 1));
        }
      }
    }
    return true;
  }

  uint32_t Length() const { return At(a_.size(), b_.size()); }

  // Walks back from the ends of both strings, collecting the subsequence
  // and the ranges of contiguous matches, last range first. Ranges shorter
  // than `min_len` are dropped (0 keeps all).
  void Walk(int64_t min_len, std::string* lcs,
            std::vector<LcsRange>* ranges) const {
    const uint32_t alen = static_cast<uint32_t>(a_.size());
    uint32_t idx = Length();
    lcs->assign(idx, '\0');
    // a_start == alen means no range is open.
    LcsRange open{alen, 0, 0, 0};
    size_t i = a_.size(), j = b_.size();
    while (i > 0 && j > 0) {
      bool emit = false;
      if (a_[i - 1] == b_[j - 1]) {
        (*lcs)[idx - 1] = a_[i - 1];
        if (open.a_start == alen) {
          open = {static_cast<uint32_t>(i - 1), static_cast<uint32_t>(i - 1),
                  static_cast<uint32_t>(j - 1), static_cast<uint32_t>(j - 1)};
        } else if (open.a_start == i && open.b_start == j) {
          --open.a_start;
          --open.b_start;
        } else {
          emit = true;
        }
        // A range touching the start of either string is complete.
        if (open.a_start == 0 || open.b_start == 0) emit = true;
        --idx;
        --i;
        --j;
      } else {
        if (At(i - 1, j) > At(i, j - 1)) {
          --i;
        } else {
          --j;
        }
        if (open.a_start != alen) emit = true;
      }
      if (emit) {
        const uint32_t match_len = open.a_end - open.a_start + 1;
        if (min_len == 0 || match_len >= min_len) ranges->push_back(open);
        open.a_start = alen;
      }
    }
  }

 private:
  uint32_t& At(size_t i, size_t j) { return cells_[j + i * (b_.size() + 1)]; }
  uint32_t At(size_t i, size_t j) const {
    return cells_[j + i * (b_.size() + 1)];
  }

  std::string_view a_;
  std::string_view b_;
  std::unique_ptr<uint32_t[]> cells_;
};

}  // namespace

void Get(CommandContext& ctx) {
  Entry* e;
  if (!FindString(ctx, ctx.arg(1), &e)) return;
  if (e == nullptr) return ctx.reply().Null();
  ctx.reply().Bulk(e->value.str());
}

void Set(CommandContext& ctx) {
  StringOptions opts;
  if (!ParseStringOptions(ctx.argv(), OptionSet::kSet, &opts)) {
    return ctx.Error(errors::kSyntax);
  }
  SetGeneric(ctx, opts.flags, ctx.arg(1), ctx.arg(2), opts.expire,
             SetReplies::kOkOrNil);
}

void Setnx(CommandContext& ctx) {
  SetGeneric(ctx, kFlagNx, ctx.arg(1), ctx.arg(2), {},
             SetReplies::kOneOrZero);
}

void Setex(CommandContext& ctx) {
  SetGeneric(ctx, kFlagEx, ctx.arg(1), ctx.arg(3), ctx.arg(2),
             SetReplies::kOkOrNil);
}

void Psetex(CommandContext& ctx) {
  SetGeneric(ctx, kFlagPx, ctx.arg(1), ctx.arg(3), ctx.arg(2),
             SetReplies::kOkOrNil);
}

void Mget(CommandContext& ctx) {
  ctx.reply().Array(ctx.argc() - 1);
  for (size_t i = 1; i < ctx.argc(); ++i) {
    const Entry* e = ctx.db().Find(ctx.arg(i));
    if (e == nullptr || e->value.type() != ValueType::kString) {
      ctx.reply().Null();
    } else {
      ctx.reply().Bulk(e->value.str());
    }
  }
}

void Mset(CommandContext& ctx) {
  if (ctx.argc() % 2 == 0) return ctx.Error(errors::WrongArity(ctx.spec().name));
  for (size_t i = 1; i < ctx.argc(); i += 2) {
    ctx.db().Set(ctx.arg(i),
                 Value::StringFromCommand(std::string(ctx.arg(i + 1))));
  }
  ctx.Ok();
}

void Msetnx(CommandContext& ctx) {
  if (ctx.argc() % 2 == 0) return ctx.Error(errors::WrongArity(ctx.spec().name));
  // Any existing key, of any type, stops the whole command.
  for (size_t i = 1; i < ctx.argc(); i += 2) {
    if (ctx.db().Find(ctx.arg(i)) != nullptr) return ctx.reply().Integer(0);
  }
  for (size_t i = 1; i < ctx.argc(); i += 2) {
    ctx.db().Set(ctx.arg(i),
                 Value::StringFromCommand(std::string(ctx.arg(i + 1))));
  }
  ctx.reply().Integer(1);
}

void Getset(CommandContext& ctx) {
  Entry* e;
  if (!FindString(ctx, ctx.arg(1), &e)) return;
  if (e == nullptr) {
    ctx.reply().Null();
  } else {
    ctx.reply().Bulk(e->value.str());
  }
  // GETSET drops the TTL, as a plain SET does.
  ctx.db().Set(ctx.arg(1), Value::StringFromCommand(std::string(ctx.arg(2))));
}

void Getdel(CommandContext& ctx) {
  Entry* e;
  if (!FindString(ctx, ctx.arg(1), &e)) return;
  if (e == nullptr) return ctx.reply().Null();
  ctx.reply().Bulk(e->value.str());
  ctx.db().Delete(ctx.arg(1));
}

void Getex(CommandContext& ctx) {
  StringOptions opts;
  if (!ParseStringOptions(ctx.argv(), OptionSet::kGetex, &opts)) {
    return ctx.Error(errors::kSyntax);
  }
  const std::string_view key = ctx.arg(1);
  Entry* e;
  if (!FindString(ctx, key, &e)) return;
  // Redis 7.0 checks the expiry argument only once the key is known to
  // exist: GETEX on a missing key is nil whatever the argument.
  if (e == nullptr) return ctx.reply().Null();
  int64_t at_ms = kNoExpiry;
  if ((opts.flags & kAnyExpire) &&
      !ResolveExpireAt(ctx, opts.flags, opts.expire, &at_ms)) {
    return;
  }
  ctx.reply().Bulk(e->value.str());
  if ((opts.flags & (kFlagExAt | kFlagPxAt)) && at_ms <= ctx.now_ms()) {
    // An absolute time already past deletes the key at once.
    ctx.db().Delete(key);
  } else if (opts.flags & kAnyExpire) {
    ctx.db().SetExpire(key, at_ms);
  } else if (opts.flags & kFlagPersist) {
    ctx.db().SetExpire(key, kNoExpiry);
  }
}

void Append(CommandContext& ctx) {
  const std::string_view key = ctx.arg(1);
  const std::string_view tail = ctx.arg(2);
  Entry* e;
  if (!FindString(ctx, key, &e)) return;
  if (e == nullptr) {
    // A new key takes the argument as SET would (int, embstr or raw).
    ctx.db().Set(key, Value::StringFromCommand(std::string(tail)));
    return ctx.reply().Integer(static_cast<int64_t>(tail.size()));
  }
  if (ExceedsMaxString(static_cast<int64_t>(e->value.str().size()),
                       tail.size())) {
    return ctx.Error(errors::kStringTooLong);
  }
  ctx.db().AppendString(key, tail);
  ctx.reply().Integer(static_cast<int64_t>(e->value.str().size()));
}

void Strlen(CommandContext& ctx) {
  Entry* e;
  if (!FindString(ctx, ctx.arg(1), &e)) return;
  ctx.reply().Integer(e == nullptr ? 0
                                   : static_cast<int64_t>(e->value.str().size()));
}

void Incr(CommandContext& ctx) { IncrByDelta(ctx, ctx.arg(1), 1); }

void Decr(CommandContext& ctx) { IncrByDelta(ctx, ctx.arg(1), -1); }

void Incrby(CommandContext& ctx) {
  int64_t delta;
  if (!ArgInt64(ctx, 2, &delta)) return;
  IncrByDelta(ctx, ctx.arg(1), delta);
}

void Decrby(CommandContext& ctx) {
  int64_t delta;
  if (!ArgInt64(ctx, 2, &delta)) return;
  // Negating INT64_MIN would overflow; Redis refuses it before looking at
  // the key.
  if (delta == std::numeric_limits<int64_t>::min()) {
    return ctx.Error(errors::kDecrementOverflow);
  }
  IncrByDelta(ctx, ctx.arg(1), -delta);
}

void Incrbyfloat(CommandContext& ctx) {
  const std::string_view key = ctx.arg(1);
  Entry* e;
  if (!FindString(ctx, key, &e)) return;
  long double current = 0;
  if (e != nullptr) {
    const std::optional<long double> v = ParseLongDouble(e->value.str());
    if (!v.has_value()) return ctx.Error(errors::kNotFloat);
    current = *v;
  }
  const std::optional<long double> incr = ParseLongDouble(ctx.arg(2));
  if (!incr.has_value()) return ctx.Error(errors::kNotFloat);
  const long double result = current + *incr;
  if (std::isnan(result) || std::isinf(result)) {
    return ctx.Error(errors::kIncrFloatNanOrInf);
  }
  std::string text = FormatLongDoubleHuman(result);
  const StringEncoding enc = Value::EncodingByLength(text.size());
  ctx.reply().Bulk(text);
  ctx.db().Set(key, Value::String(std::move(text), enc), /*keep_ttl=*/true);
}

void Getrange(CommandContext& ctx) { GetRangeGeneric(ctx); }

void Substr(CommandContext& ctx) { GetRangeGeneric(ctx); }

void Setrange(CommandContext& ctx) {
  const std::string_view key = ctx.arg(1);
  const std::string_view bytes = ctx.arg(3);
  int64_t offset;
  if (!ArgInt64(ctx, 2, &offset)) return;
  if (offset < 0) return ctx.Error(errors::kOffsetOutOfRange);
  Entry* e;
  if (!FindString(ctx, key, &e)) return;
  if (e == nullptr) {
    // Writing nothing to a missing key creates nothing.
    if (bytes.empty()) return ctx.reply().Integer(0);
    if (ExceedsMaxString(offset, bytes.size())) {
      return ctx.Error(errors::kStringTooLong);
    }
    std::string s(static_cast<size_t>(offset), '\0');
    s.append(bytes);
    const int64_t len = static_cast<int64_t>(s.size());
    ctx.db().Set(key, Value::String(std::move(s), StringEncoding::kRaw));
    return ctx.reply().Integer(len);
  }
  if (bytes.empty()) {
    return ctx.reply().Integer(static_cast<int64_t>(e->value.str().size()));
  }
  if (ExceedsMaxString(offset, bytes.size())) {
    return ctx.Error(errors::kStringTooLong);
  }
  ctx.db().SetStringRange(key, static_cast<size_t>(offset), bytes);
  ctx.reply().Integer(static_cast<int64_t>(e->value.str().size()));
}

void Lcs(CommandContext& ctx) {
  // Redis 7.0 looks both keys up before reading any option.
  const Entry* ea = ctx.db().Find(ctx.arg(1));
  const Entry* eb = ctx.db().Find(ctx.arg(2));
  if ((ea != nullptr && ea->value.type() != ValueType::kString) ||
      (eb != nullptr && eb->value.type() != ValueType::kString)) {
    return ctx.Error(errors::kLcsNotStrings);
  }
  const std::string_view a =
      ea == nullptr ? std::string_view() : std::string_view(ea->value.str());
  const std::string_view b =
      eb == nullptr ? std::string_view() : std::string_view(eb->value.str());

  bool get_len = false, get_idx = false, with_match_len = false;
  int64_t min_match_len = 0;
  for (size_t j = 3; j < ctx.argc(); ++j) {
    const std::string_view opt = ctx.arg(j);
    if (OptionIs(opt, "idx")) {
      get_idx = true;
    } else if (OptionIs(opt, "len")) {
      get_len = true;
    } else if (OptionIs(opt, "withmatchlen")) {
      with_match_len = true;
    } else if (OptionIs(opt, "minmatchlen") && j + 1 < ctx.argc()) {
      if (!ArgInt64(ctx, j + 1, &min_match_len)) return;
      if (min_match_len < 0) min_match_len = 0;
      ++j;
    } else {
      return ctx.Error(errors::kSyntax);
    }
  }
  if (get_idx && get_len) return ctx.Error(errors::kLcsLenAndIdx);
  constexpr size_t kMaxLen = std::numeric_limits<uint32_t>::max() - 1;
  if (a.size() >= kMaxLen || b.size() >= kMaxLen) {
    return ctx.Error(errors::kLcsTooLong);
  }
  const uint64_t cells =
      static_cast<uint64_t>(a.size() + 1) * static_cast<uint64_t>(b.size() + 1);
  if (cells * sizeof(uint32_t) > static_cast<uint64_t>(kProtoMaxBulkLen)) {
    return ctx.Error(errors::kLcsTableTooLarge);
  }
  LcsTable table(a, b);
  if (!table.Fill()) return ctx.Error(errors::kLcsAllocFailed);

  if (get_len) return ctx.reply().Integer(table.Length());
  std::string lcs;
  std::vector<LcsRange> ranges;
  table.Walk(min_match_len, &lcs, &ranges);
  if (!get_idx) return ctx.reply().Bulk(lcs);

  ReplySink& r = ctx.reply();
  r.Map(2);
  r.Bulk("matches");
  r.Array(ranges.size());
  for (const LcsRange& range : ranges) {
    r.Array(with_match_len ? 3 : 2);
    r.Array(2);
    r.Integer(range.a_start);
    r.Integer(range.a_end);
    r.Array(2);
    r.Integer(range.b_start);
    r.Integer(range.b_end);
    if (with_match_len) r.Integer(range.a_end - range.a_start + 1);
  }
  r.Bulk("len");
  r.Integer(table.Length());
}

}  // namespace luakv::cmd
