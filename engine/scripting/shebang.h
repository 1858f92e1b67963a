// The "#!lua flags=..." first line of an EVAL body (spec §4.4), and the
// flags a script declares with it.
//
// A body that does not start with "#!" runs in compatibility mode (what
// every script before Redis 7 was): it may write, and a read-only command
// (EVAL_RO) only refuses its write commands when they run. A shebang, even
// a bare "#!lua\n", leaves that mode: the script may write unless it says
// no-writes, and EVAL_RO refuses it up front.

#ifndef LUAKV_ENGINE_SCRIPTING_SHEBANG_H_
#define LUAKV_ENGINE_SCRIPTING_SHEBANG_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace luakv {

enum ScriptFlag : uint32_t {
  kScriptNoWrites = 1u << 0,
  kScriptAllowOom = 1u << 1,
  kScriptAllowStale = 1u << 2,
  kScriptNoCluster = 1u << 3,
  kScriptAllowCrossSlot = 1u << 4,
  kScriptCompatMode = 1u << 31,  // no shebang
};

struct Shebang {
  uint32_t flags = kScriptCompatMode;
  // Bytes of the body to drop before compiling: the shebang line without
  // its '\n', so line numbers stay those of the whole body.
  size_t length = 0;
};

// Parses the shebang of `body`. On failure the status message is Redis's
// reply text ("ERR Unexpected flag in script shebang: NO-WRITES").
absl::StatusOr<Shebang> ParseShebang(std::string_view body);

// Splits a line the way Redis's sdssplitargs does: whitespace separates,
// "..." understands \n \r \t \b \a \\ \" and \xHH, '...' only \', and a
// closing quote must be followed by whitespace or the end. Nullopt for an
// unbalanced quote.
std::optional<std::vector<std::string>> SplitArgs(std::string_view line);

}  // namespace luakv

#endif  // LUAKV_ENGINE_SCRIPTING_SHEBANG_H_
