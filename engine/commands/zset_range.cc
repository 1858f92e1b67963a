// Sorted sets, by range and as sets: ZRANGE (BYSCORE BYLEX REV LIMIT
// WITHSCORES) ZRANGESTORE ZREVRANGE ZRANGEBYSCORE ZREVRANGEBYSCORE
// ZRANGEBYLEX ZREVRANGEBYLEX ZCOUNT ZLEXCOUNT ZREMRANGEBYRANK
// ZREMRANGEBYSCORE ZREMRANGEBYLEX ZUNION ZUNIONSTORE ZINTER ZINTERSTORE
// ZINTERCARD ZDIFF ZDIFFSTORE.
//
// Every range becomes a pair of ranks [lo, hi) found with O(log n)
// partition-point searches, so a range costs O(log n + m) whatever its kind.
// Score bounds parse as Redis's zslParseRange parses them (strtod over the
// argument as a C string: " 1" and "" are accepted, NaN is not); lex bounds
// as zslParseLexRangeItem.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "engine/command_context.h"
#include "engine/commands/collection_util.h"
#include "engine/commands/handlers.h"
#include "engine/errors.h"
#include "keyspace/set.h"
#include "keyspace/util/sv_hash.h"
#include "keyspace/zset.h"

namespace luakv::cmd {
namespace {

constexpr int64_t kLongMax = std::numeric_limits<int64_t>::max();

struct ScoreRange {
  double min = 0;
  double max = 0;
  bool minex = false;
  bool maxex = false;
};

// One score bound: strtod over the C string (so it stops at a NUL byte and
// skips leading space), an optional '(' for an open bound.
bool ParseScoreBound(std::string_view arg, double* v, bool* ex) {
  std::string buf(arg.substr(0, arg.find('\0')));
  const char* p = buf.c_str();
  *ex = false;
  if (*p == '(') {
    *ex = true;
    ++p;
  }
  char* end = nullptr;
  *v = std::strtod(p, &end);
  return *end == '\0' && !std::isnan(*v);
}

std::optional<ScoreRange> ParseScoreRangeOrReply(CommandContext& ctx,
                                                 std::string_view min,
                                                 std::string_view max) {
  ScoreRange r;
  if (!ParseScoreBound(min, &r.min, &r.minex) ||
      !ParseScoreBound(max, &r.max, &r.maxex)) {
    ctx.Error(errors::kMinMaxNotFloat);
    return std::nullopt;
  }
  return r;
}

struct LexBound {
  enum Kind { kMinusInf, kPlusInf, kValue } kind = kValue;
  std::string value;
  bool ex = false;
};

bool ParseLexBound(std::string_view arg, LexBound* b) {
  if (arg.empty()) return false;
  switch (arg[0]) {
    case '+':
    case '-':
      // Redis tests the byte after the sign as a C string: "+" followed by
      // a NUL byte still reads as "+".
      if (arg.size() > 1 && arg[1] != '\0') return false;
      b->kind = arg[0] == '+' ? LexBound::kPlusInf : LexBound::kMinusInf;
      b->ex = true;
      return true;
    case '(':
    case '[':
      b->kind = LexBound::kValue;
      b->ex = arg[0] == '(';
      b->value.assign(arg.substr(1));
      return true;
    default:
      return false;
  }
}

struct LexRange {
  LexBound min;
  LexBound max;
};

std::optional<LexRange> ParseLexRangeOrReply(CommandContext& ctx,
                                             std::string_view min,
                                             std::string_view max) {
  LexRange r;
  if (!ParseLexBound(min, &r.min) || !ParseLexBound(max, &r.max)) {
    ctx.Error(errors::kMinMaxNotLex);
    return std::nullopt;
  }
  return r;
}

// -1, 0 or 1 as `m` sorts before, equal to or after bound `b`.
int CompareLex(std::string_view m, const LexBound& b) {
  if (b.kind == LexBound::kMinusInf) return 1;
  if (b.kind == LexBound::kPlusInf) return -1;
  const int c = m.compare(b.value);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

// The ranks [lo, hi) a score range covers (hi <= lo when empty).
std::pair<size_t, size_t> ScoreRanks(const ZSetValue& z, const ScoreRange& r) {
  const size_t lo = z.PartitionPoint([&r](double s, std::string_view) {
    return r.minex ? s <= r.min : s < r.min;
  });
  const size_t hi = z.PartitionPoint([&r](double s, std::string_view) {
    return r.maxex ? s < r.max : s <= r.max;
  });
  return {lo, hi};
}

// The same for a lex range; meaningful when all scores are equal, as Redis
// documents.
std::pair<size_t, size_t> LexRanks(const ZSetValue& z, const LexRange& r) {
  const size_t lo = z.PartitionPoint([&r](double, std::string_view m) {
    const int c = CompareLex(m, r.min);
    return r.min.ex ? c <= 0 : c < 0;
  });
  const size_t hi = z.PartitionPoint([&r](double, std::string_view m) {
    const int c = CompareLex(m, r.max);
    return r.max.ex ? c < 0 : c <= 0;
  });
  return {lo, hi};
}

// A sorted set built whole (ZRANGESTORE, Z*STORE): in the listpack
// encoding when the result fits it, as Redis leaves such results.
ZSetValue BuildZSet(const std::vector<std::pair<std::string, double>>& items) {
  size_t max_len = 0;
  for (const auto& [m, s] : items) max_len = std::max(max_len, m.size());
  ZSetValue z;
  if (!ZSetValue::FitsListpack(items.size(), max_len)) z.ConvertToSkiplist();
  for (const auto& [m, s] : items) z.Insert(m, s);
  return z;
}

// Stores a result under `dst` (dropping its TTL) or deletes `dst` when the
// result is empty; replies the cardinality.
void StoreResult(CommandContext& ctx, std::string_view dst,
                 const std::vector<std::pair<std::string, double>>& items) {
  if (items.empty()) {
    ctx.db().Delete(dst);
    return ctx.reply().Integer(0);
  }
  ctx.db().Set(dst, Value::Of(BuildZSet(items)));
  ctx.reply().Integer(static_cast<int64_t>(items.size()));
}

// Replies members (with scores: flat under RESP2, pairs under RESP3).
void ReplyItems(ReplySink& out,
                const std::vector<std::pair<std::string, double>>& items,
                bool with_scores) {
  const bool nested = with_scores && out.protocol() > 2;
  out.Array(with_scores && !nested ? items.size() * 2 : items.size());
  for (const auto& [m, s] : items) {
    if (nested) out.Array(2);
    out.Bulk(m);
    if (with_scores) out.Double(s);
  }
}

enum class RangeType { kAuto, kRank, kScore, kLex };
enum class Direction { kAuto, kForward, kReverse };

// Redis's zrangeGenericCommand: the source key at argv[src_idx], then min,
// max and the options. `dst` is set for ZRANGESTORE.
void RangeGeneric(CommandContext& ctx, size_t src_idx,
                  std::optional<std::string_view> dst, RangeType type,
                  Direction dir) {
  const bool store = dst.has_value();
  bool with_scores = false;
  int64_t offset = 0;
  int64_t limit = -1;
  for (size_t j = src_idx + 3; j < ctx.argc(); ++j) {
    const std::string_view opt = ctx.arg(j);
    const size_t left = ctx.argc() - j - 1;
    if (!store && EqualsIgnoreCase(opt, "withscores")) {
      with_scores = true;
    } else if (EqualsIgnoreCase(opt, "limit") && left >= 2) {
      const std::optional<int64_t> o = ParseLongOrReply(ctx, ctx.arg(j + 1));
      if (!o.has_value()) return;
      const std::optional<int64_t> l = ParseLongOrReply(ctx, ctx.arg(j + 2));
      if (!l.has_value()) return;
      offset = *o;
      limit = *l;
      j += 2;
    } else if (dir == Direction::kAuto && EqualsIgnoreCase(opt, "rev")) {
      dir = Direction::kReverse;
    } else if (type == RangeType::kAuto && EqualsIgnoreCase(opt, "bylex")) {
      type = RangeType::kLex;
    } else if (type == RangeType::kAuto && EqualsIgnoreCase(opt, "byscore")) {
      type = RangeType::kScore;
    } else {
      return ctx.Error(errors::kSyntax);
    }
  }
  if (dir == Direction::kAuto) dir = Direction::kForward;
  if (type == RangeType::kAuto) type = RangeType::kRank;
  if (limit != -1 && type == RangeType::kRank) {
    return ctx.Error(errors::kLimitNeedsByScoreOrLex);
  }
  if (with_scores && type == RangeType::kLex) {
    return ctx.Error(errors::kWithscoresWithBylex);
  }
  const bool reverse = dir == Direction::kReverse;
  size_t min_idx = src_idx + 1;
  size_t max_idx = src_idx + 2;
  if (reverse && type != RangeType::kRank) std::swap(min_idx, max_idx);

  int64_t start = 0;
  int64_t end = 0;
  std::optional<ScoreRange> score_range;
  std::optional<LexRange> lex_range;
  if (type == RangeType::kRank) {
    const std::optional<int64_t> s = ParseLongOrReply(ctx, ctx.arg(min_idx));
    if (!s.has_value()) return;
    const std::optional<int64_t> e = ParseLongOrReply(ctx, ctx.arg(max_idx));
    if (!e.has_value()) return;
    start = *s;
    end = *e;
  } else if (type == RangeType::kScore) {
    score_range = ParseScoreRangeOrReply(ctx, ctx.arg(min_idx), ctx.arg(max_idx));
    if (!score_range.has_value()) return;
  } else {
    lex_range = ParseLexRangeOrReply(ctx, ctx.arg(min_idx), ctx.arg(max_idx));
    if (!lex_range.has_value()) return;
  }

  std::vector<std::pair<std::string, double>> items;
  auto finish = [&] {
    if (store) return StoreResult(ctx, *dst, items);
    ReplyItems(ctx.reply(), items, with_scores);
  };
  bool wrong = false;
  Entry* e = FindTyped(ctx, ctx.arg(src_idx), ValueType::kZSet, &wrong);
  if (wrong) return;
  if (e == nullptr) return finish();
  const ZSetValue& z = e->value.zset();
  auto collect = [&items](std::string_view m, double s) {
    items.emplace_back(m, s);
    return true;
  };

  if (type == RangeType::kRank) {
    size_t from = 0;
    size_t to = 0;
    if (!NormalizeRange(start, end, z.size(), &from, &to)) return finish();
    items.reserve(to - from + 1);
    if (reverse) {
      // Reverse indexes count from the highest score.
      z.VisitRanks(z.size() - 1 - to, z.size() - from, true, collect);
    } else {
      z.VisitRanks(from, to + 1, false, collect);
    }
    return finish();
  }

  // By score or lex: [lo, hi) in rank space, then Redis's offset/limit
  // walk. A negative offset walks off the range (nothing); a negative
  // limit means no limit.
  auto [lo, hi] = type == RangeType::kScore ? ScoreRanks(z, *score_range)
                                            : LexRanks(z, *lex_range);
  if (type == RangeType::kScore && offset > 0 &&
      static_cast<uint64_t>(offset) >= z.size()) {
    return finish();
  }
  if (hi <= lo || offset < 0) return finish();
  const uint64_t avail = hi - lo;
  if (static_cast<uint64_t>(offset) >= avail) return finish();
  uint64_t n = avail - static_cast<uint64_t>(offset);
  if (limit >= 0 && static_cast<uint64_t>(limit) < n) n = limit;
  if (reverse) {
    const size_t top = hi - static_cast<size_t>(offset);
    z.VisitRanks(top - n, top, true, collect);
  } else {
    const size_t first = lo + static_cast<size_t>(offset);
    z.VisitRanks(first, first + n, false, collect);
  }
  finish();
}

// ZREMRANGEBY*.
void RemRangeGeneric(CommandContext& ctx, RangeType type) {
  int64_t start = 0;
  int64_t end = 0;
  std::optional<ScoreRange> score_range;
  std::optional<LexRange> lex_range;
  if (type == RangeType::kRank) {
    const std::optional<int64_t> s = ParseLongOrReply(ctx, ctx.arg(2));
    if (!s.has_value()) return;
    const std::optional<int64_t> e = ParseLongOrReply(ctx, ctx.arg(3));
    if (!e.has_value()) return;
    start = *s;
    end = *e;
  } else if (type == RangeType::kScore) {
    score_range = ParseScoreRangeOrReply(ctx, ctx.arg(2), ctx.arg(3));
    if (!score_range.has_value()) return;
  } else {
    lex_range = ParseLexRangeOrReply(ctx, ctx.arg(2), ctx.arg(3));
    if (!lex_range.has_value()) return;
  }
  const std::string_view key = ctx.arg(1);
  bool wrong = false;
  Entry* e = FindTyped(ctx, key, ValueType::kZSet, &wrong);
  if (wrong) return;
  if (e == nullptr) return ctx.reply().Integer(0);
  ZSetValue& z = e->value.zset();
  size_t lo = 0;
  size_t hi = 0;
  if (type == RangeType::kRank) {
    size_t to = 0;
    if (!NormalizeRange(start, end, z.size(), &lo, &to)) {
      return ctx.reply().Integer(0);
    }
    hi = to + 1;
  } else {
    std::tie(lo, hi) = type == RangeType::kScore ? ScoreRanks(z, *score_range)
                                                 : LexRanks(z, *lex_range);
  }
  if (hi <= lo) return ctx.reply().Integer(0);
  std::vector<std::string> doomed;
  doomed.reserve(hi - lo);
  z.VisitRanks(lo, hi, false, [&doomed](std::string_view m, double) {
    doomed.emplace_back(m);
    return true;
  });
  {
    ZSetEdit edit(ctx.db(), key, z);
    for (const std::string& m : doomed) edit.Remove(m);
  }
  ctx.reply().Integer(static_cast<int64_t>(doomed.size()));
}

enum class Aggregate { kSum, kMin, kMax };
enum class SetOp { kUnion, kInter, kDiff };

// An input of the set algebra: a sorted set, or a plain set whose members
// all score 1.
struct Source {
  const ZSetValue* zset = nullptr;
  const SetValue* set = nullptr;
  double weight = 1.0;

  size_t size() const {
    return zset ? zset->size() : (set ? set->size() : 0);
  }
  bool same_as(const Source& o) const {
    return (zset != nullptr && zset == o.zset) ||
           (set != nullptr && set == o.set);
  }
  std::optional<double> Find(std::string_view m) const {
    if (zset) return zset->Score(m);
    if (set && set->Contains(m)) return 1.0;
    return std::nullopt;
  }
  template <typename Fn>
  void ForEach(Fn&& fn) const {
    if (zset) {
      zset->ForEach(fn);
    } else if (set) {
      set->ForEach([&fn](std::string_view m) { fn(m, 1.0); });
    }
  }
};

void Aggregate1(double* target, double v, Aggregate agg) {
  switch (agg) {
    case Aggregate::kSum:
      *target += v;
      // inf + -inf: Redis's convention is 0.
      if (std::isnan(*target)) *target = 0.0;
      break;
    case Aggregate::kMin:
      *target = v < *target ? v : *target;
      break;
    case Aggregate::kMax:
      *target = v > *target ? v : *target;
      break;
  }
}

bool ItemLess(const std::pair<std::string, double>& a,
              const std::pair<std::string, double>& b) {
  return a.second < b.second || (a.second == b.second && a.first < b.first);
}

// Redis's zunionInterDiffGenericCommand. numkeys is at argv[numkeys_idx];
// `dst` is set for the STORE forms, `card_only` for ZINTERCARD.
void AlgebraGeneric(CommandContext& ctx, std::optional<std::string_view> dst,
                    size_t numkeys_idx, SetOp op, bool card_only) {
  const std::optional<int64_t> setnum =
      ParseLongOrReply(ctx, ctx.arg(numkeys_idx));
  if (!setnum.has_value()) return;
  if (*setnum < 1) {
    std::string name(ctx.spec().name);
    return ctx.Error(errors::AtLeastOneInputKey(name));
  }
  if (static_cast<uint64_t>(*setnum) > ctx.argc() - (numkeys_idx + 1)) {
    return ctx.Error(errors::kSyntax);
  }
  const size_t n = static_cast<size_t>(*setnum);
  std::vector<Source> src(n);
  size_t j = numkeys_idx + 1;
  for (size_t i = 0; i < n; ++i, ++j) {
    Entry* e = ctx.db().Find(ctx.arg(j));
    if (e == nullptr) continue;
    if (e->value.type() == ValueType::kZSet) {
      src[i].zset = &e->value.zset();
    } else if (e->value.type() == ValueType::kSet) {
      src[i].set = &e->value.set();
    } else {
      return ctx.Error(errors::kWrongType);
    }
  }
  Aggregate agg = Aggregate::kSum;
  bool with_scores = false;
  int64_t limit = 0;
  while (j < ctx.argc()) {
    const std::string_view opt = ctx.arg(j);
    const size_t remaining = ctx.argc() - j;
    if (op != SetOp::kDiff && !card_only && remaining >= n + 1 &&
        EqualsIgnoreCase(opt, "weights")) {
      ++j;
      for (size_t i = 0; i < n; ++i, ++j) {
        const std::optional<double> w =
            ParseDoubleOrReply(ctx, ctx.arg(j), errors::kWeightNotFloat);
        if (!w.has_value()) return;
        src[i].weight = *w;
      }
    } else if (op != SetOp::kDiff && !card_only && remaining >= 2 &&
               EqualsIgnoreCase(opt, "aggregate")) {
      const std::string_view a = ctx.arg(j + 1);
      if (EqualsIgnoreCase(a, "sum")) {
        agg = Aggregate::kSum;
      } else if (EqualsIgnoreCase(a, "min")) {
        agg = Aggregate::kMin;
      } else if (EqualsIgnoreCase(a, "max")) {
        agg = Aggregate::kMax;
      } else {
        return ctx.Error(errors::kSyntax);
      }
      j += 2;
    } else if (!dst.has_value() && !card_only &&
               EqualsIgnoreCase(opt, "withscores")) {
      with_scores = true;
      ++j;
    } else if (card_only && remaining >= 2 && EqualsIgnoreCase(opt, "limit")) {
      const std::optional<int64_t> l = ParsePositiveLongOrReply(
          ctx, ctx.arg(j + 1), errors::kLimitNegative);
      if (!l.has_value()) return;
      limit = *l;
      j += 2;
    } else {
      return ctx.Error(errors::kSyntax);
    }
  }
  if (op != SetOp::kDiff) {
    // Smallest first, as Redis sorts them: it decides the order in which
    // scores are summed, and so their exact value.
    std::stable_sort(src.begin(), src.end(),
                     [](const Source& a, const Source& b) {
                       return a.size() < b.size();
                     });
  }

  std::vector<std::pair<std::string, double>> items;
  uint64_t cardinality = 0;
  if (op == SetOp::kInter) {
    if (src[0].size() > 0) {
      bool stop = false;
      src[0].ForEach([&](std::string_view m, double s) {
        if (stop) return;
        double score = src[0].weight * s;
        if (std::isnan(score)) score = 0;
        for (size_t k = 1; k < n; ++k) {
          double v = 0;
          if (src[k].same_as(src[0])) {
            v = s * src[k].weight;
          } else if (const std::optional<double> f = src[k].Find(m)) {
            v = *f * src[k].weight;
          } else {
            return;
          }
          Aggregate1(&score, v, agg);
        }
        if (card_only) {
          ++cardinality;
          if (limit != 0 && cardinality >= static_cast<uint64_t>(limit)) {
            stop = true;
          }
          return;
        }
        items.emplace_back(m, score);
      });
    }
  } else if (op == SetOp::kUnion) {
    absl::flat_hash_map<std::string, double, SvHash, SvEq> acc;
    for (const Source& s : src) {
      s.ForEach([&](std::string_view m, double v) {
        double score = s.weight * v;
        if (std::isnan(score)) score = 0;
        auto it = acc.find(m);
        if (it == acc.end()) {
          acc.emplace(std::string(m), score);
        } else {
          Aggregate1(&it->second, score, agg);
        }
      });
    }
    items.reserve(acc.size());
    for (auto& [m, s] : acc) items.emplace_back(m, s);
  } else if (src[0].size() > 0) {
    src[0].ForEach([&](std::string_view m, double s) {
      for (size_t k = 1; k < n; ++k) {
        if (src[k].same_as(src[0]) || src[k].Find(m).has_value()) return;
      }
      items.emplace_back(m, s);
    });
  }

  if (card_only) return ctx.reply().Integer(static_cast<int64_t>(cardinality));
  std::sort(items.begin(), items.end(), ItemLess);
  if (dst.has_value()) return StoreResult(ctx, *dst, items);
  ReplyItems(ctx.reply(), items, with_scores);
}

}  // namespace

void Zrange(CommandContext& ctx) {
  RangeGeneric(ctx, 1, std::nullopt, RangeType::kAuto, Direction::kAuto);
}

void Zrangestore(CommandContext& ctx) {
  RangeGeneric(ctx, 2, ctx.arg(1), RangeType::kAuto, Direction::kAuto);
}

void Zrevrange(CommandContext& ctx) {
  RangeGeneric(ctx, 1, std::nullopt, RangeType::kRank, Direction::kReverse);
}

void Zrangebyscore(CommandContext& ctx) {
  RangeGeneric(ctx, 1, std::nullopt, RangeType::kScore, Direction::kForward);
}

void Zrevrangebyscore(CommandContext& ctx) {
  RangeGeneric(ctx, 1, std::nullopt, RangeType::kScore, Direction::kReverse);
}

void Zrangebylex(CommandContext& ctx) {
  RangeGeneric(ctx, 1, std::nullopt, RangeType::kLex, Direction::kForward);
}

void Zrevrangebylex(CommandContext& ctx) {
  RangeGeneric(ctx, 1, std::nullopt, RangeType::kLex, Direction::kReverse);
}

void Zcount(CommandContext& ctx) {
  const std::optional<ScoreRange> r =
      ParseScoreRangeOrReply(ctx, ctx.arg(2), ctx.arg(3));
  if (!r.has_value()) return;
  bool wrong = false;
  Entry* e = FindTyped(ctx, ctx.arg(1), ValueType::kZSet, &wrong);
  if (wrong) return;
  if (e == nullptr) return ctx.reply().Integer(0);
  auto [lo, hi] = ScoreRanks(e->value.zset(), *r);
  ctx.reply().Integer(hi > lo ? static_cast<int64_t>(hi - lo) : 0);
}

void Zlexcount(CommandContext& ctx) {
  const std::optional<LexRange> r =
      ParseLexRangeOrReply(ctx, ctx.arg(2), ctx.arg(3));
  if (!r.has_value()) return;
  bool wrong = false;
  Entry* e = FindTyped(ctx, ctx.arg(1), ValueType::kZSet, &wrong);
  if (wrong) return;
  if (e == nullptr) return ctx.reply().Integer(0);
  auto [lo, hi] = LexRanks(e->value.zset(), *r);
  ctx.reply().Integer(hi > lo ? static_cast<int64_t>(hi - lo) : 0);
}

void Zremrangebyrank(CommandContext& ctx) {
  RemRangeGeneric(ctx, RangeType::kRank);
}

void Zremrangebyscore(CommandContext& ctx) {
  RemRangeGeneric(ctx, RangeType::kScore);
}

void Zremrangebylex(CommandContext& ctx) {
  RemRangeGeneric(ctx, RangeType::kLex);
}

void Zunion(CommandContext& ctx) {
  AlgebraGeneric(ctx, std::nullopt, 1, SetOp::kUnion, false);
}

void Zunionstore(CommandContext& ctx) {
  AlgebraGeneric(ctx, ctx.arg(1), 2, SetOp::kUnion, false);
}

void Zinter(CommandContext& ctx) {
  AlgebraGeneric(ctx, std::nullopt, 1, SetOp::kInter, false);
}

void Zinterstore(CommandContext& ctx) {
  AlgebraGeneric(ctx, ctx.arg(1), 2, SetOp::kInter, false);
}

void Zintercard(CommandContext& ctx) {
  AlgebraGeneric(ctx, std::nullopt, 1, SetOp::kInter, true);
}

void Zdiff(CommandContext& ctx) {
  AlgebraGeneric(ctx, std::nullopt, 1, SetOp::kDiff, false);
}

void Zdiffstore(CommandContext& ctx) {
  AlgebraGeneric(ctx, ctx.arg(1), 2, SetOp::kDiff, false);
}

}  // namespace luakv::cmd
