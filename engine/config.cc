#include "engine/config.h"

#include <cstdint>
#include <limits>

#include "keyspace/util/numbers.h"
#include "keyspace/util/sv_hash.h"

namespace luakv {
namespace {

// Readers and writers shared by rows of one kind.

template <auto kField>
std::string GetInt(const Options& o) {
  return std::to_string(o.*kField);
}

template <auto kField, int64_t kMin, int64_t kMax>
std::optional<std::string> SetInt(Options& o, std::string_view value) {
  std::optional<int64_t> v = ParseInt64(value);
  if (!v) return std::string("argument couldn't be parsed into an integer");
  if (*v < kMin || *v > kMax) {
    return "argument must be between " + std::to_string(kMin) + " and " +
           std::to_string(kMax) + " inclusive";
  }
  o.*kField = static_cast<std::remove_reference_t<decltype(o.*kField)>>(*v);
  return std::nullopt;
}

std::string Empty(const Options&) { return ""; }
std::string No(const Options&) { return "no"; }

// clang-format off
constexpr ConfigParam kParams[] = {
  // name         alias  get                          set (null: immutable)
  {"databases",   "",    GetInt<&Options::databases>, nullptr},
  // luakv keeps no data on disk.
  {"save",        "",    Empty,                       nullptr},
  {"appendonly",  "",    No,                          nullptr},
};
// clang-format on

}  // namespace

std::span<const ConfigParam> ConfigParams() { return kParams; }

const ConfigParam* FindConfigParam(std::string_view name) {
  for (const ConfigParam& p : kParams) {
    if (EqualsIgnoreCase(p.name, name) ||
        (!p.alias.empty() && EqualsIgnoreCase(p.alias, name))) {
      return &p;
    }
  }
  return nullptr;
}

}  // namespace luakv
