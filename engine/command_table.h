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

  // Every script call looks its command up, so the index is a small
  // open-addressing table with a case-folding hash: a probe or two and one
  // comparison, no general-purpose hash map machinery.
  static uint32_t FoldedHash(std::string_view name);

  std::span<const CommandSpec> all_;
  std::vector<const CommandSpec*> slots_;  // power-of-two size, null = free
  size_t mask_ = 0;
  size_t longest_ = 0;
};

}  // namespace luakv

#endif  // LUAKV_ENGINE_COMMAND_TABLE_H_
