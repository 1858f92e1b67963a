// CommandTable: every command luakv knows, each declared once (see
// command_table.cc), with case-insensitive lookup that allocates nothing.
//
// Thread safety: built once on first use, immutable afterwards; safe to use
// from any thread.

#ifndef LUAKV_ENGINE_COMMAND_TABLE_H_
#define LUAKV_ENGINE_COMMAND_TABLE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
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
  // What a command line runs: the subcommand's spec when argv names a
  // container and a second word, else the command's; null when unknown.
  // Arity is not checked. REQUIRES: argv is not empty.
  const CommandSpec* Resolve(std::span<const std::string_view> argv) const {
    const CommandSpec* spec = Lookup(argv[0]);
    if (spec != nullptr && spec->is_container() && argv.size() >= 2) {
      return FindSubcommand(*spec, argv[1]);
    }
    return spec;
  }
  // The subcommand `sub` (any case) of a container, or null.
  static const CommandSpec* FindSubcommand(const CommandSpec& container,
                                           std::string_view sub);

  // Every top-level command, in table order.
  std::span<const CommandSpec> all() const { return all_; }
  // The position of `spec` in all(), or -1 for a subcommand.
  int IndexOf(const CommandSpec& spec) const {
    const std::less<const CommandSpec*> before;
    if (before(&spec, all_.data()) || !before(&spec, all_.data() + all_.size())) {
      return -1;
    }
    return static_cast<int>(&spec - all_.data());
  }

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
