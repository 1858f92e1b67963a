// Keys and databases: DEL, EXISTS, TYPE, the EXPIRE and TTL families,
// RENAME, KEYS, SCAN, RANDOMKEY, DBSIZE, TOUCH, COPY, MOVE, SWAPDB, SELECT,
// FLUSHDB, FLUSHALL and OBJECT.
//
// Which lookups update a key's access time (OBJECT IDLETIME) follows Redis:
// TYPE, TTL, EXISTS, OBJECT and SCAN's TYPE filter read without touching
// (Database::FindNoTouch); the others use Database::Find. Both delete an
// expired key they meet. KEYS filters expired keys without deleting them.

#include <cstdint>
#include <iterator>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/command_context.h"
#include "engine/commands/handlers.h"
#include "engine/errors.h"
#include "keyspace/keyspace.h"
#include "keyspace/util/glob.h"
#include "keyspace/util/numbers.h"
#include "keyspace/util/sv_hash.h"

namespace luakv::cmd {
namespace {

constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();
constexpr int64_t kInt64Min = std::numeric_limits<int64_t>::min();

// Redis shares one object among all keys holding an int-encoded value in
// [0, 10000) and reports its refcount as INT_MAX.
constexpr int64_t kSharedIntegers = 10000;
constexpr int64_t kSharedRefcount = std::numeric_limits<int32_t>::max();

// getIntFromObjectOrReply: a 64-bit integer in int's range. Replies the
// error (`custom_error` instead of both standard texts when given) and
// returns nullopt on failure.
std::optional<int> ParseIntOrReply(CommandContext& ctx, std::string_view arg,
                                   std::string_view custom_error = {}) {
  const std::optional<int64_t> v = ParseInt64(arg);
  if (!v.has_value()) {
    ctx.Error(custom_error.empty() ? errors::kNotInteger : custom_error);
    return std::nullopt;
  }
  if (*v < std::numeric_limits<int>::min() ||
      *v > std::numeric_limits<int>::max()) {
    ctx.Error(custom_error.empty() ? errors::kIntOutOfRange : custom_error);
    return std::nullopt;
  }
  return static_cast<int>(*v);
}

bool ValidDb(CommandContext& ctx, int id) {
  return id >= 0 && id < ctx.keyspace().databases();
}

// A database index for SELECT, MOVE and COPY ... DB: replies the error and
// returns nullopt when it is not an integer or names no database.
std::optional<int> ParseDbOrReply(CommandContext& ctx, std::string_view arg) {
  const std::optional<int> id = ParseIntOrReply(ctx, arg);
  if (!id.has_value()) return std::nullopt;
  if (!ValidDb(ctx, *id)) {
    ctx.Error(errors::kDbIndexOutOfRange);
    return std::nullopt;
  }
  return id;
}

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' ||
         c == '\r';
}

// SCAN's cursor as Redis 7.0 reads it: strtoul over the argument as a C
// string (so it ends at a NUL byte), base 10, with leading space refused.
// strtoul's quirks stay visible: "" is 0, "+5" is 5, "-1" wraps to 2^64-1.
std::optional<uint64_t> ParseScanCursor(std::string_view arg) {
  arg = arg.substr(0, arg.find('\0'));
  if (arg.empty()) return 0;
  if (IsSpace(arg[0])) return std::nullopt;
  size_t i = 0;
  bool negative = false;
  if (arg[0] == '+' || arg[0] == '-') {
    negative = arg[0] == '-';
    ++i;
  }
  if (i == arg.size()) return std::nullopt;
  uint64_t v = 0;
  for (; i < arg.size(); ++i) {
    const char c = arg[i];
    if (c < '0' || c > '9') return std::nullopt;
    const uint64_t digit = static_cast<uint64_t>(c - '0');
    if (v > (std::numeric_limits<uint64_t>::max() - digit) / 10) {
      return std::nullopt;  // ERANGE
    }
    v = v * 10 + digit;
  }
  return negative ? 0 - v : v;
}

bool IsSharedInteger(const Value& v) {
  if (!v.is_string() || v.string_encoding() != StringEncoding::kInt) {
    return false;
  }
  const std::optional<int64_t> n = ParseInt64(v.str());
  return n.has_value() && *n >= 0 && *n < kSharedIntegers;
}

// DEL and UNLINK: luakv frees values in place, so the two are the same.
void DeleteKeys(CommandContext& ctx) {
  Database& db = ctx.db();
  int64_t deleted = 0;
  for (size_t i = 1; i < ctx.argc(); ++i) {
    // An expired key is removed by the lookup but not counted.
    if (db.Find(ctx.arg(i)) != nullptr && db.Delete(ctx.arg(i))) ++deleted;
  }
  ctx.reply().Integer(deleted);
}

// EXPIRE, PEXPIRE, EXPIREAT and PEXPIREAT. `basetime_ms` is added to the
// argument (now for the relative forms, 0 for the absolute ones).
void ExpireGeneric(CommandContext& ctx, int64_t basetime_ms, bool seconds) {
  bool nx = false, xx = false, gt = false, lt = false;
  // Redis 7.0 checks the options before the time argument.
  for (size_t i = 3; i < ctx.argc(); ++i) {
    const std::string_view opt = ctx.arg(i);
    if (EqualsIgnoreCase(opt, "nx")) {
      nx = true;
    } else if (EqualsIgnoreCase(opt, "xx")) {
      xx = true;
    } else if (EqualsIgnoreCase(opt, "gt")) {
      gt = true;
    } else if (EqualsIgnoreCase(opt, "lt")) {
      lt = true;
    } else {
      return ctx.Error(errors::UnsupportedOption(opt));
    }
  }
  if (nx && (xx || gt || lt)) {
    return ctx.Error(errors::kExpireNxIncompatible);
  }
  if (gt && lt) return ctx.Error(errors::kExpireGtLtIncompatible);

  const std::optional<int64_t> arg = ParseInt64(ctx.arg(2));
  if (!arg.has_value()) return ctx.Error(errors::kNotInteger);
  int64_t when = *arg;
  if (seconds) {
    if (when > kInt64Max / 1000 || when < kInt64Min / 1000) {
      return ctx.Error(errors::InvalidExpireTime(ctx.spec().name));
    }
    when *= 1000;
  }
  if (when > kInt64Max - basetime_ms) {
    return ctx.Error(errors::InvalidExpireTime(ctx.spec().name));
  }
  when += basetime_ms;

  const std::string_view key = ctx.arg(1);
  Database& db = ctx.db();
  const Entry* e = db.Find(key);
  if (e == nullptr) return ctx.reply().Integer(0);

  // No expiry counts as an infinite TTL: GT never beats it, LT always does.
  const int64_t current = e->expire_at_ms;
  const bool has_ttl = e->has_expiry();
  if ((nx && has_ttl) || (xx && !has_ttl) ||
      (gt && (!has_ttl || when <= current)) ||
      (lt && has_ttl && when >= current)) {
    return ctx.reply().Integer(0);
  }

  // A time not in the future deletes the key at once (Redis:
  // checkAlreadyExpired uses <=, while lookups expire only once past it).
  if (when <= ctx.now_ms()) {
    db.Delete(key);
  } else {
    db.SetExpire(key, when);
  }
  ctx.reply().Integer(1);
}

// TTL, PTTL, EXPIRETIME and PEXPIRETIME.
void TtlGeneric(CommandContext& ctx, bool milliseconds, bool absolute) {
  const Entry* e = ctx.db().FindNoTouch(ctx.arg(1));
  if (e == nullptr) return ctx.reply().Integer(-2);
  if (!e->has_expiry()) return ctx.reply().Integer(-1);
  int64_t ms = absolute ? e->expire_at_ms : e->expire_at_ms - ctx.now_ms();
  if (ms < 0) ms = 0;
  if (milliseconds) return ctx.reply().Integer(ms);
  // Rounded to the nearest second; unsigned so that a time near INT64_MAX
  // rounds up as Redis's build does instead of wrapping.
  ctx.reply().Integer(
      static_cast<int64_t>((static_cast<uint64_t>(ms) + 500) / 1000));
}

// RENAME and RENAMENX.
void RenameGeneric(CommandContext& ctx, bool nx) {
  const std::string_view key = ctx.arg(1);
  const std::string_view newkey = ctx.arg(2);
  Database& db = ctx.db();
  if (db.Find(key) == nullptr) return ctx.Error(errors::kNoSuchKey);
  if (key == newkey) return nx ? ctx.reply().Integer(0) : ctx.Ok();
  if (db.Find(newkey) != nullptr) {
    if (nx) return ctx.reply().Integer(0);
    db.Delete(newkey);
  }
  const int id = ctx.session().db();
  ctx.keyspace().MoveKey(id, key, id, newkey);
  nx ? ctx.reply().Integer(1) : ctx.Ok();
}

// FLUSHDB and FLUSHALL take an optional ASYNC or SYNC. luakv always frees
// synchronously; the option is only validated.
bool FlushOptionsOk(CommandContext& ctx) {
  if (ctx.argc() == 1) return true;
  if (ctx.argc() == 2 && (EqualsIgnoreCase(ctx.arg(1), "sync") ||
                          EqualsIgnoreCase(ctx.arg(1), "async"))) {
    return true;
  }
  ctx.Error(errors::kSyntax);
  return false;
}

// The OBJECT subcommands' lookup: no touch, and a null reply when absent.
const Entry* ObjectLookupOrReply(CommandContext& ctx) {
  const Entry* e = ctx.db().FindNoTouch(ctx.arg(2));
  if (e == nullptr) ctx.reply().Null();
  return e;
}

constexpr std::string_view kObjectHelp[] = {
    "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "ENCODING <key>",
    "    Return the kind of internal representation used in order to store "
    "the value",
    "    associated with a <key>.",
    "FREQ <key>",
    "    Return the access frequency index of the <key>. The returned integer "
    "is",
    "    proportional to the logarithm of the recent access frequency of the "
    "key.",
    "IDLETIME <key>",
    "    Return the idle time of the <key>, that is the approximated number of",
    "    seconds elapsed since the last access to the key.",
    "REFCOUNT <key>",
    "    Return the number of references of the value associated with the "
    "specified",
    "    <key>.",
    "HELP",
    "    Prints this help.",
};

}  // namespace

