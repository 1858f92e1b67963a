// CommandTable: every command luakv knows, each declared once (see
// command_table.cc), with case-insensitive lookup that allocates nothing.
//
// Thread safety: built once on first use, immutable afterwards; safe to use
// from any thread.

#ifndef LUAKV_ENGINE_COMMAND_TABLE_H_
#define LUAKV_ENGINE_COMMAND_TABLE_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "engine/command_spec.h"
#include "engine/folded_name.h"

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

  // Every command a host or script sends is looked up, so the index is a
  // small open-addressing table keyed by the folded name: a probe or two of
  // word compares, no general-purpose hash map machinery.
  struct Slot {
    FoldedName name;
    const CommandSpec* spec = nullptr;  // null = free
  };
  std::span<const CommandSpec> all_;
  std::vector<Slot> slots_;  // power-of-two size
  size_t mask_ = 0;
};

}  // namespace luakv

#endif  // LUAKV_ENGINE_COMMAND_TABLE_H_
