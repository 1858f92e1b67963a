// Sorted sets, one member at a time: ZADD ZINCRBY ZREM ZCARD ZSCORE ZMSCORE
// ZRANK ZREVRANK ZPOPMIN ZPOPMAX BZPOPMIN BZPOPMAX ZMPOP BZMPOP ZRANDMEMBER
// ZSCAN. Ranges and set algebra are in zset_range.cc.
//
// Scores reply through ReplySink::Double: RESP3 doubles, RESP2 bulk strings
// printed with %.17g, as Redis does. The blocking pops never block: as in
// list.cc, they act at once or reply as if the timeout had expired.

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/command_context.h"
#include "engine/commands/collection_util.h"
#include "engine/commands/handlers.h"
#include "engine/errors.h"
#include "keyspace/util/glob.h"
#include "keyspace/util/numbers.h"
#include "keyspace/util/sv_hash.h"
#include "keyspace/zset.h"

namespace luakv::cmd {
namespace {

constexpr int64_t kLongMax = std::numeric_limits<int64_t>::max();

// ZADD's option flags.
struct AddFlags {
  bool nx = false;
  bool xx = false;
  bool gt = false;
  bool lt = false;
  bool ch = false;
  bool incr = false;
};

// What zsetAdd did to one member.
enum class AddResult { kAdded, kUpdated, kUnchanged, kNop, kNan };

// Applies one score-member pair with ZADD's rules. `*score` becomes the
// member's resulting score (for INCR's reply).
AddResult AddOne(ZSetEdit& edit, const AddFlags& f, std::string_view member,
                 double* score) {
  const std::optional<double> cur = edit.zset().Score(member);
  if (cur.has_value()) {
    if (f.nx) return AddResult::kNop;
    double s = *score;
    if (f.incr) {
      s += *cur;
      if (std::isnan(s)) return AddResult::kNan;
    }
    if ((f.lt && s >= *cur) || (f.gt && s <= *cur)) return AddResult::kNop;
    *score = s;
    if (s == *cur) return AddResult::kUnchanged;
    edit.Update(member, s);
    return AddResult::kUpdated;
  }
  if (f.xx) return AddResult::kNop;
  edit.Insert(member, *score);
  return AddResult::kAdded;
}

// ZADD and ZINCRBY (which is ZADD with INCR, options included: Redis reads
// ZINCRBY's increment position as a possible option too).
void AddGeneric(CommandContext& ctx, bool incr) {
  AddFlags f;
  f.incr = incr;
  size_t i = 2;
  for (; i < ctx.argc(); ++i) {
    const std::string_view opt = ctx.arg(i);
    if (EqualsIgnoreCase(opt, "nx")) {
      f.nx = true;
    } else if (EqualsIgnoreCase(opt, "xx")) {
      f.xx = true;
    } else if (EqualsIgnoreCase(opt, "ch")) {
      f.ch = true;
    } else if (EqualsIgnoreCase(opt, "incr")) {
      f.incr = true;
    } else if (EqualsIgnoreCase(opt, "gt")) {
      f.gt = true;
    } else if (EqualsIgnoreCase(opt, "lt")) {
      f.lt = true;
    } else {
      break;
    }
  }
  const size_t rest = ctx.argc() - i;
  if (rest % 2 != 0 || rest == 0) return ctx.Error(errors::kSyntax);
  const size_t pairs = rest / 2;
  if (f.nx && f.xx) return ctx.Error(errors::kZaddXxNx);
  if ((f.gt && f.nx) || (f.lt && f.nx) || (f.gt && f.lt)) {
    return ctx.Error(errors::kZaddGtLtNx);
  }
  if (f.incr && pairs > 1) return ctx.Error(errors::kZaddIncrPair);
  // Every score is checked before anything changes.
  std::vector<double> scores(pairs);
  for (size_t p = 0; p < pairs; ++p) {
    const std::optional<double> s = ParseDoubleOrReply(ctx, ctx.arg(i + 2 * p));
    if (!s.has_value()) return;
    scores[p] = *s;
  }
  const std::string_view key = ctx.arg(1);
  bool wrong = false;
  Entry* e = FindTyped(ctx, key, ValueType::kZSet, &wrong);
  if (wrong) return;
  int64_t added = 0;
  int64_t updated = 0;
  int64_t processed = 0;
  double last = 0;
  if (e != nullptr || !f.xx) {
    if (e == nullptr) e = &ctx.db().Set(key, Value::NewZSet());
    ZSetEdit edit(ctx.db(), key, e->value.zset());
    for (size_t p = 0; p < pairs; ++p) {
      double score = scores[p];
      switch (AddOne(edit, f, ctx.arg(i + 2 * p + 1), &score)) {
        case AddResult::kNan:
          return ctx.Error(errors::kScoreNan);
        case AddResult::kAdded:
          ++added;
          ++processed;
          break;
        case AddResult::kUpdated:
          ++updated;
          ++processed;
          break;
        case AddResult::kUnchanged:
          ++processed;
          break;
        case AddResult::kNop:
          break;
      }
      last = score;
    }
  }
  if (f.incr) {
    if (processed == 0) return ctx.reply().Null();
    return ctx.reply().Double(last);
  }
  ctx.reply().Integer(f.ch ? added + updated : added);
}

// Pops up to `count` members from the low or high end of `zset`, replying
// each as [member, score] (nested under RESP3 when `nested`).
void PopFrom(CommandContext& ctx, std::string_view key, ZSetValue& zset,
             bool max, uint64_t count, bool nested) {
  ZSetEdit edit(ctx.db(), key, zset);
  for (uint64_t i = 0; i < count && !zset.empty(); ++i) {
    std::string member;
    double score = 0;
    const size_t rank = max ? zset.size() - 1 : 0;
    zset.VisitRanks(rank, rank + 1, false, [&](std::string_view m, double s) {
      member.assign(m);
      score = s;
      return false;
    });
    edit.Remove(member);
    if (nested) ctx.reply().Array(2);
    ctx.reply().Bulk(member);
    ctx.reply().Double(score);
  }
}

// Redis's genericZpopCommand: pops from the first existing key among
// argv[first, first + n). `count` is -1 for a plain single pop.
void PopGeneric(CommandContext& ctx, size_t first, size_t n, bool max,
                bool emit_key, int64_t count, bool nested,
                bool nil_when_empty) {
  Entry* e = nullptr;
  std::string_view key;
  for (size_t i = first; i < first + n; ++i) {
    bool wrong = false;
    e = FindTyped(ctx, ctx.arg(i), ValueType::kZSet, &wrong);
    if (wrong) return;
    if (e != nullptr) {
      key = ctx.arg(i);
      break;
    }
  }
  ReplySink& out = ctx.reply();
  if (e == nullptr) return nil_when_empty ? out.NullArray() : out.Array(0);
  if (count == 0) return out.Array(0);
  if (count == -1) count = 1;
  ZSetValue& zset = e->value.zset();
  const uint64_t len = zset.size();
  const uint64_t n_pop =
      static_cast<uint64_t>(count) > len ? len : static_cast<uint64_t>(count);
  if (!nested && !emit_key) {
    out.Array(n_pop * 2);
  } else if (nested && !emit_key) {
    out.Array(n_pop);
  } else if (!nested && emit_key) {
    out.Array(n_pop * 2 + 1);
    out.Bulk(key);
  } else {
    out.Array(2);
    out.Bulk(key);
    out.Array(n_pop);
  }
  PopFrom(ctx, key, zset, max, n_pop, nested);
}

void PopMinMax(CommandContext& ctx, bool max) {
  if (ctx.argc() > 3) return ctx.Error(errors::kSyntax);
  int64_t count = -1;
  if (ctx.argc() == 3) {
    const std::optional<int64_t> c = ParsePositiveLongOrReply(ctx, ctx.arg(2));
    if (!c.has_value()) return;
    count = *c;
  }
  const bool nested = ctx.reply().protocol() > 2 && count != -1;
  PopGeneric(ctx, 1, 1, max, false, count, nested, false);
}

// BZPOPMIN/BZPOPMAX/BZMPOP once their arguments are parsed: pop from the
// first non-empty key or reply a null array.
void BlockingPop(CommandContext& ctx, size_t first, size_t n, bool max,
                 size_t timeout_idx, int64_t count, bool nested) {
  if (!ParseTimeoutOrReply(ctx, ctx.arg(timeout_idx)).has_value()) return;
  for (size_t i = first; i < first + n; ++i) {
    bool wrong = false;
    Entry* e = FindTyped(ctx, ctx.arg(i), ValueType::kZSet, &wrong);
    if (wrong) return;
    if (e == nullptr) continue;
    return PopGeneric(ctx, i, 1, max, true, count, nested, true);
  }
  ctx.reply().NullArray();
}

// ZMPOP numkeys key... MIN|MAX [COUNT n], numkeys at `numkeys_idx`.
void MultiPopGeneric(CommandContext& ctx, size_t numkeys_idx, bool blocking) {
  const std::optional<int64_t> numkeys =
      ParseRangeLongOrReply(ctx, ctx.arg(numkeys_idx), 1, kLongMax,
                            errors::kNumkeysNotPositive);
  if (!numkeys.has_value()) return;
  const uint64_t where_idx = numkeys_idx + static_cast<uint64_t>(*numkeys) + 1;
  if (where_idx >= ctx.argc()) return ctx.Error(errors::kSyntax);
  bool max = false;
  if (EqualsIgnoreCase(ctx.arg(where_idx), "max")) {
    max = true;
  } else if (!EqualsIgnoreCase(ctx.arg(where_idx), "min")) {
    return ctx.Error(errors::kSyntax);
  }
  int64_t count = -1;
  for (size_t i = where_idx + 1; i < ctx.argc(); ++i) {
    if (count == -1 && i + 1 < ctx.argc() &&
        EqualsIgnoreCase(ctx.arg(i), "count")) {
      const std::optional<int64_t> c = ParseRangeLongOrReply(
          ctx, ctx.arg(++i), 1, kLongMax, errors::kCountNotPositive);
      if (!c.has_value()) return;
      count = *c;
    } else {
      return ctx.Error(errors::kSyntax);
    }
  }
  if (count == -1) count = 1;
  const size_t n = static_cast<size_t>(*numkeys);
  if (blocking) return BlockingPop(ctx, numkeys_idx + 1, n, max, 1, count, true);
  PopGeneric(ctx, numkeys_idx + 1, n, max, true, count, true, true);
}

// One ZRANDMEMBER element: the member, and its score when asked (under
// RESP3 the pair is an array of its own).
void ReplyScored(ReplySink& out, bool with_scores, std::string_view m,
                 double s) {
  if (with_scores && out.protocol() > 2) out.Array(2);
  out.Bulk(m);
  if (with_scores) out.Double(s);
}

void RandomMembersWithCount(CommandContext& ctx, int64_t l, bool with_scores) {
  bool wrong = false;
  Entry* e = FindTyped(ctx, ctx.arg(1), ValueType::kZSet, &wrong);
  if (wrong) return;
  ReplySink& out = ctx.reply();
  if (e == nullptr) return out.Array(0);
  const ZSetValue& zset = e->value.zset();
  const size_t size = zset.size();
  const bool unique = l >= 0;
  const uint64_t count = unique ? static_cast<uint64_t>(l)
                                : 0 - static_cast<uint64_t>(l);
  if (count == 0) return out.Array(0);
  auto rnd = [&ctx] { return ctx.keyspace().Random(); };
  const bool flat = with_scores && out.protocol() == 2;
  if (!unique || count == 1) {
    out.Array(flat ? count * 2 : count);
    for (uint64_t i = 0; i < count; ++i) {
      auto [m, s] = zset.Random(rnd);
      ReplyScored(out, with_scores, m, s);
    }
    return;
  }
  const size_t n = count < size ? static_cast<size_t>(count) : size;
  out.Array(flat ? n * 2 : n);
  if (count >= size) {
    // The whole set, from the highest score down, as Redis's iterator
    // walks it.
    zset.VisitRanks(0, size, true, [&](std::string_view m, double s) {
      ReplyScored(out, with_scores, m, s);
      return true;
    });
    return;
  }
  // Distinct picks: a partial Fisher-Yates shuffle of the members.
  std::vector<std::pair<std::string_view, double>> all;
  all.reserve(size);
  zset.ForEach([&all](std::string_view m, double s) { all.emplace_back(m, s); });
  for (size_t i = 0; i < n; ++i) {
    const size_t j = i + static_cast<size_t>(rnd() % (size - i));
    std::swap(all[i], all[j]);
    ReplyScored(out, with_scores, all[i].first, all[i].second);
  }
}

// How a listpack stores a score (Redis's d2string): integral values that
// fit a long long print as integers, others with %.17g. Only ZSCAN of a
// listpack set shows it; every other reply parses the score back first.
std::string StoredScoreText(double v) {
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  if (v == 0) return std::signbit(v) ? "-0" : "0";
  constexpr double kLimit = static_cast<double>(kLongMax / 2);
  if (v >= -kLimit && v <= kLimit) {
    const int64_t i = static_cast<int64_t>(v);
    if (static_cast<double>(i) == v) return Int64ToString(i);
  }
  return FormatDouble17g(v);
}

}  // namespace

void Zadd(CommandContext& ctx) { AddGeneric(ctx, false); }
void Zincrby(CommandContext& ctx) { AddGeneric(ctx, true); }

void Zrem(CommandContext& ctx) {
  const std::string_view key = ctx.arg(1);
  bool wrong = false;
  Entry* e = FindTyped(ctx, key, ValueType::kZSet, &wrong);
  if (wrong) return;
  if (e == nullptr) return ctx.reply().Integer(0);
  int64_t removed = 0;
  {
    ZSetEdit edit(ctx.db(), key, e->value.zset());
    for (size_t i = 2; i < ctx.argc() && !edit.zset().empty(); ++i) {
      if (edit.Remove(ctx.arg(i)).has_value()) ++removed;
    }
  }
  ctx.reply().Integer(removed);
}

void Zcard(CommandContext& ctx) {
  bool wrong = false;
  Entry* e = FindTyped(ctx, ctx.arg(1), ValueType::kZSet, &wrong);
  if (wrong) return;
  ctx.reply().Integer(
      e == nullptr ? 0 : static_cast<int64_t>(e->value.zset().size()));
}

void Zscore(CommandContext& ctx) {
  bool wrong = false;
  Entry* e = FindTyped(ctx, ctx.arg(1), ValueType::kZSet, &wrong);
  if (wrong) return;
  std::optional<double> s;
  if (e != nullptr) s = e->value.zset().Score(ctx.arg(2));
  if (!s.has_value()) return ctx.reply().Null();
  ctx.reply().Double(*s);
}

void Zmscore(CommandContext& ctx) {
  bool wrong = false;
  Entry* e = FindTyped(ctx, ctx.arg(1), ValueType::kZSet, &wrong);
  if (wrong) return;
  ctx.reply().Array(ctx.argc() - 2);
  for (size_t i = 2; i < ctx.argc(); ++i) {
    std::optional<double> s;
    if (e != nullptr) s = e->value.zset().Score(ctx.arg(i));
    if (s.has_value()) {
      ctx.reply().Double(*s);
    } else {
      ctx.reply().Null();
    }
  }
}

namespace {

void RankGeneric(CommandContext& ctx, bool reverse) {
  bool wrong = false;
  Entry* e = FindTyped(ctx, ctx.arg(1), ValueType::kZSet, &wrong);
  if (wrong) return;
  if (e == nullptr) return ctx.reply().Null();
  const ZSetValue& zset = e->value.zset();
  const std::optional<double> s = zset.Score(ctx.arg(2));
  if (!s.has_value()) return ctx.reply().Null();
  const size_t rank = zset.Rank(ctx.arg(2), *s);
  ctx.reply().Integer(
      static_cast<int64_t>(reverse ? zset.size() - 1 - rank : rank));
}

}  // namespace

void Zrank(CommandContext& ctx) { RankGeneric(ctx, false); }
void Zrevrank(CommandContext& ctx) { RankGeneric(ctx, true); }

void Zpopmin(CommandContext& ctx) { PopMinMax(ctx, false); }
void Zpopmax(CommandContext& ctx) { PopMinMax(ctx, true); }

void Bzpopmin(CommandContext& ctx) {
  BlockingPop(ctx, 1, ctx.argc() - 2, false, ctx.argc() - 1, -1, false);
}

void Bzpopmax(CommandContext& ctx) {
  BlockingPop(ctx, 1, ctx.argc() - 2, true, ctx.argc() - 1, -1, false);
}

void Zmpop(CommandContext& ctx) { MultiPopGeneric(ctx, 1, false); }
void Bzmpop(CommandContext& ctx) { MultiPopGeneric(ctx, 2, true); }

void Zrandmember(CommandContext& ctx) {
  if (ctx.argc() >= 3) {
    const std::optional<RandomCount> c = ParseRandomCountOrReply(ctx, "withscores");
    if (!c.has_value()) return;
    return RandomMembersWithCount(ctx, c->count, c->with_pairs);
  }
  bool wrong = false;
  Entry* e = FindTyped(ctx, ctx.arg(1), ValueType::kZSet, &wrong);
  if (wrong) return;
  if (e == nullptr) return ctx.reply().Null();
  auto rnd = [&ctx] { return ctx.keyspace().Random(); };
  ctx.reply().Bulk(e->value.zset().Random(rnd).first);
}

void Zscan(CommandContext& ctx) {
  uint64_t cursor = 0;
  ScanOptions opts;
  const Entry* e = BeginCollectionScan(ctx, ValueType::kZSet, &cursor, &opts);
  if (e == nullptr) return;
  const ZSetValue& zset = e->value.zset();
  std::vector<std::string> items;  // member, score, ...
  uint64_t next = 0;
  if (zset.encoding() == ZSetValue::Encoding::kListpack) {
    // Small sets come back whole, whatever the cursor (as in Redis), with
    // scores as the listpack holds them.
    zset.ForEach([&items](std::string_view m, double s) {
      items.emplace_back(m);
      items.push_back(StoredScoreText(s));
    });
  } else {
    next = cursor;
    int64_t budget =
        opts.count > kLongMax / 20 ? kLongMax : opts.count * 2 * 10;
    do {
      next = zset.Scan(next, [&items](std::string_view m, double s) {
        items.emplace_back(m);
        items.push_back(FormatDouble17g(s));
      });
    } while (next != 0 && budget-- > 0 &&
             items.size() / 2 < static_cast<uint64_t>(opts.count));
  }
  ReplyCollectionScan(ctx, next, opts, items, 2);
}

}  // namespace luakv::cmd