void Del(CommandContext& ctx) { DeleteKeys(ctx); }

void Unlink(CommandContext& ctx) { DeleteKeys(ctx); }

void Exists(CommandContext& ctx) {
  Database& db = ctx.db();
  int64_t found = 0;
  // A key named twice counts twice.
  for (size_t i = 1; i < ctx.argc(); ++i) {
    if (db.FindNoTouch(ctx.arg(i)) != nullptr) ++found;
  }
  ctx.reply().Integer(found);
}

void Type(CommandContext& ctx) {
  const Entry* e = ctx.db().FindNoTouch(ctx.arg(1));
  ctx.reply().Simple(e == nullptr ? "none" : ValueTypeName(e->value.type()));
}

void Expire(CommandContext& ctx) {
  ExpireGeneric(ctx, ctx.now_ms(), /*seconds=*/true);
}

void Pexpire(CommandContext& ctx) {
  ExpireGeneric(ctx, ctx.now_ms(), /*seconds=*/false);
}

void Expireat(CommandContext& ctx) {
  ExpireGeneric(ctx, 0, /*seconds=*/true);
}

void Pexpireat(CommandContext& ctx) {
  ExpireGeneric(ctx, 0, /*seconds=*/false);
}

void Ttl(CommandContext& ctx) {
  TtlGeneric(ctx, /*milliseconds=*/false, /*absolute=*/false);
}

