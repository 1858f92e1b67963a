#ifndef LUAKV_ENGINE_SCRIPTING_CALL_SITE_CACHE_H_
#define LUAKV_ENGINE_SCRIPTING_CALL_SITE_CACHE_H_

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "engine/command_spec.h"
#include "engine/command_table.h"
#include "keyspace/util/sv_hash.h"

namespace luakv {

// Resolves the command of a redis.call. A script names its commands with
// string constants, which Lua interns, so the same call site passes the same
// name pointer on every run: a slot chosen by that pointer usually holds the
// answer, and one case-insensitive compare with the spec's own name proves
// it (a name equal to it ignoring case resolves to it, whatever string now
// lives at the address). Misses fall back to the command table. One per
// engine, used under the engine's lock.
class CallSiteCache {
 public:
  // The spec DispatchFromScript runs: the subcommand's when argv names a
  // container and a second word, else the command's; null when unknown.
  const CommandSpec* Resolve(std::span<const std::string_view> argv) {
    const std::string_view name = argv[0];
    Slot& slot = slots_[(reinterpret_cast<uintptr_t>(name.data()) >> 4) &
                        (kSlots - 1)];
    const CommandSpec* spec = slot.spec;
    if (spec == nullptr || slot.name != name.data() ||
        !EqualsIgnoreCase(spec->name, name)) {
      spec = CommandTable::Get().Lookup(name);
      if (spec == nullptr) return nullptr;
      slot = {name.data(), spec};
    }
    if (spec->is_container() && argv.size() >= 2) {
      return CommandTable::FindSubcommand(*spec, argv[1]);
    }
    return spec;
  }

 private:
  static constexpr size_t kSlots = 32;
  struct Slot {
    const char* name = nullptr;
    const CommandSpec* spec = nullptr;
  };
  std::array<Slot, kSlots> slots_{};
};

}  // namespace luakv

#endif  // LUAKV_ENGINE_SCRIPTING_CALL_SITE_CACHE_H_
