// Redis 7.0's key specs, command by command: which arguments are keys and
// how the command uses them (RO/RW/OW/RM, access/update/insert/delete, ...).
// COMMAND INFO and COMMAND GETKEYSANDFLAGS report them. The data
// (key_specs_data.inc) is generated from redis-server 7.0.15 by
// gen_key_specs.py, so a command added to the table later already has its
// specs here; the command table's own KeySpec stays what the engine uses.

#ifndef LUAKV_ENGINE_COMMANDS_KEY_SPECS_H_
#define LUAKV_ENGINE_COMMANDS_KEY_SPECS_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

namespace luakv {

struct RedisKeySpec {
  enum class Begin : uint8_t { kIndex, kKeyword, kUnknown };
  enum class Find : uint8_t { kRange, kKeyNum, kUnknown };
  struct BeginSearch {
    Begin kind;
    int16_t index;             // kIndex
    std::string_view keyword;  // kKeyword
    int16_t startfrom;         // kKeyword; negative counts from the end
  };
  struct FindKeys {
    Find kind;
    // kRange: lastkey, keystep, limit. kKeyNum: keynumidx, firstkey, keystep.
    int16_t a, b, c;
  };

  std::string_view command;  // full name: "set", "object|encoding"
  std::string_view flags;    // space-separated, in Redis's order
  BeginSearch begin;
  FindKeys find;
};

// The specs of `fullname` (lower case), in Redis's order; empty when Redis
// 7.0 gives the command none or does not know it.
std::span<const RedisKeySpec> RedisKeySpecsOf(std::string_view fullname);

// The keys of `argv` (the command's own arguments, argv[0] its name) as the
// specs locate them, each with its spec's flags, in spec order. Nullopt when
// a spec cannot be applied (kUnknown) or the arguments do not hold the keys
// it promises.
std::optional<std::vector<std::pair<size_t, std::string_view>>> KeysBySpecs(
    std::span<const RedisKeySpec> specs,
    std::span<const std::string_view> argv);

}  // namespace luakv

#endif  // LUAKV_ENGINE_COMMANDS_KEY_SPECS_H_