void Pttl(CommandContext& ctx) {
  TtlGeneric(ctx, /*milliseconds=*/true, /*absolute=*/false);
}

void Expiretime(CommandContext& ctx) {
  TtlGeneric(ctx, /*milliseconds=*/false, /*absolute=*/true);
}

void Pexpiretime(CommandContext& ctx) {
  TtlGeneric(ctx, /*milliseconds=*/true, /*absolute=*/true);
}

void Persist(CommandContext& ctx) {
  Database& db = ctx.db();
  const Entry* e = db.Find(ctx.arg(1));
  if (e == nullptr || !e->has_expiry()) return ctx.reply().Integer(0);
  db.SetExpire(ctx.arg(1), kNoExpiry);
  ctx.reply().Integer(1);
}

void Rename(CommandContext& ctx) { RenameGeneric(ctx, /*nx=*/false); }

void Renamenx(CommandContext& ctx) { RenameGeneric(ctx, /*nx=*/true); }

void Keys(CommandContext& ctx) {
  const std::string_view pattern = ctx.arg(1);
  // "*" skips matching, which also lists the empty key.
  const bool all = GlobMatchesEverything(pattern);
  const int64_t now = ctx.now_ms();
  std::vector<std::string_view> keys;
  ctx.db().ForEachKey([&](const std::string& key, const Entry& e) {
    if (e.has_expiry() && now > e.expire_at_ms) return;
    if (all || GlobMatch(pattern, key)) keys.push_back(key);
  });
  ctx.reply().Array(keys.size());
  for (std::string_view k : keys) ctx.reply().Bulk(k);
}

