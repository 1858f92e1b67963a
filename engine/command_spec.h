// CommandSpec: one row of the command table. Data only: name, handler,
// arity, flags, key positions, ACL categories and tips, spelled as Redis
// 7.0's command metadata spells them. The dispatcher, COMMAND INFO, the
// script rules and cluster key extraction all read these rows; no handler
// repeats what a row says.

#ifndef LUAKV_ENGINE_COMMAND_SPEC_H_
#define LUAKV_ENGINE_COMMAND_SPEC_H_

#include <cstdint>
#include <span>
#include <string_view>

namespace luakv {

class CommandContext;
using CommandHandler = void (*)(CommandContext&);

// Command flags (Redis's command_flags).
enum CommandFlag : uint32_t {
  kWrite = 1u << 0,            // may modify the keyspace
  kReadonly = 1u << 1,         // reads only
  kDenyOom = 1u << 2,          // may grow memory: refused over maxmemory
  kAdmin = 1u << 3,            // administrative
  kPubsub = 1u << 4,
  kNoScript = 1u << 5,         // not allowed from scripts
  kBlocking = 1u << 6,         // may block the caller
  kLoading = 1u << 7,          // allowed while loading data
  kStale = 1u << 8,            // allowed on a stale replica
  kSkipMonitor = 1u << 9,
  kSkipSlowlog = 1u << 10,
  kFast = 1u << 11,            // O(1) or O(log N)
  kNoAuth = 1u << 12,          // allowed before AUTH
  kMayReplicate = 1u << 13,
  kSentinel = 1u << 14,
  kOnlySentinel = 1u << 15,
  kNoMandatoryKeys = 1u << 16,
  kProtected = 1u << 17,
  kNoAsyncLoading = 1u << 18,
  kNoMulti = 1u << 19,
  kMovableKeys = 1u << 20,     // key positions depend on arguments
  kAllowBusy = 1u << 21,       // allowed while a script is busy
};

// Command tips (Redis's command_tips) that matter to behaviour.
enum CommandTip : uint32_t {
  kNondeterministicOutput = 1u << 0,
  kNondeterministicOutputOrder = 1u << 1,
  kRequestPolicyAllShards = 1u << 2,
  kRequestPolicyAllNodes = 1u << 3,
  kRequestPolicyMultiShard = 1u << 4,
  kResponsePolicyAllSucceeded = 1u << 5,
  kResponsePolicyAggSum = 1u << 6,
  kResponsePolicyOneSucceeded = 1u << 7,
  kResponsePolicyAggLogicalAnd = 1u << 8,
  kResponsePolicySpecial = 1u << 9,
};

// ACL categories (Redis's acl_categories, without the implied ones such as
// @read/@write, which are derived from the flags as Redis derives them).
enum AclCategory : uint32_t {
  kAclKeyspace = 1u << 0,
  kAclRead = 1u << 1,
  kAclWrite = 1u << 2,
  kAclSet = 1u << 3,
  kAclSortedSet = 1u << 4,
  kAclList = 1u << 5,
  kAclHash = 1u << 6,
  kAclString = 1u << 7,
  kAclBitmap = 1u << 8,
  kAclHyperLogLog = 1u << 9,
  kAclGeo = 1u << 10,
  kAclStream = 1u << 11,
  kAclPubsub = 1u << 12,
  kAclAdmin = 1u << 13,
  kAclFast = 1u << 14,
  kAclSlow = 1u << 15,
  kAclBlocking = 1u << 16,
  kAclDangerous = 1u << 17,
  kAclConnection = 1u << 18,
  kAclTransaction = 1u << 19,
  kAclScripting = 1u << 20,
};

// Where a command's keys are. Range: argv[first..last] every `step`, `last`
// negative counting from the end (-1 = last argument). KeyNum: argv[numidx]
// holds the key count and the keys start at argv[numidx + first].
struct KeySpec {
  enum class Kind : uint8_t { kNone, kRange, kKeyNum };
  Kind kind = Kind::kNone;
  int16_t a = 0;  // Range: first; KeyNum: index of the count
  int16_t b = 0;  // Range: last; KeyNum: offset of the first key
  int16_t step = 0;

  static constexpr KeySpec None() { return {}; }
  static constexpr KeySpec Range(int first, int last, int step) {
    return {Kind::kRange, static_cast<int16_t>(first),
            static_cast<int16_t>(last), static_cast<int16_t>(step)};
  }
  static constexpr KeySpec KeyNum(int numidx, int first, int step) {
    return {Kind::kKeyNum, static_cast<int16_t>(numidx),
            static_cast<int16_t>(first), static_cast<int16_t>(step)};
  }
};

struct CommandSpec {
  std::string_view name;      // lower case, as COMMAND reports it
  CommandHandler handler;     // null for a container (see subcommands)
  int arity;                  // N: exactly N; -N: at least N (argv[0] counts)
  uint32_t flags;             // CommandFlag bits
  KeySpec keys;
  uint32_t acl;               // AclCategory bits
  uint32_t tips = 0;          // CommandTip bits
  std::span<const CommandSpec> subcommands = {};

  bool has(CommandFlag f) const { return (flags & f) != 0; }
  bool has_tip(CommandTip t) const { return (tips & t) != 0; }
  bool is_container() const { return !subcommands.empty(); }
};

}  // namespace luakv

#endif  // LUAKV_ENGINE_COMMAND_SPEC_H_
