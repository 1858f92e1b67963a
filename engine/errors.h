// Every error text the engine replies with, spelled as Redis 7.0 spells it,
// with its code and without the leading '-'. Texts with parts are functions.
// The RESP writer adds the '-', the Lua sink turns a text into {err=...}.

#ifndef LUAKV_ENGINE_ERRORS_H_
#define LUAKV_ENGINE_ERRORS_H_

#include <span>
#include <string>
#include <string_view>

namespace luakv::errors {

inline constexpr std::string_view kWrongType =
    "WRONGTYPE Operation against a key holding the wrong kind of value";
inline constexpr std::string_view kNotInteger =
    "ERR value is not an integer or out of range";
inline constexpr std::string_view kNotFloat = "ERR value is not a valid float";
inline constexpr std::string_view kSyntax = "ERR syntax error";
inline constexpr std::string_view kOverflow =
    "ERR increment or decrement would overflow";
inline constexpr std::string_view kNoSuchKey = "ERR no such key";
inline constexpr std::string_view kDbIndexOutOfRange =
    "ERR DB index is out of range";
inline constexpr std::string_view kSameObject =
    "ERR source and destination objects are the same";
inline constexpr std::string_view kIncrFloatNanOrInf =
    "ERR increment would produce NaN or Infinity";
inline constexpr std::string_view kStringTooLong =
    "ERR string exceeds maximum allowed size (proto-max-bulk-len)";
inline constexpr std::string_view kOffsetOutOfRange =
    "ERR offset is out of range";
inline constexpr std::string_view kInvalidCursor = "ERR invalid cursor";
inline constexpr std::string_view kMustBePositive =
    "ERR value is out of range, must be positive";
// getIntFromObjectOrReply on a valid 64-bit integer outside int's range.
inline constexpr std::string_view kIntOutOfRange =
    "ERR value is out of range, value must between -2147483648 and "
    "2147483647";
inline constexpr std::string_view kInvalidFirstDbIndex =
    "ERR invalid first DB index";
inline constexpr std::string_view kInvalidSecondDbIndex =
    "ERR invalid second DB index";
inline constexpr std::string_view kExpireNxIncompatible =
    "ERR NX and XX, GT or LT options at the same time are not compatible";
inline constexpr std::string_view kExpireGtLtIncompatible =
    "ERR GT and LT options at the same time are not compatible";
inline constexpr std::string_view kLfuNotSelected =
    "ERR An LFU maxmemory policy is not selected, access frequency not "
    "tracked. Please note that when switching between policies at runtime "
    "LRU and LFU data will take some time to adjust.";
inline constexpr std::string_view kDecrementOverflow =
    "ERR decrement would overflow";
inline constexpr std::string_view kLcsNotStrings =
    "ERR The specified keys must contain string values";
inline constexpr std::string_view kLcsLenAndIdx =
    "ERR If you want both the length and indexes, please just use IDX.";
inline constexpr std::string_view kLcsTooLong = "ERR String too long for LCS";
inline constexpr std::string_view kLcsTableTooLarge =
    "ERR Insufficient memory, transient memory for LCS exceeds "
    "proto-max-bulk-len";
inline constexpr std::string_view kLcsAllocFailed =
    "ERR Insufficient memory, failed allocating transient memory for LCS";

// Scripting: EVAL family and SCRIPT (spec §4), redis.call rejections (§2.3).
inline constexpr std::string_view kNoScript =
    "NOSCRIPT No matching script. Please use EVAL.";
inline constexpr std::string_view kNumKeysTooLarge =
    "ERR Number of keys can't be greater than number of args";
inline constexpr std::string_view kNumKeysNegative =
    "ERR Number of keys can't be negative";
inline constexpr std::string_view kCompileScriptPrefix =
    "ERR Error compiling script (new function): ";
inline constexpr std::string_view kScriptWriteFlagOnRo =
    "ERR Can not execute a script with write flag using *_ro command.";
// Over Options::maxmemory: a deny-oom command, a script that may write
// without allow-oom, or a deny-oom command inside a script that has not
// written yet.
inline constexpr std::string_view kOom =
    "OOM command not allowed when used memory > 'maxmemory'.";
// Busy scripts and kills (spec §6).
inline constexpr std::string_view kBusyEval =
    "BUSY Redis is busy running a script. You can only call SCRIPT KILL or "
    "SHUTDOWN NOSAVE.";
inline constexpr std::string_view kBusyFunction =
    "BUSY Redis is busy running a script. You can only call FUNCTION KILL "
    "or SHUTDOWN NOSAVE.";
inline constexpr std::string_view kNotBusy =
    "NOTBUSY No scripts in execution right now.";
inline constexpr std::string_view kUnkillable =
    "UNKILLABLE Sorry the script already executed write commands against "
    "the dataset. You can either wait the script termination or kill the "
    "server in a hard way using the SHUTDOWN NOSAVE command.";
// What a killed script ends with (SCRIPT KILL and FUNCTION KILL alike).
inline constexpr std::string_view kScriptKilled =
    "ERR Script killed by user with SCRIPT KILL...";
// Options::script_time_limit_ms (no Redis counterpart).
inline constexpr std::string_view kScriptTimeLimit =
    "ERR Script exceeded its time limit";
inline constexpr std::string_view kScriptFlushOption =
    "ERR SCRIPT FLUSH only support SYNC|ASYNC option";
inline constexpr std::string_view kScriptUnknownCommand =
    "ERR Unknown Redis command called from script";
inline constexpr std::string_view kScriptWrongArity =
    "ERR Wrong number of args calling Redis command from script";
inline constexpr std::string_view kScriptNoScriptCommand =
    "ERR This Redis command is not allowed from script";
inline constexpr std::string_view kScriptWriteInReadOnly =
    "ERR Write commands are not allowed from read-only scripts.";
// Strict determinism (Options::script_determinism): Redis 3.2-6.2's text,
// kept verbatim; redis.replicate_commands() does what it says.
inline constexpr std::string_view kScriptWriteAfterNondeterministic =
    "ERR Write commands not allowed after non deterministic commands. Call "
    "redis.replicate_commands() at the start of your script in order to "
    "switch to single commands replication mode.";
inline constexpr std::string_view kShebangNoNewline =
    "ERR Invalid script shebang";
inline constexpr std::string_view kShebangUnsplittable =
    "ERR Invalid engine in script shebang";
// These three are followed by the offending token.
inline constexpr std::string_view kShebangEnginePrefix =
    "ERR Unexpected engine in script shebang: ";
inline constexpr std::string_view kShebangOptionPrefix =
    "ERR Unknown lua shebang option: ";
inline constexpr std::string_view kShebangFlagPrefix =
    "ERR Unexpected flag in script shebang: ";

// --- Collections (lists, hashes, sets, sorted sets, SORT).
inline constexpr std::string_view kIndexOutOfRange = "ERR index out of range";
inline constexpr std::string_view kLposRankZero =
    "ERR RANK can't be zero: use 1 to start from the first match, 2 from the "
    "second ... or use negative to start from the end of the list";
inline constexpr std::string_view kCountNegative =
    "ERR COUNT can't be negative";
inline constexpr std::string_view kMaxlenNegative =
    "ERR MAXLEN can't be negative";
inline constexpr std::string_view kLimitNegative =
    "ERR LIMIT can't be negative";
inline constexpr std::string_view kNumkeysNotPositive =
    "ERR numkeys should be greater than 0";
inline constexpr std::string_view kCountNotPositive =
    "ERR count should be greater than 0";
inline constexpr std::string_view kNumkeysExceedArgs =
    "ERR Number of keys can't be greater than number of args";
inline constexpr std::string_view kTimeoutNotFloat =
    "ERR timeout is not a float or out of range";
inline constexpr std::string_view kTimeoutNegative = "ERR timeout is negative";
inline constexpr std::string_view kValueOutOfRange = "ERR value is out of range";
inline constexpr std::string_view kHashValueNotInteger =
    "ERR hash value is not an integer";
inline constexpr std::string_view kHashValueNotFloat =
    "ERR hash value is not a float";
inline constexpr std::string_view kValueNanOrInf =
    "ERR value is NaN or Infinity";
inline constexpr std::string_view kScoreNan =
    "ERR resulting score is not a number (NaN)";
inline constexpr std::string_view kZaddXxNx =
    "ERR XX and NX options at the same time are not compatible";
inline constexpr std::string_view kZaddGtLtNx =
    "ERR GT, LT, and/or NX options at the same time are not compatible";
inline constexpr std::string_view kZaddIncrPair =
    "ERR INCR option supports a single increment-element pair";
inline constexpr std::string_view kMinMaxNotFloat =
    "ERR min or max is not a float";
inline constexpr std::string_view kMinMaxNotLex =
    "ERR min or max not valid string range item";
inline constexpr std::string_view kLimitNeedsByScoreOrLex =
    "ERR syntax error, LIMIT is only supported in combination with either "
    "BYSCORE or BYLEX";
inline constexpr std::string_view kWithscoresWithBylex =
    "ERR syntax error, WITHSCORES not supported in combination with BYLEX";
inline constexpr std::string_view kWeightNotFloat =
    "ERR weight value is not a float";
inline constexpr std::string_view kSortScoreNotDouble =
    "ERR One or more scores can't be converted into double";
// "ERR at least 1 input key is needed for 'zunionstore' command"
inline std::string AtLeastOneInputKey(std::string_view command) {
  std::string out = "ERR at least 1 input key is needed for '";
  out.append(command);
  out.append("' command");
  return out;
}

// Cluster checks (Options::cluster_checks), Redis 7.0's texts.
inline constexpr std::string_view kCrossSlot =
    "CROSSSLOT Keys in request don't hash to the same slot";
inline constexpr std::string_view kScriptNonLocalKey =
    "ERR Script attempted to access a non local key in a cluster node";
inline constexpr std::string_view kScriptCrossSlot =
    "ERR Script attempted to access keys that do not hash to the same slot";
inline constexpr std::string_view kScriptNoCluster =
    "ERR Can not run script on cluster, 'no-cluster' flag is set.";
inline constexpr std::string_view kSelectInCluster =
    "ERR SELECT is not allowed in cluster mode";
inline constexpr std::string_view kMoveInCluster =
    "ERR MOVE is not allowed in cluster mode";
inline constexpr std::string_view kSwapdbInCluster =
    "ERR SWAPDB is not allowed in cluster mode";
inline constexpr std::string_view kCopyDbInCluster =
    "ERR Copying to another database is not allowed in cluster mode";

// "ERR wrong number of arguments for 'get' command"; `fullname` is the
// lower-case name, "container|sub" for subcommands.
std::string WrongArity(std::string_view fullname);
// "ERR unknown command 'foo', with args beginning with: 'a' 'b' "
std::string UnknownCommand(std::span<const std::string_view> argv);
// "ERR unknown subcommand 'foo'. Try OBJECT HELP."
std::string UnknownSubcommand(std::string_view container,
                              std::string_view sub);
// "ERR invalid expire time in 'set' command"
std::string InvalidExpireTime(std::string_view command);

// "ERR Unsupported option NX2" (EXPIRE); the option is cut at a NUL byte,
// as Redis's "%s" formatting cuts it.
inline std::string UnsupportedOption(std::string_view option) {
  std::string out = "ERR Unsupported option ";
  out.append(option.substr(0, option.find('\0')));
  return out;
}

// Replaces CR and LF by spaces: error and status texts must stay on one
// line of the protocol (patched Redis 7.0 does the same).
std::string OneLine(std::string_view text);
bool NeedsOneLine(std::string_view text);

}  // namespace luakv::errors

#endif  // LUAKV_ENGINE_ERRORS_H_
