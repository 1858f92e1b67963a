// What a Redis 7.0 Cluster node refuses, for Options::cluster_checks: the
// keys of one command in several hash slots, keys of a slot the node does
// not own, databases other than 0, and scripts that reach keys the way a
// cluster cannot serve. The dispatcher and the script runners call these
// only when the checks are enabled.

#ifndef LUAKV_ENGINE_CLUSTER_CLUSTER_CHECK_H_
#define LUAKV_ENGINE_CLUSTER_CLUSTER_CHECK_H_

#include <span>
#include <string>
#include <string_view>

#include "engine/command_spec.h"
#include "luakv/options.h"

namespace luakv::cluster {

using ClusterChecks = Options::ClusterChecks;

// Whether the node serves `slot`.
bool OwnsSlot(const ClusterChecks& checks, int slot);

// The slot all of `keys` hash to, or -1 for no keys. A key equal to the
// first may repeat; a key of another slot makes the result -2.
int SlotOfKeys(std::span<const std::string_view> keys);

// The refusal (empty: none) a cluster node gives a client's command before
// running it: "CROSSSLOT Keys in request don't hash to the same slot" or
// "MOVED <slot> <moved_to>". `spec` is what `argv` resolved to.
std::string CommandRefusal(const ClusterChecks& checks, const CommandSpec& spec,
                           std::span<const std::string_view> argv);

// The error a command that needs another database gives in cluster mode
// (SELECT n, MOVE, SWAPDB, COPY ... DB n), or empty. Arguments the command
// would reject anyway are left to it, so its own error comes first as in
// Redis. `db` is the caller's current database.
std::string_view DatabaseRefusal(const CommandSpec& spec,
                                 std::span<const std::string_view> argv,
                                 int db, int databases);

// The slot a script is tied to. A script with a shebang and without
// allow-cross-slot-keys may only touch keys of one slot: the slot of its
// declared keys, else of the first key it reaches.
struct ScriptSlot {
  int slot = -1;  // -1: not tied yet
  bool cross_slot_allowed = false;
};

// What a script run checks before it starts (scriptPrepareForRun and the
// check of the EVAL/FCALL command itself): the no-cluster flag, then its
// declared keys. On success fills `out`. `script_flags` are ScriptFlag bits.
std::string ScriptStartRefusal(const ClusterChecks& checks,
                               uint32_t script_flags,
                               std::span<const std::string_view> keys,
                               ScriptSlot& out);

// The refusal of one redis.call under the checks (Redis's
// scriptVerifyClusterState): keys of several slots or of a slot the node
// does not own are "non local"; a key of another slot than the script's is
// refused unless cross-slot access is allowed. Ties the script to the slot
// of the first key it reaches.
std::string_view ScriptCallRefusal(const ClusterChecks& checks,
                                   const CommandSpec& spec,
                                   std::span<const std::string_view> argv,
                                   ScriptSlot& state);

}  // namespace luakv::cluster

#endif  // LUAKV_ENGINE_CLUSTER_CLUSTER_CHECK_H_
