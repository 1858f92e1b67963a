#include "engine/cluster/cluster_check.h"

#include <limits>
#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/cluster/key_slot.h"
#include "engine/command_table.h"
#include "engine/commands/key_specs.h"
#include "engine/errors.h"
#include "engine/scripting/shebang.h"
#include "keyspace/util/numbers.h"
#include "keyspace/util/sv_hash.h"

namespace luakv::cluster {
namespace {

constexpr int kCrossSlots = -2;

// The keys of a resolved command line; `spec` may be a subcommand, whose
// container ExtractKeys needs for its full name.
std::vector<KeyRef> KeysOf(const CommandSpec& spec,
                           std::span<const std::string_view> argv) {
  const CommandSpec* parent = nullptr;
  if (argv.size() >= 2 && &spec != CommandTable::Get().Lookup(argv[0])) {
    parent = CommandTable::Get().Lookup(argv[0]);
  }
  return ExtractKeys(parent, spec, argv);
}

// Redis's getNodeByQuery over one command: the slot of the first key; a
// different key of another slot makes the request cross-slot.
int SlotOfCommand(const CommandSpec& spec,
                  std::span<const std::string_view> argv) {
  const std::vector<KeyRef> keys = KeysOf(spec, argv);
  if (keys.empty()) return -1;
  const std::string_view first = argv[keys.front().pos];
  const int slot = KeySlot(first);
  for (size_t i = 1; i < keys.size(); ++i) {
    const std::string_view key = argv[keys[i].pos];
    if (key != first && KeySlot(key) != slot) return kCrossSlots;
  }
  return slot;
}

// Redis's getIntFromObjectOrReply for an `int`: nullopt where it would
// reply with an error.
std::optional<int> ParseDbIndex(std::string_view arg) {
  const std::optional<int64_t> v = ParseInt64(arg);
  if (!v || *v < std::numeric_limits<int>::min() ||
      *v > std::numeric_limits<int>::max()) {
    return std::nullopt;
  }
  return static_cast<int>(*v);
}

}  // namespace

bool OwnsSlot(const ClusterChecks& checks, int slot) {
  if (checks.owned_slots.empty()) return true;
  for (const ClusterChecks::SlotRange& r : checks.owned_slots) {
    if (slot >= r.first && slot <= r.last) return true;
  }
  return false;
}

int SlotOfKeys(std::span<const std::string_view> keys) {
  if (keys.empty()) return -1;
  const int slot = KeySlot(keys.front());
  for (std::string_view key : keys.subspan(1)) {
    if (key != keys.front() && KeySlot(key) != slot) return kCrossSlots;
  }
  return slot;
}

std::string CommandRefusal(const ClusterChecks& checks, const CommandSpec& spec,
                           std::span<const std::string_view> argv) {
  const int slot = SlotOfCommand(spec, argv);
  if (slot == kCrossSlots) return std::string(errors::kCrossSlot);
  if (slot >= 0 && !OwnsSlot(checks, slot)) {
    return absl::StrCat("MOVED ", slot, " ", checks.moved_to);
  }
  return {};
}

std::string_view DatabaseRefusal(const CommandSpec& spec,
                                 std::span<const std::string_view> argv,
                                 int db, int databases) {
  // Only these four name a database; each refuses at the point of its own
  // argument checks where Redis's does.
  if (spec.name == "select") {
    const std::optional<int> id = ParseDbIndex(argv[1]);
    return id && *id != 0 ? errors::kSelectInCluster : std::string_view();
  }
  if (spec.name == "move") return errors::kMoveInCluster;
  if (spec.name == "swapdb") return errors::kSwapdbInCluster;
  if (spec.name == "copy") {
    int target = db;
    for (size_t i = 3; i < argv.size(); ++i) {
      if (EqualsIgnoreCase(argv[i], "replace")) continue;
      if (!EqualsIgnoreCase(argv[i], "db") || i + 1 >= argv.size()) {
        return {};  // COPY's syntax error
      }
      const std::optional<int> id = ParseDbIndex(argv[++i]);
      if (!id || *id < 0 || *id >= databases) return {};  // COPY's error
      target = *id;
    }
    return db != 0 || target != 0 ? errors::kCopyDbInCluster
                                  : std::string_view();
  }
  return {};
}

std::string ScriptStartRefusal(const ClusterChecks& checks,
                               uint32_t script_flags,
                               std::span<const std::string_view> keys,
                               ScriptSlot& out) {
  // The EVAL or FCALL command is checked first, as any command: its
  // declared keys share one slot the node owns, whatever the flags say.
  const int slot = SlotOfKeys(keys);
  if (slot == kCrossSlots) return std::string(errors::kCrossSlot);
  if (slot >= 0 && !OwnsSlot(checks, slot)) {
    return absl::StrCat("MOVED ", slot, " ", checks.moved_to);
  }
  const bool compat = (script_flags & kScriptCompatMode) != 0;
  if (!compat && (script_flags & kScriptNoCluster) != 0) {
    return std::string(errors::kScriptNoCluster);
  }
  out.slot = slot;
  // Scripts without a shebang keep the rules of Redis before 7.0: any
  // local key, whatever its slot.
  out.cross_slot_allowed =
      compat || (script_flags & kScriptAllowCrossSlot) != 0;
  return {};
}

std::string_view ScriptCallRefusal(const ClusterChecks& checks,
                                   const CommandSpec& spec,
                                   std::span<const std::string_view> argv,
                                   ScriptSlot& state) {
  const int slot = SlotOfCommand(spec, argv);
  // Redis words a cross-slot redis.call as a non-local access.
  if (slot == kCrossSlots || (slot >= 0 && !OwnsSlot(checks, slot))) {
    return errors::kScriptNonLocalKey;
  }
  if (slot >= 0 && !state.cross_slot_allowed) {
    if (state.slot == -1) {
      state.slot = slot;
    } else if (state.slot != slot) {
      return errors::kScriptCrossSlot;
    }
  }
  return {};
}

}  // namespace luakv::cluster
