// SORT and SORT_RO: sort a list, set or sorted set numerically or ALPHA,
// ASC or DESC, optionally by the values of other keys (BY pattern, "nosort"
// when the pattern has no '*'), with LIMIT, GET patterns (`#`, `key*`,
// `hash*->field`) and STORE into a list.
//
// Redis 7.0 details kept: elements and weights parse with strtod (leading
// space and hex accepted, NaN refused); ties of a numeric sort fall back to
// comparing the elements; ALPHA without STORE compares as C strings (strcoll
// in the C locale, so a NUL byte ends the comparison) and with STORE as
// binary strings; a sorted set is converted to its large encoding first, as
// Redis's SORT does. Not reproduced: forcing an ALPHA sort of a set under
// "BY nosort" when the caller is a script (a command cannot yet tell), and
// Redis's partial quicksort for BY with LIMIT, whose order among equal
// weights differs from the stable sort used here.

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
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
#include "keyspace/list.h"
#include "keyspace/set.h"
#include "keyspace/zset.h"
#include "keyspace/util/sv_hash.h"

namespace luakv::cmd {
namespace {

// The text a pattern names for `element` (Redis's lookupKeyByPattern):
// "#" is the element itself; otherwise the first '*' is replaced by the
// element and the key read as a string, or, with "->field" after the '*',
// as a hash field. nullopt when the key or field is missing or of another
// type, or when the pattern has no '*'.
std::optional<std::string> LookupByPattern(CommandContext& ctx,
                                           std::string_view pattern,
                                           std::string_view element) {
  // Redis reads the pattern as a C string for these tests.
  const std::string_view c_pattern = pattern.substr(0, pattern.find('\0'));
  if (c_pattern == "#") return std::string(element);
  const size_t star = c_pattern.find('*');
  if (star == std::string_view::npos) return std::nullopt;
  size_t arrow = c_pattern.find("->", star + 1);
  if (arrow != std::string_view::npos && arrow + 2 >= c_pattern.size()) {
    arrow = std::string_view::npos;  // "->" with no field name
  }
  std::string key(pattern.substr(0, star));
  key.append(element);
  std::string_view field;
  if (arrow != std::string_view::npos) {
    key.append(pattern.substr(star + 1, arrow - star - 1));
    field = pattern.substr(arrow + 2);
  } else {
    key.append(pattern.substr(star + 1));
  }
  const Entry* e = ctx.db().Find(key);
  if (e == nullptr) return std::nullopt;
  if (arrow != std::string_view::npos) {
    if (e->value.type() != ValueType::kHash) return std::nullopt;
    const std::optional<std::string_view> v = e->value.hash().Get(field);
    if (!v.has_value()) return std::nullopt;
    return std::string(*v);
  }
  if (e->value.type() != ValueType::kString) return std::nullopt;
  return e->value.str();
}

// strtod over `text` as a C string, with the checks SORT makes.
bool ParseWeight(const std::string& text, double* out) {
  char* end = nullptr;
  errno = 0;
  *out = std::strtod(text.c_str(), &end);
  return *end == '\0' && errno != ERANGE && !std::isnan(*out);
}

// strcmp over the bytes up to the first NUL of each: what Redis's strcoll
// compares in the C locale.
int CStringCompare(const std::string& a, const std::string& b) {
  return std::strcmp(a.c_str(), b.c_str());
}

int BinaryCompare(const std::string& a, const std::string& b) {
  const int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

struct Item {
  explicit Item(std::string e) : element(std::move(e)) {}
  std::string element;
  double score = 0;
  std::optional<std::string> by;  // BY value for ALPHA with BY
};

void SortGeneric(CommandContext& ctx, bool readonly) {
  bool desc = false;
  bool alpha = false;
  int64_t limit_start = 0;
  int64_t limit_count = -1;
  std::optional<std::string_view> store;
  std::optional<std::string_view> by;
  bool dontsort = false;
  std::vector<std::string_view> gets;
  for (size_t j = 2; j < ctx.argc(); ++j) {
    const std::string_view opt = ctx.arg(j);
    const size_t left = ctx.argc() - j - 1;
    if (EqualsIgnoreCase(opt, "asc")) {
      desc = false;
    } else if (EqualsIgnoreCase(opt, "desc")) {
      desc = true;
    } else if (EqualsIgnoreCase(opt, "alpha")) {
      alpha = true;
    } else if (EqualsIgnoreCase(opt, "limit") && left >= 2) {
      const std::optional<int64_t> s = ParseLongOrReply(ctx, ctx.arg(j + 1));
      if (!s.has_value()) return;
      const std::optional<int64_t> c = ParseLongOrReply(ctx, ctx.arg(j + 2));
      if (!c.has_value()) return;
      limit_start = *s;
      limit_count = *c;
      j += 2;
    } else if (!readonly && EqualsIgnoreCase(opt, "store") && left >= 1) {
      store = ctx.arg(++j);
    } else if (EqualsIgnoreCase(opt, "by") && left >= 1) {
      by = ctx.arg(++j);
      // A pattern without '*' names no per-element key: nothing to sort by.
      const std::string_view c_by = by->substr(0, by->find('\0'));
      dontsort = c_by.find('*') == std::string_view::npos;
    } else if (EqualsIgnoreCase(opt, "get") && left >= 1) {
      gets.push_back(ctx.arg(++j));
    } else {
      return ctx.Error(errors::kSyntax);
    }
  }

  Entry* e = ctx.db().Find(ctx.arg(1));
  if (e != nullptr && e->value.type() != ValueType::kList &&
      e->value.type() != ValueType::kSet &&
      e->value.type() != ValueType::kZSet) {
    return ctx.Error(errors::kWrongType);
  }
  const ValueType type = e == nullptr ? ValueType::kList : e->value.type();
  if (dontsort && type == ValueType::kSet && store.has_value()) {
    // A set has no order of its own: a stored result is sorted anyway.
    dontsort = false;
    alpha = true;
    by.reset();
  }
  if (type == ValueType::kZSet) {
    ZSetEdit edit(ctx.db(), ctx.arg(1), e->value.zset());
    edit.ConvertToSkiplist();
  }

  int64_t len = 0;
  if (e != nullptr) {
    switch (type) {
      case ValueType::kList: len = static_cast<int64_t>(e->value.list().size()); break;
      case ValueType::kSet: len = static_cast<int64_t>(e->value.set().size()); break;
      case ValueType::kZSet: len = static_cast<int64_t>(e->value.zset().size()); break;
      default: break;
    }
  }
  int64_t start = std::min(std::max<int64_t>(limit_start, 0), len);
  limit_count = std::min(std::max<int64_t>(limit_count, -1), len);
  int64_t end = limit_count < 0 ? len - 1 : start + limit_count - 1;
  if (start >= len) {
    start = len - 1;
    end = len - 2;
  }
  if (end >= len) end = len - 1;

  std::vector<Item> items;
  if (e != nullptr && dontsort &&
      (type == ValueType::kList || type == ValueType::kZSet)) {
    // Native order, LIMIT applied while reading, DESC from the other end.
    if (end >= start) {
      const size_t n = static_cast<size_t>(end - start + 1);
      const size_t size = static_cast<size_t>(len);
      const size_t first = desc ? size - static_cast<size_t>(start) - n
                                : static_cast<size_t>(start);
      if (type == ValueType::kList) {
        const ListValue& l = e->value.list();
        ListValue::Iter it = l.Seek(desc ? first + n - 1 : first);
        for (size_t k = 0; k < n; ++k) {
          items.push_back(Item(std::string(l.Get(it))));
          if (desc) {
            l.Prev(it);
          } else {
            l.Next(it);
          }
        }
      } else {
        e->value.zset().VisitRanks(first, first + n, desc,
                                   [&items](std::string_view m, double) {
                                     items.push_back(Item(std::string(m)));
                                     return true;
                                   });
      }
      end -= start;
      start = 0;
    }
  } else if (e != nullptr) {
    items.reserve(static_cast<size_t>(len));
    if (type == ValueType::kList) {
      const ListValue& l = e->value.list();
      ListValue::Iter it = l.Seek(0);
      do {
        items.push_back(Item(std::string(l.Get(it))));
      } while (l.Next(it));
    } else if (type == ValueType::kSet) {
      e->value.set().ForEach(
          [&items](std::string_view m) { items.push_back(Item(std::string(m))); });
    } else {
      e->value.zset().ForEach([&items](std::string_view m, double) {
        items.push_back(Item(std::string(m)));
      });
    }
  }

  bool conversion_error = false;
  if (!dontsort) {
    for (Item& it : items) {
      std::optional<std::string> weight;
      if (by.has_value()) {
        weight = LookupByPattern(ctx, *by, it.element);
        if (!weight.has_value()) continue;
      } else {
        weight = it.element;
      }
      if (alpha) {
        if (by.has_value()) it.by = std::move(weight);
      } else if (!ParseWeight(*weight, &it.score)) {
        conversion_error = true;
      }
    }
    const bool binary = store.has_value();
    auto compare = [&](const Item& a, const Item& b) {
      int c = 0;
      if (!alpha) {
        if (a.score > b.score) {
          c = 1;
        } else if (a.score < b.score) {
          c = -1;
        } else {
          c = BinaryCompare(a.element, b.element);
        }
      } else if (by.has_value()) {
        if (!a.by.has_value() || !b.by.has_value()) {
          c = a.by.has_value() == b.by.has_value() ? 0
              : !a.by.has_value()                  ? -1
                                                   : 1;
        } else {
          c = binary ? BinaryCompare(*a.by, *b.by)
                     : CStringCompare(*a.by, *b.by);
        }
      } else {
        c = binary ? BinaryCompare(a.element, b.element)
                   : CStringCompare(a.element, b.element);
      }
      return (desc ? -c : c) < 0;
    };
    std::stable_sort(items.begin(), items.end(), compare);
  }

  if (conversion_error) return ctx.Error(errors::kSortScoreNotDouble);
  const size_t count = end >= start ? static_cast<size_t>(end - start + 1) : 0;
  const size_t outlen = gets.empty() ? count : gets.size() * count;
  if (!store.has_value()) {
    ctx.reply().Array(outlen);
    for (size_t k = 0; k < count; ++k) {
      const std::string& element = items[static_cast<size_t>(start) + k].element;
      if (gets.empty()) ctx.reply().Bulk(element);
      for (std::string_view g : gets) {
        const std::optional<std::string> v = LookupByPattern(ctx, g, element);
        if (v.has_value()) {
          ctx.reply().Bulk(*v);
        } else {
          ctx.reply().Null();
        }
      }
    }
    return;
  }
  ListValue result;
  for (size_t k = 0; k < count; ++k) {
    const std::string& element = items[static_cast<size_t>(start) + k].element;
    if (gets.empty()) result.PushBack(element);
    for (std::string_view g : gets) {
      result.PushBack(LookupByPattern(ctx, g, element).value_or(""));
    }
  }
  if (outlen > 0) {
    ctx.db().Set(*store, Value::Of(std::move(result)));
  } else {
    ctx.db().Delete(*store);
  }
  ctx.reply().Integer(static_cast<int64_t>(outlen));
}

}  // namespace

void Sort(CommandContext& ctx) { SortGeneric(ctx, false); }
void SortRo(CommandContext& ctx) { SortGeneric(ctx, true); }

}  // namespace luakv::cmd
