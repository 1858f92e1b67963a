// Hashes: HSET HSETNX HMSET HGET HMGET HDEL HLEN HSTRLEN HEXISTS HKEYS HVALS
// HGETALL HINCRBY HINCRBYFLOAT HRANDFIELD HSCAN.
//
// A listpack hash lists its fields in insertion order, as Redis's does, so
// HGETALL and friends agree with Redis exactly on small hashes; a hashtable
// lists them in its own order (the table tags those commands
// nondeterministic_output_order).

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
#include "keyspace/hash.h"
#include "keyspace/util/glob.h"
#include "keyspace/util/numbers.h"
#include "keyspace/util/sv_hash.h"

namespace luakv::cmd {
namespace {

constexpr int64_t kLongMax = std::numeric_limits<int64_t>::max();

// The hash under argv[1] for a write, created when absent
// (hashTypeLookupWriteOrCreate). Null after replying WRONGTYPE.
Entry* FindOrCreate(CommandContext& ctx) {
  bool wrong = false;
  Entry* e = FindTyped(ctx, ctx.arg(1), ValueType::kHash, &wrong);
  if (wrong) return nullptr;
  if (e == nullptr) e = &ctx.db().Set(ctx.arg(1), Value::NewHash());
  return e;
}

void SetGeneric(CommandContext& ctx, bool hmset) {
  if (ctx.argc() % 2 == 1) {
    return ctx.Error(errors::WrongArity(hmset ? "hmset" : "hset"));
  }
  Entry* e = FindOrCreate(ctx);
  if (e == nullptr) return;
  int64_t created = 0;
  {
    HashEdit edit(ctx.db(), ctx.arg(1), e->value.hash());
    for (size_t i = 2; i < ctx.argc(); i += 2) {
      if (edit.Set(ctx.arg(i), ctx.arg(i + 1))) ++created;
    }
  }
  if (hmset) return ctx.Ok();
  ctx.reply().Integer(created);
}

enum class Part { kFields, kValues, kBoth };

void GetAllGeneric(CommandContext& ctx, Part part) {
  bool wrong = false;
  Entry* e = FindTyped(ctx, ctx.arg(1), ValueType::kHash, &wrong);
  if (wrong) return;
  ReplySink& out = ctx.reply();
  const size_t n = e == nullptr ? 0 : e->value.hash().size();
  if (part == Part::kBoth) {
    out.Map(n);
  } else {
    out.Array(n);
  }
  if (e == nullptr) return;
  e->value.hash().ForEach([&](std::string_view f, std::string_view v) {
    if (part != Part::kValues) out.Bulk(f);
    if (part != Part::kFields) out.Bulk(v);
  });
}

// One reply element of HRANDFIELD: the field, and its value when asked
// (under RESP3 the pair is an array of its own).
void ReplyPair(ReplySink& out, bool with_values, std::string_view f,
               std::string_view v) {
  if (with_values && out.protocol() > 2) out.Array(2);
  out.Bulk(f);
  if (with_values) out.Bulk(v);
}

void RandomFieldsWithCount(CommandContext& ctx, int64_t l, bool with_values) {
  bool wrong = false;
  Entry* e = FindTyped(ctx, ctx.arg(1), ValueType::kHash, &wrong);
  if (wrong) return;
  ReplySink& out = ctx.reply();
  if (e == nullptr) return out.Array(0);
  const HashValue& hash = e->value.hash();
  const size_t size = hash.size();
  const bool unique = l >= 0;
  const uint64_t count = unique ? static_cast<uint64_t>(l)
                                : 0 - static_cast<uint64_t>(l);
  if (count == 0) return out.Array(0);
  auto rnd = [&ctx] { return ctx.keyspace().Random(); };
  const bool flat_pairs = with_values && out.protocol() == 2;
  if (!unique || count == 1) {
    // Repetitions allowed: independent picks.
    out.Array(flat_pairs ? count * 2 : count);
    for (uint64_t i = 0; i < count; ++i) {
      auto [f, v] = hash.Random(rnd);
      ReplyPair(out, with_values, f, v);
    }
    return;
  }
  const size_t n = count < size ? static_cast<size_t>(count) : size;
  out.Array(flat_pairs ? n * 2 : n);
  if (count >= size) {
    hash.ForEach([&](std::string_view f, std::string_view v) {
      ReplyPair(out, with_values, f, v);
    });
    return;
  }
  // Distinct picks: a partial Fisher-Yates shuffle over all pairs.
  std::vector<std::pair<std::string_view, std::string_view>> all;
  all.reserve(size);
  hash.ForEach([&all](std::string_view f, std::string_view v) {
    all.emplace_back(f, v);
  });
  for (size_t i = 0; i < n; ++i) {
    const size_t j = i + static_cast<size_t>(rnd() % (size - i));
    std::swap(all[i], all[j]);
    ReplyPair(out, with_values, all[i].first, all[i].second);
  }
}

}  // namespace

void Hset(CommandContext& ctx) { SetGeneric(ctx, false); }
void Hmset(CommandContext& ctx) { SetGeneric(ctx, true); }

void Hsetnx(CommandContext& ctx) {
  Entry* e = FindOrCreate(ctx);
  if (e == nullptr) return;
  HashEdit edit(ctx.db(), ctx.arg(1), e->value.hash());
  if (edit.hash().Contains(ctx.arg(2))) return ctx.reply().Integer(0);
  edit.Set(ctx.arg(2), ctx.arg(3));
  ctx.reply().Integer(1);
}

void Hget(CommandContext& ctx) {
  bool wrong = false;
  Entry* e = FindTyped(ctx, ctx.arg(1), ValueType::kHash, &wrong);
  if (wrong) return;
  if (e == nullptr) return ctx.reply().Null();
  const std::optional<std::string_view> v = e->value.hash().Get(ctx.arg(2));
  if (!v.has_value()) return ctx.reply().Null();
  ctx.reply().Bulk(*v);
}

void Hmget(CommandContext& ctx) {
  bool wrong = false;
  Entry* e = FindTyped(ctx, ctx.arg(1), ValueType::kHash, &wrong);
  if (wrong) return;
  ctx.reply().Array(ctx.argc() - 2);
  for (size_t i = 2; i < ctx.argc(); ++i) {
    std::optional<std::string_view> v;
    if (e != nullptr) v = e->value.hash().Get(ctx.arg(i));
    if (v.has_value()) {
      ctx.reply().Bulk(*v);
    } else {
      ctx.reply().Null();
    }
  }
}

void Hdel(CommandContext& ctx) {
  bool wrong = false;
  Entry* e = FindTyped(ctx, ctx.arg(1), ValueType::kHash, &wrong);
  if (wrong) return;
  if (e == nullptr) return ctx.reply().Integer(0);
  int64_t deleted = 0;
  {
    HashEdit edit(ctx.db(), ctx.arg(1), e->value.hash());
    for (size_t i = 2; i < ctx.argc() && !edit.hash().empty(); ++i) {
      if (edit.Delete(ctx.arg(i))) ++deleted;
    }
  }
  ctx.reply().Integer(deleted);
}

void Hlen(CommandContext& ctx) {
  bool wrong = false;
  Entry* e = FindTyped(ctx, ctx.arg(1), ValueType::kHash, &wrong);
  if (wrong) return;
  ctx.reply().Integer(
      e == nullptr ? 0 : static_cast<int64_t>(e->value.hash().size()));
}

void Hstrlen(CommandContext& ctx) {
  bool wrong = false;
  Entry* e = FindTyped(ctx, ctx.arg(1), ValueType::kHash, &wrong);
  if (wrong) return;
  std::optional<std::string_view> v;
  if (e != nullptr) v = e->value.hash().Get(ctx.arg(2));
  ctx.reply().Integer(v.has_value() ? static_cast<int64_t>(v->size()) : 0);
}

void Hexists(CommandContext& ctx) {
  bool wrong = false;
  Entry* e = FindTyped(ctx, ctx.arg(1), ValueType::kHash, &wrong);
  if (wrong) return;
  ctx.reply().Integer(e != nullptr && e->value.hash().Contains(ctx.arg(2)));
}

void Hkeys(CommandContext& ctx) { GetAllGeneric(ctx, Part::kFields); }
void Hvals(CommandContext& ctx) { GetAllGeneric(ctx, Part::kValues); }
void Hgetall(CommandContext& ctx) { GetAllGeneric(ctx, Part::kBoth); }

void Hincrby(CommandContext& ctx) {
  const std::optional<int64_t> incr = ParseLongOrReply(ctx, ctx.arg(3));
  if (!incr.has_value()) return;
  Entry* e = FindOrCreate(ctx);
  if (e == nullptr) return;
  HashEdit edit(ctx.db(), ctx.arg(1), e->value.hash());
  int64_t value = 0;
  if (const auto old = edit.hash().Get(ctx.arg(2))) {
    const std::optional<int64_t> v = ParseInt64(*old);
    if (!v.has_value()) return ctx.Error(errors::kHashValueNotInteger);
    value = *v;
  }
  if ((*incr < 0 && value < 0 &&
       *incr < std::numeric_limits<int64_t>::min() - value) ||
      (*incr > 0 && value > 0 && *incr > kLongMax - value)) {
    return ctx.Error(errors::kOverflow);
  }
  value += *incr;
  edit.Set(ctx.arg(2), Int64ToString(value));
  ctx.reply().Integer(value);
}

void Hincrbyfloat(CommandContext& ctx) {
  const std::optional<long double> incr = ParseLongDouble(ctx.arg(3));
  if (!incr.has_value()) return ctx.Error(errors::kNotFloat);
  if (std::isnan(*incr) || std::isinf(*incr)) {
    return ctx.Error(errors::kValueNanOrInf);
  }
  Entry* e = FindOrCreate(ctx);
  if (e == nullptr) return;
  HashEdit edit(ctx.db(), ctx.arg(1), e->value.hash());
  long double value = 0;
  if (const auto old = edit.hash().Get(ctx.arg(2))) {
    const std::optional<long double> v = ParseLongDouble(*old);
    if (!v.has_value()) return ctx.Error(errors::kHashValueNotFloat);
    value = *v;
  }
  value += *incr;
  if (std::isnan(value) || std::isinf(value)) {
    return ctx.Error(errors::kIncrFloatNanOrInf);
  }
  const std::string text = FormatLongDoubleHuman(value);
  edit.Set(ctx.arg(2), text);
  ctx.reply().Bulk(text);
}

void Hrandfield(CommandContext& ctx) {
  if (ctx.argc() >= 3) {
    const std::optional<RandomCount> c = ParseRandomCountOrReply(ctx, "withvalues");
    if (!c.has_value()) return;
    return RandomFieldsWithCount(ctx, c->count, c->with_pairs);
  }
  bool wrong = false;
  Entry* e = FindTyped(ctx, ctx.arg(1), ValueType::kHash, &wrong);
  if (wrong) return;
  if (e == nullptr) return ctx.reply().Null();
  auto rnd = [&ctx] { return ctx.keyspace().Random(); };
  ctx.reply().Bulk(e->value.hash().Random(rnd).first);
}

void Hscan(CommandContext& ctx) {
  uint64_t cursor = 0;
  ScanOptions opts;
  const Entry* e = BeginCollectionScan(ctx, ValueType::kHash, &cursor, &opts);
  if (e == nullptr) return;
  const HashValue& hash = e->value.hash();
  std::vector<std::string> items;  // field, value, ...
  auto add = [&items](std::string_view f, std::string_view v) {
    items.emplace_back(f);
    items.emplace_back(v);
  };
  uint64_t next = 0;
  if (hash.encoding() == HashValue::Encoding::kListpack) {
    // Small hashes come back whole, whatever the cursor (as in Redis).
    hash.ForEach(add);
  } else {
    next = cursor;
    int64_t budget =
        opts.count > kLongMax / 20 ? kLongMax : opts.count * 2 * 10;
    do {
      next = hash.Scan(next, add);
    } while (next != 0 && budget-- > 0 &&
             items.size() / 2 < static_cast<uint64_t>(opts.count));
  }
  ReplyCollectionScan(ctx, next, opts, items, 2);
}

}  // namespace luakv::cmd
