// The settings CONFIG GET and CONFIG SET know, each one row of a table in
// config.cc. A row names the setting as Redis names it and says how to read
// it from Options and, unless it is immutable, how to parse and apply a new
// value. Adding a setting is one row:
//
//   {"maxmemory", "", GetInt<&Options::maxmemory>,
//    SetInt<&Options::maxmemory, 0, INT64_MAX>},
//
// Settings Redis has but luakv has no use for appear as immutable constants
// when clients commonly ask for them (save, appendonly).

#ifndef LUAKV_ENGINE_CONFIG_H_
#define LUAKV_ENGINE_CONFIG_H_

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "luakv/options.h"

namespace luakv {

struct ConfigParam {
  std::string_view name;
  // A second name Redis accepts for the same setting ("" for none).
  std::string_view alias;
  // The current value as CONFIG GET prints it.
  std::string (*get)(const Options& options);
  // Parses `value` into `options`. Returns nullopt on success, else the
  // reason Redis gives ("argument couldn't be parsed into an integer").
  // Null for an immutable setting.
  std::optional<std::string> (*set)(Options& options, std::string_view value);
};

// Every setting, in table order.
std::span<const ConfigParam> ConfigParams();
// The setting called `name` (or its alias), any case; null when unknown.
const ConfigParam* FindConfigParam(std::string_view name);

}  // namespace luakv

#endif  // LUAKV_ENGINE_CONFIG_H_
