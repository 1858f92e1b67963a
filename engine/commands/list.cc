// Lists: LPUSH RPUSH LPUSHX RPUSHX LPOP RPOP LLEN LRANGE LINDEX LSET LINSERT
// LREM LTRIM LPOS RPOPLPUSH LMOVE LMPOP and the blocking BLPOP BRPOP BLMOVE
// BRPOPLPUSH BLMPOP.
//
// Blocking commands never block here. They behave as Redis 7.0 makes them
// behave where a client may not block (inside MULTI, or a client flagged
// deny-blocking): when something can be popped they act at once; otherwise
// they reply as if the timeout had expired (a null reply), whatever the
// timeout. The timeout is still parsed and checked. An embedded engine has
// no other client that could push while the caller waits, and the command
// table marks them noscript, as Redis 7.0 does, so scripts never reach them.
//
// The order of argument checks and key lookups follows Redis, because it
// decides which error a bad call gets (LINDEX on a missing key ignores a
// bad index; LRANGE does not).

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/command_context.h"
#include "engine/commands/collection_util.h"
#include "engine/commands/handlers.h"
#include "engine/errors.h"
#include "keyspace/list.h"
#include "keyspace/util/sv_hash.h"

namespace luakv::cmd {
namespace {

enum class End { kLeft, kRight };

std::optional<End> ParseEndOrReply(CommandContext& ctx, std::string_view arg) {
  if (EqualsIgnoreCase(arg, "left")) return End::kLeft;
  if (EqualsIgnoreCase(arg, "right")) return End::kRight;
  ctx.Error(errors::kSyntax);
  return std::nullopt;
}

void PushGeneric(CommandContext& ctx, End end, bool only_existing) {
  const std::string_view key = ctx.arg(1);
  bool wrong = false;
  Entry* e = FindTyped(ctx, key, ValueType::kList, &wrong);
  if (wrong) return;
  if (e == nullptr) {
    if (only_existing) return ctx.reply().Integer(0);
    e = &ctx.db().Set(key, Value::NewList());
  }
  ListEdit edit(ctx.db(), key, e->value.list());
  for (size_t i = 2; i < ctx.argc(); ++i) {
    if (end == End::kLeft) {
      edit.PushFront(ctx.arg(i));
    } else {
      edit.PushBack(ctx.arg(i));
    }
  }
  ctx.reply().Integer(static_cast<int64_t>(edit.list().size()));
}

std::string Pop(ListEdit& edit, End end) {
  return end == End::kLeft ? edit.PopFront() : edit.PopBack();
}

// Pops up to `count` elements into the reply as an array.
void PopRange(CommandContext& ctx, std::string_view key, ListValue& list,
              End end, int64_t count) {
  ListEdit edit(ctx.db(), key, list);
  const size_t n = static_cast<uint64_t>(count) < list.size()
                       ? static_cast<size_t>(count)
                       : list.size();
  ctx.reply().Array(n);
  for (size_t i = 0; i < n; ++i) ctx.reply().Bulk(Pop(edit, end));
}

void PopGeneric(CommandContext& ctx, End end) {
  if (ctx.argc() > 3) {
    return ctx.Error(errors::WrongArity(end == End::kLeft ? "lpop" : "rpop"));
  }
  const bool has_count = ctx.argc() == 3;
  int64_t count = 0;
  if (has_count) {
    const std::optional<int64_t> c = ParsePositiveLongOrReply(ctx, ctx.arg(2));
    if (!c.has_value()) return;
    count = *c;
  }
  const std::string_view key = ctx.arg(1);
  bool wrong = false;
  Entry* e = FindTyped(ctx, key, ValueType::kList, &wrong);
  if (wrong) return;
  if (e == nullptr) {
    return has_count ? ctx.reply().NullArray() : ctx.reply().Null();
  }
  if (has_count && count == 0) return ctx.reply().Array(0);
  if (!has_count) {
    ListEdit edit(ctx.db(), key, e->value.list());
    return ctx.reply().Bulk(Pop(edit, end));
  }
  PopRange(ctx, key, e->value.list(), end, count);
}

// LMPOP / BLMPOP over keys argv[first, first + numkeys): pops from the first
// non-empty list and replies [key, [elements]], or a null array.
void MultiPop(CommandContext& ctx, size_t first, size_t numkeys, End end,
              int64_t count) {
  for (size_t i = first; i < first + numkeys; ++i) {
    const std::string_view key = ctx.arg(i);
    bool wrong = false;
    Entry* e = FindTyped(ctx, key, ValueType::kList, &wrong);
    if (wrong) return;
    if (e == nullptr) continue;
    ctx.reply().Array(2);
    ctx.reply().Bulk(key);
    PopRange(ctx, key, e->value.list(), end, count);
    return;
  }
  ctx.reply().NullArray();
}

// LMPOP numkeys key... LEFT|RIGHT [COUNT n], with the numkeys argument at
// `numkeys_idx`. For BLMPOP, the timeout at argv[1] is checked after the
// rest, as Redis does.
void MultiPopGeneric(CommandContext& ctx, size_t numkeys_idx, bool blocking) {
  const std::optional<int64_t> numkeys =
      ParseRangeLongOrReply(ctx, ctx.arg(numkeys_idx), 1, INT64_MAX,
                            errors::kNumkeysNotPositive);
  if (!numkeys.has_value()) return;
  const uint64_t where_idx = numkeys_idx + static_cast<uint64_t>(*numkeys) + 1;
  if (where_idx >= ctx.argc()) return ctx.Error(errors::kSyntax);
  const std::optional<End> end = ParseEndOrReply(ctx, ctx.arg(where_idx));
  if (!end.has_value()) return;
  int64_t count = -1;
  for (size_t i = where_idx + 1; i < ctx.argc(); ++i) {
    const bool more = i + 1 < ctx.argc();
    if (count == -1 && more && EqualsIgnoreCase(ctx.arg(i), "count")) {
      const std::optional<int64_t> c = ParseRangeLongOrReply(
          ctx, ctx.arg(++i), 1, INT64_MAX, errors::kCountNotPositive);
      if (!c.has_value()) return;
      count = *c;
    } else {
      return ctx.Error(errors::kSyntax);
    }
  }
  if (count == -1) count = 1;
  if (blocking && !ParseTimeoutOrReply(ctx, ctx.arg(1)).has_value()) return;
  MultiPop(ctx, numkeys_idx + 1, static_cast<size_t>(*numkeys), *end, count);
}

// LMOVE and RPOPLPUSH once the ends are known.
void MoveGeneric(CommandContext& ctx, End from, End to) {
  const std::string_view src = ctx.arg(1);
  const std::string_view dst = ctx.arg(2);
  bool wrong = false;
  Entry* s = FindTyped(ctx, src, ValueType::kList, &wrong);
  if (wrong) return;
  if (s == nullptr) return ctx.reply().Null();
  Entry* d = FindTyped(ctx, dst, ValueType::kList, &wrong);
  if (wrong) return;
  if (s == d) {
    // Rotation: the list never empties, its key stays.
    ListEdit edit(ctx.db(), src, s->value.list());
    const std::string v = Pop(edit, from);
    if (to == End::kLeft) {
      edit.PushFront(v);
    } else {
      edit.PushBack(v);
    }
    return ctx.reply().Bulk(v);
  }
  std::string v;
  {
    ListEdit edit(ctx.db(), src, s->value.list());
    v = Pop(edit, from);
  }
  if (d == nullptr) d = &ctx.db().Set(dst, Value::NewList());
  ListEdit edit(ctx.db(), dst, d->value.list());
  if (to == End::kLeft) {
    edit.PushFront(v);
  } else {
    edit.PushBack(v);
  }
  ctx.reply().Bulk(v);
}

// BLMOVE and BRPOPLPUSH after their arguments are parsed: the source's type
// is checked before anything else, then it acts as LMOVE or replies null.
void BlockingMoveGeneric(CommandContext& ctx, End from, End to) {
  bool wrong = false;
  Entry* s = FindTyped(ctx, ctx.arg(1), ValueType::kList, &wrong);
  if (wrong) return;
  if (s == nullptr) return ctx.reply().Null();
  MoveGeneric(ctx, from, to);
}

// BLPOP / BRPOP key... timeout.
void BlockingPopGeneric(CommandContext& ctx, End end) {
  if (!ParseTimeoutOrReply(ctx, ctx.arg(ctx.argc() - 1)).has_value()) return;
  for (size_t i = 1; i + 1 < ctx.argc(); ++i) {
    const std::string_view key = ctx.arg(i);
    bool wrong = false;
    Entry* e = FindTyped(ctx, key, ValueType::kList, &wrong);
    if (wrong) return;
    if (e == nullptr) continue;
    ListEdit edit(ctx.db(), key, e->value.list());
    const std::string v = Pop(edit, end);
    ctx.reply().Array(2);
    ctx.reply().Bulk(key);
    ctx.reply().Bulk(v);
    return;
  }
  ctx.reply().NullArray();
}

}  // namespace

void Lpush(CommandContext& ctx) { PushGeneric(ctx, End::kLeft, false); }
void Rpush(CommandContext& ctx) { PushGeneric(ctx, End::kRight, false); }
void Lpushx(CommandContext& ctx) { PushGeneric(ctx, End::kLeft, true); }
void Rpushx(CommandContext& ctx) { PushGeneric(ctx, End::kRight, true); }
void Lpop(CommandContext& ctx) { PopGeneric(ctx, End::kLeft); }
void Rpop(CommandContext& ctx) { PopGeneric(ctx, End::kRight); }

void Llen(CommandContext& ctx) {
  bool wrong = false;
  Entry* e = FindTyped(ctx, ctx.arg(1), ValueType::kList, &wrong);
  if (wrong) return;
  ctx.reply().Integer(
      e == nullptr ? 0 : static_cast<int64_t>(e->value.list().size()));
}

void Lrange(CommandContext& ctx) {
  const std::optional<int64_t> start = ParseLongOrReply(ctx, ctx.arg(2));
  if (!start.has_value()) return;
  const std::optional<int64_t> stop = ParseLongOrReply(ctx, ctx.arg(3));
  if (!stop.has_value()) return;
  bool wrong = false;
  Entry* e = FindTyped(ctx, ctx.arg(1), ValueType::kList, &wrong);
  if (wrong) return;
  if (e == nullptr) return ctx.reply().Array(0);
  const ListValue& list = e->value.list();
  size_t from = 0;
  size_t to = 0;
  if (!NormalizeRange(*start, *stop, list.size(), &from, &to)) {
    return ctx.reply().Array(0);
  }
  ctx.reply().Array(to - from + 1);
  ListValue::Iter it = list.Seek(from);
  for (size_t i = from; i <= to; ++i) {
    ctx.reply().Bulk(list.Get(it));
    list.Next(it);
  }
}

void Lindex(CommandContext& ctx) {
  bool wrong = false;
  Entry* e = FindTyped(ctx, ctx.arg(1), ValueType::kList, &wrong);
  if (wrong) return;
  if (e == nullptr) return ctx.reply().Null();
  const std::optional<int64_t> index = ParseLongOrReply(ctx, ctx.arg(2));
  if (!index.has_value()) return;
  const ListValue& list = e->value.list();
  const std::optional<size_t> i = NormalizeIndex(*index, list.size());
  if (!i.has_value()) return ctx.reply().Null();
  ctx.reply().Bulk(list.At(*i));
}

void Lset(CommandContext& ctx) {
  const std::string_view key = ctx.arg(1);
  bool wrong = false;
  Entry* e = FindTyped(ctx, key, ValueType::kList, &wrong);
  if (wrong) return;
  if (e == nullptr) return ctx.Error(errors::kNoSuchKey);
  const std::optional<int64_t> index = ParseLongOrReply(ctx, ctx.arg(2));
  if (!index.has_value()) return;
  const std::optional<size_t> i =
      NormalizeIndex(*index, e->value.list().size());
  if (!i.has_value()) return ctx.Error(errors::kIndexOutOfRange);
  ListEdit edit(ctx.db(), key, e->value.list());
  edit.Set(*i, ctx.arg(3));
  ctx.Ok();
}

void Linsert(CommandContext& ctx) {
  bool after = false;
  if (EqualsIgnoreCase(ctx.arg(2), "after")) {
    after = true;
  } else if (!EqualsIgnoreCase(ctx.arg(2), "before")) {
    return ctx.Error(errors::kSyntax);
  }
  const std::string_view key = ctx.arg(1);
  bool wrong = false;
  Entry* e = FindTyped(ctx, key, ValueType::kList, &wrong);
  if (wrong) return;
  if (e == nullptr) return ctx.reply().Integer(0);
  ListValue& list = e->value.list();
  const std::string_view pivot = ctx.arg(3);
  ListValue::Iter it = list.Seek(0);
  do {
    if (list.Get(it) == pivot) {
      ListEdit edit(ctx.db(), key, list);
      edit.Insert(it.index + (after ? 1 : 0), ctx.arg(4));
      return ctx.reply().Integer(static_cast<int64_t>(list.size()));
    }
  } while (list.Next(it));
  ctx.reply().Integer(-1);
}

void Lrem(CommandContext& ctx) {
  const std::optional<int64_t> count = ParseLongOrReply(ctx, ctx.arg(2));
  if (!count.has_value()) return;
  const std::string_view key = ctx.arg(1);
  bool wrong = false;
  Entry* e = FindTyped(ctx, key, ValueType::kList, &wrong);
  if (wrong) return;
  if (e == nullptr) return ctx.reply().Integer(0);
  ListValue& list = e->value.list();
  const std::string_view element = ctx.arg(3);
  // Redis negates a negative count in place; INT64_MIN stays negative and
  // so never matches the removed count: everything goes.
  const bool from_tail = *count < 0;
  const uint64_t limit =
      from_tail ? 0 - static_cast<uint64_t>(*count) : static_cast<uint64_t>(*count);
  std::vector<size_t> indexes;
  ListValue::Iter it = list.Seek(from_tail ? list.size() - 1 : 0);
  do {
    if (list.Get(it) == element) {
      indexes.push_back(it.index);
      if (limit != 0 && indexes.size() == limit) break;
    }
  } while (from_tail ? list.Prev(it) : list.Next(it));
  if (from_tail) std::reverse(indexes.begin(), indexes.end());
  if (!indexes.empty()) {
    ListEdit edit(ctx.db(), key, list);
    edit.EraseIndexes(indexes);
  }
  ctx.reply().Integer(static_cast<int64_t>(indexes.size()));
}

void Ltrim(CommandContext& ctx) {
  const std::optional<int64_t> start = ParseLongOrReply(ctx, ctx.arg(2));
  if (!start.has_value()) return;
  const std::optional<int64_t> stop = ParseLongOrReply(ctx, ctx.arg(3));
  if (!stop.has_value()) return;
  const std::string_view key = ctx.arg(1);
  bool wrong = false;
  Entry* e = FindTyped(ctx, key, ValueType::kList, &wrong);
  if (wrong) return;
  if (e == nullptr) return ctx.Ok();
  ListValue& list = e->value.list();
  size_t from = 0;
  size_t to = 0;
  {
    ListEdit edit(ctx.db(), key, list);
    if (NormalizeRange(*start, *stop, list.size(), &from, &to)) {
      edit.Trim(from, to - from + 1);
    } else {
      edit.Trim(0, 0);
    }
  }
  ctx.Ok();
}

void Lpos(CommandContext& ctx) {
  int64_t rank = 1;
  int64_t count = -1;  // -1: no COUNT option
  int64_t maxlen = 0;
  for (size_t i = 3; i < ctx.argc(); ++i) {
    const std::string_view opt = ctx.arg(i);
    const bool more = i + 1 < ctx.argc();
    if (more && EqualsIgnoreCase(opt, "rank")) {
      const std::optional<int64_t> r = ParseLongOrReply(ctx, ctx.arg(++i));
      if (!r.has_value()) return;
      if (*r == 0) return ctx.Error(errors::kLposRankZero);
      rank = *r;
    } else if (more && EqualsIgnoreCase(opt, "count")) {
      const std::optional<int64_t> c =
          ParsePositiveLongOrReply(ctx, ctx.arg(++i), errors::kCountNegative);
      if (!c.has_value()) return;
      count = *c;
    } else if (more && EqualsIgnoreCase(opt, "maxlen")) {
      const std::optional<int64_t> m =
          ParsePositiveLongOrReply(ctx, ctx.arg(++i), errors::kMaxlenNegative);
      if (!m.has_value()) return;
      maxlen = *m;
    } else {
      return ctx.Error(errors::kSyntax);
    }
  }
  // A negative rank searches from the tail. Redis negates it in place, so
  // INT64_MIN stays negative: every match then counts as ranked.
  bool from_tail = false;
  if (rank < 0) {
    rank = static_cast<int64_t>(0 - static_cast<uint64_t>(rank));
    from_tail = true;
  }
  bool wrong = false;
  Entry* e = FindTyped(ctx, ctx.arg(1), ValueType::kList, &wrong);
  if (wrong) return;
  if (e == nullptr) {
    return count != -1 ? ctx.reply().Array(0) : ctx.reply().Null();
  }
  const ListValue& list = e->value.list();
  const std::string_view element = ctx.arg(2);
  std::vector<int64_t> found;
  int64_t matches = 0;
  int64_t scanned = 0;
  ListValue::Iter it = list.Seek(from_tail ? list.size() - 1 : 0);
  do {
    if (maxlen != 0 && scanned >= maxlen) break;
    ++scanned;
    if (list.Get(it) != element) continue;
    ++matches;
    if (matches < rank) continue;
    found.push_back(static_cast<int64_t>(it.index));
    if (count == -1) break;
    const int64_t taken = static_cast<int64_t>(
        static_cast<uint64_t>(matches) - static_cast<uint64_t>(rank) + 1);
    if (count != 0 && taken >= count) break;
  } while (from_tail ? list.Prev(it) : list.Next(it));
  if (count == -1) {
    if (found.empty()) return ctx.reply().Null();
    return ctx.reply().Integer(found[0]);
  }
  ctx.reply().Array(found.size());
  for (int64_t i : found) ctx.reply().Integer(i);
}

void Rpoplpush(CommandContext& ctx) { MoveGeneric(ctx, End::kRight, End::kLeft); }

void Lmove(CommandContext& ctx) {
  const std::optional<End> from = ParseEndOrReply(ctx, ctx.arg(3));
  if (!from.has_value()) return;
  const std::optional<End> to = ParseEndOrReply(ctx, ctx.arg(4));
  if (!to.has_value()) return;
  MoveGeneric(ctx, *from, *to);
}

void Lmpop(CommandContext& ctx) { MultiPopGeneric(ctx, 1, false); }

void Blpop(CommandContext& ctx) { BlockingPopGeneric(ctx, End::kLeft); }
void Brpop(CommandContext& ctx) { BlockingPopGeneric(ctx, End::kRight); }

void Brpoplpush(CommandContext& ctx) {
  if (!ParseTimeoutOrReply(ctx, ctx.arg(3)).has_value()) return;
  BlockingMoveGeneric(ctx, End::kRight, End::kLeft);
}

void Blmove(CommandContext& ctx) {
  const std::optional<End> from = ParseEndOrReply(ctx, ctx.arg(3));
  if (!from.has_value()) return;
  const std::optional<End> to = ParseEndOrReply(ctx, ctx.arg(4));
  if (!to.has_value()) return;
  if (!ParseTimeoutOrReply(ctx, ctx.arg(5)).has_value()) return;
  BlockingMoveGeneric(ctx, *from, *to);
}

void Blmpop(CommandContext& ctx) { MultiPopGeneric(ctx, 2, true); }

}  // namespace luakv::cmd
