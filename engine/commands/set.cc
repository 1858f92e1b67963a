// Sets: SADD SREM SCARD SISMEMBER SMISMEMBER SMEMBERS SRANDMEMBER SPOP SMOVE
// SINTER SINTERCARD SINTERSTORE SUNION SUNIONSTORE SDIFF SDIFFSTORE SSCAN.
//
// Results of the set algebra are built the way Redis builds them: a fresh
// set that starts as an intset and converts when a member needs it. Its
// encoding decides the reply order (an intset lists members in ascending
// order), so all-integer results agree with Redis exactly. SINTER walks its
// smallest input, as Redis does, for the same reason.

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/command_context.h"
#include "engine/commands/collection_util.h"
#include "engine/commands/handlers.h"
#include "engine/errors.h"
#include "keyspace/set.h"
#include "keyspace/util/glob.h"
#include "keyspace/util/sv_hash.h"

namespace luakv::cmd {
namespace {

constexpr int64_t kLongMax = std::numeric_limits<int64_t>::max();

// The sets under argv[first, first + n): null for a missing key. False
// after replying WRONGTYPE for one of them (all are looked up first).
bool LookupSets(CommandContext& ctx, size_t first, size_t n,
                std::vector<const SetValue*>* sets) {
  sets->clear();
  for (size_t i = first; i < first + n; ++i) {
    bool wrong = false;
    Entry* e = FindTyped(ctx, ctx.arg(i), ValueType::kSet, &wrong);
    if (wrong) return false;
    sets->push_back(e == nullptr ? nullptr : &e->value.set());
  }
  return true;
}

// Replies a set's members (RESP3 set), in its own order.
void ReplyMembers(ReplySink& out, const SetValue& set) {
  out.Set(set.size());
  set.ForEach([&out](std::string_view m) { out.Bulk(m); });
}

// Stores `result` under `dst` (dropping its TTL, as SET does) or deletes
// `dst` when the result is empty; replies the cardinality.
void StoreResult(CommandContext& ctx, std::string_view dst, SetValue result) {
  const int64_t n = static_cast<int64_t>(result.size());
  if (n > 0) {
    ctx.db().Set(dst, Value::Of(std::move(result)));
  } else {
    ctx.db().Delete(dst);
  }
  ctx.reply().Integer(n);
}

// SINTER, SINTERCARD and SINTERSTORE over argv[first, first + n).
// `limit` (SINTERCARD) stops counting once reached; 0 means no limit.
void InterGeneric(CommandContext& ctx, size_t first, size_t n,
                  std::optional<std::string_view> dst, bool card_only,
                  uint64_t limit) {
  std::vector<const SetValue*> sets;
  if (!LookupSets(ctx, first, n, &sets)) return;
  const bool any_missing =
      std::find(sets.begin(), sets.end(), nullptr) != sets.end();
  if (any_missing) {
    if (dst.has_value()) return StoreResult(ctx, *dst, SetValue());
    if (card_only) return ctx.reply().Integer(0);
    return ctx.reply().Set(0);
  }
  // Walk the smallest set; ties keep argument order, as Redis's sort does.
  std::stable_sort(sets.begin(), sets.end(),
                   [](const SetValue* a, const SetValue* b) {
                     return a->size() < b->size();
                   });
  std::vector<std::string> found;
  uint64_t count = 0;
  bool done = false;
  sets[0]->ForEach([&](std::string_view m) {
    if (done) return;
    for (size_t j = 1; j < sets.size(); ++j) {
      if (sets[j] == sets[0]) continue;
      if (!sets[j]->Contains(m)) return;
    }
    ++count;
    if (card_only) {
      if (limit != 0 && count >= limit) done = true;
      return;
    }
    found.emplace_back(m);
  });
  if (card_only) return ctx.reply().Integer(static_cast<int64_t>(count));
  if (dst.has_value()) {
    SetValue result;
    for (const std::string& m : found) result.Insert(m);
    return StoreResult(ctx, *dst, std::move(result));
  }
  ctx.reply().Set(found.size());
  for (const std::string& m : found) ctx.reply().Bulk(m);
}

enum class SetOp { kUnion, kDiff };

// SUNION, SDIFF and their STORE forms over argv[first, first + n).
void UnionDiffGeneric(CommandContext& ctx, size_t first, size_t n,
                      std::optional<std::string_view> dst, SetOp op) {
  std::vector<const SetValue*> sets;
  if (!LookupSets(ctx, first, n, &sets)) return;
  bool same = false;
  for (size_t j = 1; j < sets.size(); ++j) {
    if (sets[0] != nullptr && sets[j] == sets[0]) same = true;
  }
  SetValue result;
  if (op == SetOp::kUnion) {
    for (const SetValue* s : sets) {
      if (s == nullptr) continue;
      s->ForEach([&result](std::string_view m) { result.Insert(m); });
    }
  } else if (sets[0] != nullptr && !same) {
    // Redis picks between two algorithms by estimated work; which one runs
    // can decide the result's encoding, so the choice is kept.
    uint64_t one = 0;
    uint64_t two = 0;
    for (const SetValue* s : sets) {
      if (s == nullptr) continue;
      one += sets[0]->size();
      two += s->size();
    }
    one /= 2;
    if (one <= two) {
      std::vector<const SetValue*> others(sets.begin() + 1, sets.end());
      std::stable_sort(others.begin(), others.end(),
                       [](const SetValue* a, const SetValue* b) {
                         const size_t x = a ? a->size() : 0;
                         const size_t y = b ? b->size() : 0;
                         return x > y;
                       });
      sets[0]->ForEach([&](std::string_view m) {
        for (const SetValue* o : others) {
          if (o != nullptr && o->Contains(m)) return;
        }
        result.Insert(m);
      });
    } else {
      for (size_t j = 0; j < sets.size(); ++j) {
        if (sets[j] == nullptr) continue;
        if (j == 0) {
          sets[j]->ForEach([&result](std::string_view m) { result.Insert(m); });
        } else {
          std::vector<std::string> members;
          sets[j]->ForEach([&members](std::string_view m) {
            members.emplace_back(m);
          });
          for (const std::string& m : members) result.Remove(m);
        }
        if (result.empty()) break;
      }
    }
  }
  if (dst.has_value()) return StoreResult(ctx, *dst, std::move(result));
  ReplyMembers(ctx.reply(), result);
}

// SPOP with a count.
void PopWithCount(CommandContext& ctx) {
  const std::optional<int64_t> l = ParsePositiveLongOrReply(ctx, ctx.arg(2));
  if (!l.has_value()) return;
  const uint64_t count = static_cast<uint64_t>(*l);
  const std::string_view key = ctx.arg(1);
  bool wrong = false;
  Entry* e = FindTyped(ctx, key, ValueType::kSet, &wrong);
  if (wrong) return;
  ChangeRecorder& changes = ctx.core().changes();
  if (e == nullptr || count == 0) {
    changes.CurrentUnchanged();
    return ctx.reply().Set(0);
  }
  SetValue& set = e->value.set();
  const uint64_t size = set.size();
  auto rnd = [&ctx] { return ctx.keyspace().Random(); };
  if (count >= size) {
    // The whole set goes, listed as SUNION would list it.
    SetValue all;
    set.ForEach([&all](std::string_view m) { all.Insert(m); });
    ReplyMembers(ctx.reply(), all);
    ctx.db().Delete(key);
    if (changes.enabled()) changes.RewriteCurrent({"DEL", std::string(key)});
    return;
  }
  // The change log replays what was popped, not other random picks.
  std::vector<std::string> srem;
  if (changes.enabled()) srem = {"SREM", std::string(key)};
  const uint64_t remaining = size - count;
  ctx.reply().Set(count);
  if (remaining * 5 > count) {
    {
      SetEdit edit(ctx.db(), key, set);
      for (uint64_t i = 0; i < count; ++i) {
        const std::string m = set.Random(rnd);
        edit.Remove(m);
        ctx.reply().Bulk(m);
        if (!srem.empty()) srem.push_back(m);
      }
    }
    if (!srem.empty()) changes.RewriteCurrent(std::move(srem));
    return;
  }
  // Few survivors: move them into a new set (whose encoding starts over,
  // as Redis's does) and reply what is left in the old one.
  SetValue kept;
  std::vector<std::string> survivors;
  {
    SetEdit edit(ctx.db(), key, set);
    for (uint64_t i = 0; i < remaining; ++i) {
      survivors.push_back(set.Random(rnd));
      edit.Remove(survivors.back());
    }
  }
  // The edit above never empties the set: count < size.
  set.ForEach([&](std::string_view m) {
    ctx.reply().Bulk(m);
    if (!srem.empty()) srem.emplace_back(m);
  });
  for (const std::string& m : survivors) kept.Insert(m);
  ctx.db().Set(key, Value::Of(std::move(kept)), /*keep_ttl=*/true);
  if (!srem.empty()) changes.RewriteCurrent(std::move(srem));
}

void RandomMembersWithCount(CommandContext& ctx) {
  const std::optional<int64_t> l =
      ParseRangeLongOrReply(ctx, ctx.arg(2), -kLongMax, kLongMax);
  if (!l.has_value()) return;
  const bool unique = *l >= 0;
  const uint64_t count = unique ? static_cast<uint64_t>(*l)
                                : 0 - static_cast<uint64_t>(*l);
  bool wrong = false;
  Entry* e = FindTyped(ctx, ctx.arg(1), ValueType::kSet, &wrong);
  if (wrong) return;
  if (e == nullptr || count == 0) return ctx.reply().Array(0);
  const SetValue& set = e->value.set();
  auto rnd = [&ctx] { return ctx.keyspace().Random(); };
  if (!unique || count == 1) {
    ctx.reply().Array(count);
    for (uint64_t i = 0; i < count; ++i) ctx.reply().Bulk(set.Random(rnd));
    return;
  }
  const size_t size = set.size();
  if (count >= size) {
    ctx.reply().Array(size);
    set.ForEach([&ctx](std::string_view m) { ctx.reply().Bulk(m); });
    return;
  }
  // Distinct picks: a partial Fisher-Yates shuffle of the members.
  std::vector<std::string> all;
  all.reserve(size);
  set.ForEach([&all](std::string_view m) { all.emplace_back(m); });
  ctx.reply().Array(count);
  for (size_t i = 0; i < count; ++i) {
    const size_t j = i + static_cast<size_t>(rnd() % (size - i));
    std::swap(all[i], all[j]);
    ctx.reply().Bulk(all[i]);
  }
}

}  // namespace

void Sadd(CommandContext& ctx) {
  const std::string_view key = ctx.arg(1);
  bool wrong = false;
  Entry* e = FindTyped(ctx, key, ValueType::kSet, &wrong);
  if (wrong) return;
  if (e == nullptr) e = &ctx.db().Set(key, Value::NewSet());
  int64_t added = 0;
  {
    SetEdit edit(ctx.db(), key, e->value.set());
    for (size_t i = 2; i < ctx.argc(); ++i) added += edit.Add(ctx.arg(i));
  }
  ctx.reply().Integer(added);
}

void Srem(CommandContext& ctx) {
  const std::string_view key = ctx.arg(1);
  bool wrong = false;
  Entry* e = FindTyped(ctx, key, ValueType::kSet, &wrong);
  if (wrong) return;
  if (e == nullptr) return ctx.reply().Integer(0);
  int64_t removed = 0;
  {
    SetEdit edit(ctx.db(), key, e->value.set());
    for (size_t i = 2; i < ctx.argc() && !edit.set().empty(); ++i) {
      removed += edit.Remove(ctx.arg(i));
    }
  }
  ctx.reply().Integer(removed);
}

void Scard(CommandContext& ctx) {
  bool wrong = false;
  Entry* e = FindTyped(ctx, ctx.arg(1), ValueType::kSet, &wrong);
  if (wrong) return;
  ctx.reply().Integer(
      e == nullptr ? 0 : static_cast<int64_t>(e->value.set().size()));
}

void Sismember(CommandContext& ctx) {
  bool wrong = false;
  Entry* e = FindTyped(ctx, ctx.arg(1), ValueType::kSet, &wrong);
  if (wrong) return;
  ctx.reply().Integer(e != nullptr && e->value.set().Contains(ctx.arg(2)));
}

void Smismember(CommandContext& ctx) {
  bool wrong = false;
  Entry* e = FindTyped(ctx, ctx.arg(1), ValueType::kSet, &wrong);
  if (wrong) return;
  ctx.reply().Array(ctx.argc() - 2);
  for (size_t i = 2; i < ctx.argc(); ++i) {
    ctx.reply().Integer(e != nullptr && e->value.set().Contains(ctx.arg(i)));
  }
}

void Smembers(CommandContext& ctx) {
  bool wrong = false;
  Entry* e = FindTyped(ctx, ctx.arg(1), ValueType::kSet, &wrong);
  if (wrong) return;
  if (e == nullptr) return ctx.reply().Set(0);
  ReplyMembers(ctx.reply(), e->value.set());
}

void Srandmember(CommandContext& ctx) {
  if (ctx.argc() == 3) return RandomMembersWithCount(ctx);
  if (ctx.argc() > 3) return ctx.Error(errors::kSyntax);
  bool wrong = false;
  Entry* e = FindTyped(ctx, ctx.arg(1), ValueType::kSet, &wrong);
  if (wrong) return;
  if (e == nullptr) return ctx.reply().Null();
  auto rnd = [&ctx] { return ctx.keyspace().Random(); };
  ctx.reply().Bulk(e->value.set().Random(rnd));
}

void Spop(CommandContext& ctx) {
  if (ctx.argc() == 3) return PopWithCount(ctx);
  if (ctx.argc() > 3) return ctx.Error(errors::kSyntax);
  const std::string_view key = ctx.arg(1);
  bool wrong = false;
  Entry* e = FindTyped(ctx, key, ValueType::kSet, &wrong);
  if (wrong) return;
  ChangeRecorder& changes = ctx.core().changes();
  if (e == nullptr) {
    changes.CurrentUnchanged();
    return ctx.reply().Null();
  }
  auto rnd = [&ctx] { return ctx.keyspace().Random(); };
  const std::string m = e->value.set().Random(rnd);
  {
    SetEdit edit(ctx.db(), key, e->value.set());
    edit.Remove(m);
  }
  // The change log replays what was popped, not another random pick.
  if (changes.enabled()) {
    changes.RewriteCurrent({"SREM", std::string(key), m});
  }
  ctx.reply().Bulk(m);
}

void Smove(CommandContext& ctx) {
  const std::string_view src = ctx.arg(1);
  const std::string_view dst = ctx.arg(2);
  const std::string_view member = ctx.arg(3);
  Entry* s = ctx.db().Find(src);
  Entry* d = ctx.db().Find(dst);
  if (s == nullptr) return ctx.reply().Integer(0);
  if (s->value.type() != ValueType::kSet ||
      (d != nullptr && d->value.type() != ValueType::kSet)) {
    return ctx.Error(errors::kWrongType);
  }
  if (s == d) return ctx.reply().Integer(s->value.set().Contains(member));
  {
    SetEdit edit(ctx.db(), src, s->value.set());
    if (!edit.Remove(member)) return ctx.reply().Integer(0);
  }
  if (d == nullptr) d = &ctx.db().Set(dst, Value::NewSet());
  SetEdit edit(ctx.db(), dst, d->value.set());
  edit.Add(member);
  ctx.reply().Integer(1);
}

void Sinter(CommandContext& ctx) {
  InterGeneric(ctx, 1, ctx.argc() - 1, std::nullopt, false, 0);
}

void Sintercard(CommandContext& ctx) {
  const std::optional<int64_t> numkeys = ParseRangeLongOrReply(
      ctx, ctx.arg(1), 1, kLongMax, errors::kNumkeysNotPositive);
  if (!numkeys.has_value()) return;
  if (static_cast<uint64_t>(*numkeys) > ctx.argc() - 2) {
    return ctx.Error(errors::kNumkeysExceedArgs);
  }
  int64_t limit = 0;
  for (size_t i = 2 + static_cast<size_t>(*numkeys); i < ctx.argc(); ++i) {
    if (EqualsIgnoreCase(ctx.arg(i), "limit") && i + 1 < ctx.argc()) {
      const std::optional<int64_t> l =
          ParsePositiveLongOrReply(ctx, ctx.arg(++i), errors::kLimitNegative);
      if (!l.has_value()) return;
      limit = *l;
    } else {
      return ctx.Error(errors::kSyntax);
    }
  }
  InterGeneric(ctx, 2, static_cast<size_t>(*numkeys), std::nullopt, true,
               static_cast<uint64_t>(limit));
}

void Sinterstore(CommandContext& ctx) {
  InterGeneric(ctx, 2, ctx.argc() - 2, ctx.arg(1), false, 0);
}

void Sunion(CommandContext& ctx) {
  UnionDiffGeneric(ctx, 1, ctx.argc() - 1, std::nullopt, SetOp::kUnion);
}

void Sunionstore(CommandContext& ctx) {
  UnionDiffGeneric(ctx, 2, ctx.argc() - 2, ctx.arg(1), SetOp::kUnion);
}

void Sdiff(CommandContext& ctx) {
  UnionDiffGeneric(ctx, 1, ctx.argc() - 1, std::nullopt, SetOp::kDiff);
}

void Sdiffstore(CommandContext& ctx) {
  UnionDiffGeneric(ctx, 2, ctx.argc() - 2, ctx.arg(1), SetOp::kDiff);
}

void Sscan(CommandContext& ctx) {
  uint64_t cursor = 0;
  ScanOptions opts;
  const Entry* e = BeginCollectionScan(ctx, ValueType::kSet, &cursor, &opts);
  if (e == nullptr) return;
  const SetValue& set = e->value.set();
  std::vector<std::string> members;
  auto add = [&members](std::string_view m) { members.emplace_back(m); };
  uint64_t next = 0;
  if (set.encoding() == SetValue::Encoding::kIntset) {
    // Small sets come back whole, whatever the cursor (as in Redis).
    set.ForEach(add);
  } else {
    next = cursor;
    int64_t budget = opts.count > kLongMax / 10 ? kLongMax : opts.count * 10;
    do {
      next = set.Scan(next, add);
    } while (next != 0 && budget-- > 0 &&
             members.size() < static_cast<uint64_t>(opts.count));
  }
  ReplyCollectionScan(ctx, next, opts, members, 1);
}

}  // namespace luakv::cmd