void Scan(CommandContext& ctx) {
  const std::optional<uint64_t> start = ParseScanCursor(ctx.arg(1));
  if (!start.has_value()) return ctx.Error(errors::kInvalidCursor);

  int64_t count = 10;
  std::string_view pattern;
  bool use_pattern = false;
  std::optional<std::string_view> type;
  for (size_t i = 2; i < ctx.argc(); i += 2) {
    const std::string_view opt = ctx.arg(i);
    const bool has_value = ctx.argc() - i >= 2;
    if (has_value && EqualsIgnoreCase(opt, "count")) {
      const std::optional<int64_t> n = ParseInt64(ctx.arg(i + 1));
      if (!n.has_value()) return ctx.Error(errors::kNotInteger);
      if (*n < 1) return ctx.Error(errors::kSyntax);
      count = *n;
    } else if (has_value && EqualsIgnoreCase(opt, "match")) {
      pattern = ctx.arg(i + 1);
      use_pattern = !GlobMatchesEverything(pattern);
    } else if (has_value && EqualsIgnoreCase(opt, "type")) {
      type = ctx.arg(i + 1);
    } else {
      return ctx.Error(errors::kSyntax);
    }
  }

  // As Redis: visit buckets until COUNT keys are collected, the iteration
  // ends, or 10 * COUNT buckets have been visited (mostly empty tables).
  Database& db = ctx.db();
  std::vector<std::string> keys;
  uint64_t cursor = *start;
  int64_t budget = count > kInt64Max / 10 ? kInt64Max : count * 10;
  do {
    cursor = db.Scan(cursor, &keys);
  } while (cursor != 0 && budget-- > 0 &&
           keys.size() < static_cast<uint64_t>(count));

  // Filters run after the walk, in Redis's order. The TYPE filter looks the
  // key up (deleting it if expired) and names a missing key "none", so
  // Redis 7.0 returns expired keys for TYPE none; kept as is.
  std::vector<std::string> out;
  out.reserve(keys.size());
  for (std::string& key : keys) {
    if (use_pattern && !GlobMatch(pattern, key)) continue;
    if (type.has_value()) {
      const Entry* e = db.FindNoTouch(key);
      const std::string_view name =
          e == nullptr ? "none" : ValueTypeName(e->value.type());
      if (!EqualsIgnoreCase(name, *type)) continue;
    }
    if (db.ExpireIfNeeded(key)) continue;
    out.push_back(std::move(key));
  }

  ctx.reply().Array(2);
  ctx.reply().Bulk(std::to_string(cursor));
  ctx.reply().Array(out.size());
  for (const std::string& k : out) ctx.reply().Bulk(k);
}

void Randomkey(CommandContext& ctx) {
  const std::optional<std::string> key = ctx.db().RandomKey();
  if (!key.has_value()) return ctx.reply().Null();
  ctx.reply().Bulk(*key);
}

void Dbsize(CommandContext& ctx) {
  ctx.reply().Integer(static_cast<int64_t>(ctx.db().size()));
}

void Touch(CommandContext& ctx) {
  Database& db = ctx.db();
  int64_t touched = 0;
  for (size_t i = 1; i < ctx.argc(); ++i) {
    if (db.Find(ctx.arg(i)) != nullptr) ++touched;
  }
  ctx.reply().Integer(touched);
}

