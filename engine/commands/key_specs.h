// Redis 7.0's key specs, command by command: which arguments are keys and
// how the command uses them (RO/RW/OW/RM, access/update/insert/delete, ...).
// COMMAND INFO and COMMAND GETKEYSANDFLAGS report them. The data
// (key_specs_data.inc) is generated from redis-server 7.0.15 by
// gen_key_specs.py, so a command added to the table later already has its
// specs here. ExtractKeys is the one place that says which arguments of a
// command line are keys: COMMAND GETKEYS and the cluster checks both ask it.

#ifndef LUAKV_ENGINE_COMMANDS_KEY_SPECS_H_
#define LUAKV_ENGINE_COMMANDS_KEY_SPECS_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "engine/command_spec.h"

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

// One key of a command line: its index in argv and how the command uses
// it (Redis's key-spec flags, space-separated; empty where Redis's own key
// finder reports none). `from_table`: only the command table's legacy
// positions located the key, and its flags are for the caller to derive.
struct KeyRef {
  size_t pos;
  std::string_view flags;
  bool from_table = false;
};

// The keys of `argv` (the command's own arguments, argv[0] its name) as the
// specs locate them, each with its spec's flags, in spec order, as Redis's
// getKeysUsingKeySpecs does: specs of things that are not keys (not_key) are
// skipped. Nullopt when a spec cannot be applied (kUnknown, incomplete) or
// the arguments do not hold the keys it promises.
std::optional<std::vector<KeyRef>> KeysBySpecs(
    std::span<const RedisKeySpec> specs,
    std::span<const std::string_view> argv);

// The keys of `argv` (argv[0] the command's name; for a subcommand,
// `parent` is its container and argv[1] its name), in order, as Redis 7.0
// finds them: by its key specs; when a spec cannot be applied, by the
// command's own search (SORT and SORT_RO look for STORE; commands with a
// key count read it as atoi() does, so "2x" counts 2, and list a
// destination last); by the command table's positions for a command Redis
// gives no specs. A key count below 1 or beyond the arguments gives no
// keys: the command reports its own error.
// REQUIRES: argv passed the arity check.
std::vector<KeyRef> ExtractKeys(const CommandSpec* parent,
                                const CommandSpec& spec,
                                std::span<const std::string_view> argv);

}  // namespace luakv

#endif  // LUAKV_ENGINE_COMMANDS_KEY_SPECS_H_
