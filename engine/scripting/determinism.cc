#include "engine/scripting/determinism.h"

#include <algorithm>
#include <utility>
#include <vector>

namespace luakv {
namespace {

bool AllStrings(const std::vector<Reply>& elements) {
  return std::all_of(elements.begin(), elements.end(), [](const Reply& e) {
    return e.type() == Reply::Type::kBulk;
  });
}

}  // namespace

bool SortingSink::WriteSorted(ReplySink& out) {
  Reply reply = tree_.Take();
  const Reply::Type type = reply.type();
  const bool aggregate = type == Reply::Type::kArray ||
                         type == Reply::Type::kSet ||
                         type == Reply::Type::kMap;
  if (!aggregate) {  // an error, a null: nothing to order
    reply.WriteTo(out);
    return true;
  }
  std::vector<Reply>& elements = reply.mutable_elements();
  if (!AllStrings(elements)) {
    reply.WriteTo(out);
    return false;
  }
  // Bytewise, as LuaJIT compares strings (Redis sorted with Lua's `<`,
  // which follows the server's collation locale).
  const auto less = [](const Reply& a, const Reply& b) {
    return a.str() < b.str();
  };
  if (!pairs_) {
    std::sort(elements.begin(), elements.end(), less);
  } else {
    // Field/value pairs, ordered by field (fields are unique).
    std::vector<std::pair<Reply, Reply>> pairs;
    pairs.reserve(elements.size() / 2);
    for (size_t i = 0; i + 1 < elements.size(); i += 2) {
      pairs.emplace_back(std::move(elements[i]), std::move(elements[i + 1]));
    }
    std::sort(pairs.begin(), pairs.end(),
              [&](const auto& a, const auto& b) { return less(a.first, b.first); });
    for (size_t i = 0; i < pairs.size(); ++i) {
      elements[2 * i] = std::move(pairs[i].first);
      elements[2 * i + 1] = std::move(pairs[i].second);
    }
  }
  reply.WriteTo(out);
  return true;
}

}  // namespace luakv