void Copy(CommandContext& ctx) {
  const int src_id = ctx.session().db();
  int dst_id = src_id;
  bool replace = false;
  for (size_t i = 3; i < ctx.argc(); ++i) {
    const std::string_view opt = ctx.arg(i);
    if (EqualsIgnoreCase(opt, "replace")) {
      replace = true;
    } else if (EqualsIgnoreCase(opt, "db") && i + 1 < ctx.argc()) {
      const std::optional<int> id = ParseDbOrReply(ctx, ctx.arg(i + 1));
      if (!id.has_value()) return;
      dst_id = *id;
      ++i;
    } else {
      return ctx.Error(errors::kSyntax);
    }
  }

  const std::string_view key = ctx.arg(1);
  const std::string_view newkey = ctx.arg(2);
  if (src_id == dst_id && key == newkey) {
    return ctx.Error(errors::kSameObject);
  }
  Keyspace& ks = ctx.keyspace();
  const Entry* e = ks.db(src_id).Find(key);
  if (e == nullptr) return ctx.reply().Integer(0);
  Database& dst = ks.db(dst_id);
  if (dst.Find(newkey) != nullptr) {
    if (!replace) return ctx.reply().Integer(0);
    dst.Delete(newkey);
  }
  // The copy is a new object: its idle time starts now; the TTL carries over.
  Entry copy{e->value.Clone(), e->expire_at_ms};
  copy.value.set_access_s(static_cast<uint32_t>(ctx.now_ms() / 1000));
  dst.Add(newkey, std::move(copy));
  ctx.reply().Integer(1);
}

void Move(CommandContext& ctx) {
  const std::optional<int> dst_id = ParseDbOrReply(ctx, ctx.arg(2));
  if (!dst_id.has_value()) return;
  const int src_id = ctx.session().db();
  if (*dst_id == src_id) return ctx.Error(errors::kSameObject);
  const std::string_view key = ctx.arg(1);
  Keyspace& ks = ctx.keyspace();
  if (ks.db(src_id).Find(key) == nullptr ||
      ks.db(*dst_id).Find(key) != nullptr) {
    return ctx.reply().Integer(0);
  }
  ks.MoveKey(src_id, key, *dst_id, key);
  ctx.reply().Integer(1);
}

void Swapdb(CommandContext& ctx) {
  const std::optional<int> a =
      ParseIntOrReply(ctx, ctx.arg(1), errors::kInvalidFirstDbIndex);
  if (!a.has_value()) return;
  const std::optional<int> b =
      ParseIntOrReply(ctx, ctx.arg(2), errors::kInvalidSecondDbIndex);
  if (!b.has_value()) return;
  if (!ValidDb(ctx, *a) || !ValidDb(ctx, *b)) {
    return ctx.Error(errors::kDbIndexOutOfRange);
  }
  ctx.keyspace().SwapDb(*a, *b);
  ctx.Ok();
}

void Select(CommandContext& ctx) {
  const std::optional<int> id = ParseDbOrReply(ctx, ctx.arg(1));
  if (!id.has_value()) return;
  ctx.session().set_db(*id);
  ctx.Ok();
}

void Flushdb(CommandContext& ctx) {
  if (!FlushOptionsOk(ctx)) return;
  ctx.db().Flush();
  ctx.Ok();
}

void Flushall(CommandContext& ctx) {
  if (!FlushOptionsOk(ctx)) return;
  ctx.keyspace().FlushAll();
  ctx.Ok();
}

void ObjectEncoding(CommandContext& ctx) {
  const Entry* e = ObjectLookupOrReply(ctx);
  if (e == nullptr) return;
  ctx.reply().Bulk(e->value.EncodingName());
}

void ObjectRefcount(CommandContext& ctx) {
  const Entry* e = ObjectLookupOrReply(ctx);
  if (e == nullptr) return;
  ctx.reply().Integer(IsSharedInteger(e->value) ? kSharedRefcount : 1);
}

void ObjectIdletime(CommandContext& ctx) {
  const Entry* e = ObjectLookupOrReply(ctx);
  if (e == nullptr) return;
  // Both sides are 32-bit seconds; unsigned subtraction survives the wrap.
  const uint32_t now_s = static_cast<uint32_t>(ctx.now_ms() / 1000);
  ctx.reply().Integer(static_cast<int64_t>(now_s - e->value.access_s()));
}

void ObjectFreq(CommandContext& ctx) {
  const Entry* e = ObjectLookupOrReply(ctx);
  if (e == nullptr) return;
  // Access frequency exists only under an LFU maxmemory policy, which
  // luakv does not have.
  ctx.Error(errors::kLfuNotSelected);
}

void ObjectHelp(CommandContext& ctx) {
  ctx.reply().Array(std::size(kObjectHelp));
  for (std::string_view line : kObjectHelp) ctx.reply().Simple(line);
}

}  // namespace luakv::cmd
