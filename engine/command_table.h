// CommandTable: every command luakv knows, each declared once (see
// command_table.cc), with case-insensitive lookup that allocates nothing.
//
// Thread safety: built once on first use, immutable afterwards; safe to use
// from any thread.

#ifndef LUAKV_ENGINE_COMMAND_TABLE_H_
#define LUAKV_ENGINE_COMMAND_TABLE_H_

#include <span>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "engine/command_spec.h"
#include "keyspace/util/sv_hash.h"

namespace luakv {

class CommandTable {
 public:
  static const CommandTable& Get();

  // The command named `name` (any case), or null.
  const CommandSpec* Lookup(std::string_view name) const;
  // The subcommand `sub` (any case) of a container, or null.
  static const CommandSpec* FindSubcommand(const CommandSpec& container,
                                           std::string_view sub);

  // Every top-level command, in table order.
  std::span<const CommandSpec> all() const { return all_; }

 private:
  CommandTable();

  std::span<const CommandSpec> all_;
  absl::flat_hash_map<std::string_view, const CommandSpec*,
                      CaseInsensitiveHash, CaseInsensitiveEq>
      by_name_;
};

}  // namespace luakv

#endif  // LUAKV_ENGINE_COMMAND_TABLE_H_
