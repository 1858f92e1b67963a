// THE command table: every command luakv knows, one row each, grouped by
// family. The fields follow Redis 7.0's command
// metadata (COMMAND INFO), so a row can be checked against a real server
// (tests/engine/command_table_test.cc does). To add a command: add its row
// here, declare its handler in commands/handlers.h, implement it in
// commands/<family>.cc.

#include "engine/command_table.h"

#include <algorithm>
#include <iterator>

#include "engine/commands/handlers.h"
#include "keyspace/util/sv_hash.h"

namespace luakv {
namespace {

// clang-format off
constexpr CommandSpec kObjectSubcommands[] = {
  {"idletime", cmd::ObjectIdletime, 3, kReadonly, KeySpec::Range(2, 2, 1),
   kAclKeyspace | kAclRead | kAclSlow, kNondeterministicOutput},
  {"help", cmd::ObjectHelp, 2, kLoading | kStale, KeySpec::None(),
   kAclKeyspace | kAclSlow, 0},
  {"encoding", cmd::ObjectEncoding, 3, kReadonly, KeySpec::Range(2, 2, 1),
   kAclKeyspace | kAclRead | kAclSlow, kNondeterministicOutput},
  {"freq", cmd::ObjectFreq, 3, kReadonly, KeySpec::Range(2, 2, 1),
   kAclKeyspace | kAclRead | kAclSlow, kNondeterministicOutput},
  {"refcount", cmd::ObjectRefcount, 3, kReadonly, KeySpec::Range(2, 2, 1),
   kAclKeyspace | kAclRead | kAclSlow, kNondeterministicOutput},
};

// Server and connection containers (commands/introspection.cc,
// commands/server.cc, commands/connection.cc).
constexpr CommandSpec kCommandSubcommands[] = {
  {"count", cmd::CommandCount, 2, kLoading | kStale, KeySpec::None(),
   kAclSlow | kAclConnection, 0},
  {"docs", cmd::CommandDocs, -2, kLoading | kStale, KeySpec::None(),
   kAclSlow | kAclConnection, kNondeterministicOutputOrder},
  {"getkeys", cmd::CommandGetkeys, -4, kLoading | kStale, KeySpec::None(),
   kAclSlow | kAclConnection, 0},
  {"getkeysandflags", cmd::CommandGetkeysandflags, -4, kLoading | kStale, KeySpec::None(),
   kAclSlow | kAclConnection, 0},
  {"help", cmd::CommandHelp, 2, kLoading | kStale, KeySpec::None(),
   kAclSlow | kAclConnection, 0},
  {"info", cmd::CommandInfo, -2, kLoading | kStale, KeySpec::None(),
   kAclSlow | kAclConnection, kNondeterministicOutputOrder},
  {"list", cmd::CommandList, -2, kLoading | kStale, KeySpec::None(),
   kAclSlow | kAclConnection, kNondeterministicOutputOrder},
};
constexpr CommandSpec kConfigSubcommands[] = {
  {"get", cmd::ConfigGet, -3, kAdmin | kNoScript | kLoading | kStale, KeySpec::None(),
   kAclAdmin | kAclSlow | kAclDangerous, 0},
  {"help", cmd::ConfigHelp, 2, kLoading | kStale, KeySpec::None(),
   kAclSlow, 0},
  {"resetstat", cmd::ConfigResetstat, 2, kAdmin | kNoScript | kLoading | kStale, KeySpec::None(),
   kAclAdmin | kAclSlow | kAclDangerous, 0},
  {"rewrite", cmd::ConfigRewrite, 2, kAdmin | kNoScript | kLoading | kStale, KeySpec::None(),
   kAclAdmin | kAclSlow | kAclDangerous, 0},
  {"set", cmd::ConfigSet, -4, kAdmin | kNoScript | kLoading | kStale, KeySpec::None(),
   kAclAdmin | kAclSlow | kAclDangerous, kRequestPolicyAllNodes | kResponsePolicyAllSucceeded},
};
constexpr CommandSpec kClientSubcommands[] = {
  {"getname", cmd::ClientGetname, 2, kNoScript | kLoading | kStale, KeySpec::None(),
   kAclSlow | kAclConnection, 0},
  {"help", cmd::ClientHelp, 2, kLoading | kStale, KeySpec::None(),
   kAclSlow | kAclConnection, 0},
  {"id", cmd::ClientId, 2, kNoScript | kLoading | kStale, KeySpec::None(),
   kAclSlow | kAclConnection, 0},
  {"info", cmd::ClientInfo, 2, kNoScript | kLoading | kStale, KeySpec::None(),
   kAclSlow | kAclConnection, kNondeterministicOutput},
  {"kill", cmd::ClientKill, -3, kAdmin | kNoScript | kLoading | kStale, KeySpec::None(),
   kAclAdmin | kAclSlow | kAclDangerous | kAclConnection, 0},
  {"list", cmd::ClientList, -2, kAdmin | kNoScript | kLoading | kStale, KeySpec::None(),
   kAclAdmin | kAclSlow | kAclDangerous | kAclConnection, kNondeterministicOutput},
  {"no-evict", cmd::ClientNoEvict, 3, kAdmin | kNoScript | kLoading | kStale, KeySpec::None(),
   kAclAdmin | kAclSlow | kAclDangerous | kAclConnection, 0},
  {"setname", cmd::ClientSetname, 3, kNoScript | kLoading | kStale, KeySpec::None(),
   kAclSlow | kAclConnection, 0},
};
// FUNCTION subcommands (commands/functions.cc); FUNCTION KILL comes with
// busy scripts.
constexpr CommandSpec kFunctionSubcommands[] = {
  {"list", cmd::FunctionList, -2, kNoScript, KeySpec::None(),
   kAclSlow | kAclScripting, kNondeterministicOutputOrder},
  {"help", cmd::FunctionHelp, 2, kLoading | kStale, KeySpec::None(),
   kAclSlow | kAclScripting, 0},
  {"delete", cmd::FunctionDelete, 3, kWrite | kNoScript, KeySpec::None(),
   kAclWrite | kAclSlow | kAclScripting, kRequestPolicyAllShards | kResponsePolicyAllSucceeded},
  {"flush", cmd::FunctionFlush, -2, kWrite | kNoScript, KeySpec::None(),
   kAclWrite | kAclSlow | kAclScripting, kRequestPolicyAllShards | kResponsePolicyAllSucceeded},
  {"load", cmd::FunctionLoad, -3, kWrite | kDenyOom | kNoScript, KeySpec::None(),
   kAclWrite | kAclSlow | kAclScripting, kRequestPolicyAllShards | kResponsePolicyAllSucceeded},
  {"restore", cmd::FunctionRestore, -3, kWrite | kDenyOom | kNoScript, KeySpec::None(),
   kAclWrite | kAclSlow | kAclScripting, kRequestPolicyAllShards | kResponsePolicyAllSucceeded},
  {"dump", cmd::FunctionDump, 2, kNoScript, KeySpec::None(),
   kAclSlow | kAclScripting, 0},
  {"stats", cmd::FunctionStats, 2, kNoScript | kAllowBusy, KeySpec::None(),
   kAclSlow | kAclScripting, kNondeterministicOutput | kRequestPolicyAllShards | kResponsePolicySpecial},
  {"kill", cmd::FunctionKill, 2, kNoScript | kAllowBusy, KeySpec::None(),
   kAclSlow | kAclScripting, kRequestPolicyAllShards | kResponsePolicyOneSucceeded},
};

// SCRIPT DEBUG comes with the debugger.
constexpr CommandSpec kScriptSubcommands[] = {
  {"flush", cmd::ScriptFlush, -2, kNoScript, KeySpec::None(),
   kAclSlow | kAclScripting, kRequestPolicyAllNodes | kResponsePolicyAllSucceeded},
  {"exists", cmd::ScriptExists, -3, kNoScript, KeySpec::None(),
   kAclSlow | kAclScripting, kRequestPolicyAllShards | kResponsePolicyAggLogicalAnd},
  {"load", cmd::ScriptLoad, 3, kNoScript | kStale, KeySpec::None(),
   kAclSlow | kAclScripting, kRequestPolicyAllNodes | kResponsePolicyAllSucceeded},
  {"help", cmd::ScriptHelp, 2, kLoading | kStale, KeySpec::None(),
   kAclSlow | kAclScripting, 0},
  {"kill", cmd::ScriptKill, 2, kNoScript | kAllowBusy, KeySpec::None(),
   kAclSlow | kAclScripting, kRequestPolicyAllShards | kResponsePolicyOneSucceeded},
};

constexpr CommandSpec kCommands[] = {
  // --- strings (commands/string.cc)
  {"get", cmd::Get, 2, kReadonly | kFast, KeySpec::Range(1, 1, 1),
   kAclRead | kAclString | kAclFast, 0},
  {"set", cmd::Set, -3, kWrite | kDenyOom, KeySpec::Range(1, 1, 1),
   kAclWrite | kAclString | kAclSlow, 0},
  {"setnx", cmd::Setnx, 3, kWrite | kDenyOom | kFast, KeySpec::Range(1, 1, 1),
   kAclWrite | kAclString | kAclFast, 0},
  {"setex", cmd::Setex, 4, kWrite | kDenyOom, KeySpec::Range(1, 1, 1),
   kAclWrite | kAclString | kAclSlow, 0},
  {"psetex", cmd::Psetex, 4, kWrite | kDenyOom, KeySpec::Range(1, 1, 1),
   kAclWrite | kAclString | kAclSlow, 0},
  {"mget", cmd::Mget, -2, kReadonly | kFast, KeySpec::Range(1, -1, 1),
   kAclRead | kAclString | kAclFast, kRequestPolicyMultiShard},
  {"mset", cmd::Mset, -3, kWrite | kDenyOom, KeySpec::Range(1, -1, 2),
   kAclWrite | kAclString | kAclSlow, kRequestPolicyMultiShard | kResponsePolicyAllSucceeded},
  {"msetnx", cmd::Msetnx, -3, kWrite | kDenyOom, KeySpec::Range(1, -1, 2),
   kAclWrite | kAclString | kAclSlow, kRequestPolicyMultiShard},
  {"getset", cmd::Getset, 3, kWrite | kDenyOom | kFast, KeySpec::Range(1, 1, 1),
   kAclWrite | kAclString | kAclFast, 0},
  {"getdel", cmd::Getdel, 2, kWrite | kFast, KeySpec::Range(1, 1, 1),
   kAclWrite | kAclString | kAclFast, 0},
  {"getex", cmd::Getex, -2, kWrite | kFast, KeySpec::Range(1, 1, 1),
   kAclWrite | kAclString | kAclFast, 0},
  {"append", cmd::Append, 3, kWrite | kDenyOom | kFast, KeySpec::Range(1, 1, 1),
   kAclWrite | kAclString | kAclFast, 0},
  {"strlen", cmd::Strlen, 2, kReadonly | kFast, KeySpec::Range(1, 1, 1),
   kAclRead | kAclString | kAclFast, 0},
  {"incr", cmd::Incr, 2, kWrite | kDenyOom | kFast, KeySpec::Range(1, 1, 1),
   kAclWrite | kAclString | kAclFast, 0},
  {"decr", cmd::Decr, 2, kWrite | kDenyOom | kFast, KeySpec::Range(1, 1, 1),
   kAclWrite | kAclString | kAclFast, 0},
  {"incrby", cmd::Incrby, 3, kWrite | kDenyOom | kFast, KeySpec::Range(1, 1, 1),
   kAclWrite | kAclString | kAclFast, 0},
  {"decrby", cmd::Decrby, 3, kWrite | kDenyOom | kFast, KeySpec::Range(1, 1, 1),
   kAclWrite | kAclString | kAclFast, 0},
  {"incrbyfloat", cmd::Incrbyfloat, 3, kWrite | kDenyOom | kFast, KeySpec::Range(1, 1, 1),
   kAclWrite | kAclString | kAclFast, 0},
  {"getrange", cmd::Getrange, 4, kReadonly, KeySpec::Range(1, 1, 1),
   kAclRead | kAclString | kAclSlow, 0},
  {"setrange", cmd::Setrange, 4, kWrite | kDenyOom, KeySpec::Range(1, 1, 1),
   kAclWrite | kAclString | kAclSlow, 0},
  {"substr", cmd::Substr, 4, kReadonly, KeySpec::Range(1, 1, 1),
   kAclRead | kAclString | kAclSlow, 0},
  {"lcs", cmd::Lcs, -3, kReadonly, KeySpec::Range(1, 2, 1),
   kAclRead | kAclString | kAclSlow, 0},
  // --- keys and databases (commands/keys.cc)
  {"del", cmd::Del, -2, kWrite, KeySpec::Range(1, -1, 1),
   kAclKeyspace | kAclWrite | kAclSlow, kRequestPolicyMultiShard | kResponsePolicyAggSum},
  {"unlink", cmd::Unlink, -2, kWrite | kFast, KeySpec::Range(1, -1, 1),
   kAclKeyspace | kAclWrite | kAclFast, kRequestPolicyMultiShard | kResponsePolicyAggSum},
  {"exists", cmd::Exists, -2, kReadonly | kFast, KeySpec::Range(1, -1, 1),
   kAclKeyspace | kAclRead | kAclFast, kRequestPolicyMultiShard | kResponsePolicyAggSum},
  {"type", cmd::Type, 2, kReadonly | kFast, KeySpec::Range(1, 1, 1),
   kAclKeyspace | kAclRead | kAclFast, 0},
  {"expire", cmd::Expire, -3, kWrite | kFast, KeySpec::Range(1, 1, 1),
   kAclKeyspace | kAclWrite | kAclFast, 0},
  {"pexpire", cmd::Pexpire, -3, kWrite | kFast, KeySpec::Range(1, 1, 1),
   kAclKeyspace | kAclWrite | kAclFast, 0},
  {"expireat", cmd::Expireat, -3, kWrite | kFast, KeySpec::Range(1, 1, 1),
   kAclKeyspace | kAclWrite | kAclFast, 0},
  {"pexpireat", cmd::Pexpireat, -3, kWrite | kFast, KeySpec::Range(1, 1, 1),
   kAclKeyspace | kAclWrite | kAclFast, 0},
  {"ttl", cmd::Ttl, 2, kReadonly | kFast, KeySpec::Range(1, 1, 1),
   kAclKeyspace | kAclRead | kAclFast, kNondeterministicOutput},
  {"pttl", cmd::Pttl, 2, kReadonly | kFast, KeySpec::Range(1, 1, 1),
   kAclKeyspace | kAclRead | kAclFast, kNondeterministicOutput},
  {"expiretime", cmd::Expiretime, 2, kReadonly | kFast, KeySpec::Range(1, 1, 1),
   kAclKeyspace | kAclRead | kAclFast, 0},
  {"pexpiretime", cmd::Pexpiretime, 2, kReadonly | kFast, KeySpec::Range(1, 1, 1),
   kAclKeyspace | kAclRead | kAclFast, 0},
  {"persist", cmd::Persist, 2, kWrite | kFast, KeySpec::Range(1, 1, 1),
   kAclKeyspace | kAclWrite | kAclFast, 0},
  {"rename", cmd::Rename, 3, kWrite, KeySpec::Range(1, 2, 1),
   kAclKeyspace | kAclWrite | kAclSlow, 0},
  {"renamenx", cmd::Renamenx, 3, kWrite | kFast, KeySpec::Range(1, 2, 1),
   kAclKeyspace | kAclWrite | kAclFast, 0},
  {"keys", cmd::Keys, 2, kReadonly, KeySpec::None(),
   kAclKeyspace | kAclRead | kAclSlow | kAclDangerous, kRequestPolicyAllShards | kNondeterministicOutputOrder},
  {"scan", cmd::Scan, -2, kReadonly, KeySpec::None(),
   kAclKeyspace | kAclRead | kAclSlow, kNondeterministicOutput},
  {"randomkey", cmd::Randomkey, 1, kReadonly, KeySpec::None(),
   kAclKeyspace | kAclRead | kAclSlow, kRequestPolicyAllShards | kNondeterministicOutput},
  {"dbsize", cmd::Dbsize, 1, kReadonly | kFast, KeySpec::None(),
   kAclKeyspace | kAclRead | kAclFast, kRequestPolicyAllShards | kResponsePolicyAggSum},
  {"touch", cmd::Touch, -2, kReadonly | kFast, KeySpec::Range(1, -1, 1),
   kAclKeyspace | kAclRead | kAclFast, kRequestPolicyMultiShard | kResponsePolicyAggSum},
  {"copy", cmd::Copy, -3, kWrite | kDenyOom, KeySpec::Range(1, 2, 1),
   kAclKeyspace | kAclWrite | kAclSlow, 0},
  {"move", cmd::Move, 3, kWrite | kFast, KeySpec::Range(1, 1, 1),
   kAclKeyspace | kAclWrite | kAclFast, 0},
  {"swapdb", cmd::Swapdb, 3, kWrite | kFast, KeySpec::None(),
   kAclKeyspace | kAclWrite | kAclFast | kAclDangerous, 0},
  {"select", cmd::Select, 2, kLoading | kStale | kFast, KeySpec::None(),
   kAclFast | kAclConnection, 0},
  {"flushdb", cmd::Flushdb, -1, kWrite, KeySpec::None(),
   kAclKeyspace | kAclWrite | kAclSlow | kAclDangerous, kRequestPolicyAllShards | kResponsePolicyAllSucceeded},
  {"flushall", cmd::Flushall, -1, kWrite, KeySpec::None(),
   kAclKeyspace | kAclWrite | kAclSlow | kAclDangerous, kRequestPolicyAllShards | kResponsePolicyAllSucceeded},
  {"object", nullptr, -2, 0, KeySpec::None(), kAclSlow, 0,
   kObjectSubcommands},
  // --- lists (commands/list.cc). The blocking forms never block (see
  // list.cc).
  {"lpush", cmd::Lpush, -3, kWrite | kDenyOom | kFast, KeySpec::Range(1, 1, 1),
   kAclWrite | kAclList | kAclFast, 0},
  {"rpush", cmd::Rpush, -3, kWrite | kDenyOom | kFast, KeySpec::Range(1, 1, 1),
   kAclWrite | kAclList | kAclFast, 0},
  {"lpushx", cmd::Lpushx, -3, kWrite | kDenyOom | kFast, KeySpec::Range(1, 1, 1),
   kAclWrite | kAclList | kAclFast, 0},
  {"rpushx", cmd::Rpushx, -3, kWrite | kDenyOom | kFast, KeySpec::Range(1, 1, 1),
   kAclWrite | kAclList | kAclFast, 0},
  {"lpop", cmd::Lpop, -2, kWrite | kFast, KeySpec::Range(1, 1, 1),
   kAclWrite | kAclList | kAclFast, 0},
  {"rpop", cmd::Rpop, -2, kWrite | kFast, KeySpec::Range(1, 1, 1),
   kAclWrite | kAclList | kAclFast, 0},
  {"llen", cmd::Llen, 2, kReadonly | kFast, KeySpec::Range(1, 1, 1),
   kAclRead | kAclList | kAclFast, 0},
  {"lrange", cmd::Lrange, 4, kReadonly, KeySpec::Range(1, 1, 1),
   kAclRead | kAclList | kAclSlow, 0},
  {"lindex", cmd::Lindex, 3, kReadonly, KeySpec::Range(1, 1, 1),
   kAclRead | kAclList | kAclSlow, 0},
  {"lset", cmd::Lset, 4, kWrite | kDenyOom, KeySpec::Range(1, 1, 1),
   kAclWrite | kAclList | kAclSlow, 0},
  {"linsert", cmd::Linsert, 5, kWrite | kDenyOom, KeySpec::Range(1, 1, 1),
   kAclWrite | kAclList | kAclSlow, 0},
  {"lrem", cmd::Lrem, 4, kWrite, KeySpec::Range(1, 1, 1),
   kAclWrite | kAclList | kAclSlow, 0},
  {"ltrim", cmd::Ltrim, 4, kWrite, KeySpec::Range(1, 1, 1),
   kAclWrite | kAclList | kAclSlow, 0},
  {"lpos", cmd::Lpos, -3, kReadonly, KeySpec::Range(1, 1, 1),
   kAclRead | kAclList | kAclSlow, 0},
  {"rpoplpush", cmd::Rpoplpush, 3, kWrite | kDenyOom, KeySpec::Range(1, 2, 1),
   kAclWrite | kAclList | kAclSlow, 0},
  {"lmove", cmd::Lmove, 5, kWrite | kDenyOom, KeySpec::Range(1, 2, 1),
   kAclWrite | kAclList | kAclSlow, 0},
  {"lmpop", cmd::Lmpop, -4, kWrite | kMovableKeys, KeySpec::KeyNum(1, 1, 1),
   kAclWrite | kAclList | kAclSlow, 0},
  {"blpop", cmd::Blpop, -3, kWrite | kNoScript | kBlocking, KeySpec::Range(1, -2, 1),
   kAclWrite | kAclList | kAclSlow | kAclBlocking, 0},
  {"brpop", cmd::Brpop, -3, kWrite | kNoScript | kBlocking, KeySpec::Range(1, -2, 1),
   kAclWrite | kAclList | kAclSlow | kAclBlocking, 0},
  {"blmove", cmd::Blmove, 6, kWrite | kDenyOom | kNoScript | kBlocking, KeySpec::Range(1, 2, 1),
   kAclWrite | kAclList | kAclSlow | kAclBlocking, 0},
  {"brpoplpush", cmd::Brpoplpush, 4, kWrite | kDenyOom | kNoScript | kBlocking, KeySpec::Range(1, 2, 1),
   kAclWrite | kAclList | kAclSlow | kAclBlocking, 0},
  {"blmpop", cmd::Blmpop, -5, kWrite | kBlocking | kMovableKeys, KeySpec::KeyNum(2, 1, 1),
   kAclWrite | kAclList | kAclSlow | kAclBlocking, 0},

  // --- hashes (commands/hash.cc)
  {"hset", cmd::Hset, -4, kWrite | kDenyOom | kFast, KeySpec::Range(1, 1, 1),
   kAclWrite | kAclHash | kAclFast, 0},
  {"hsetnx", cmd::Hsetnx, 4, kWrite | kDenyOom | kFast, KeySpec::Range(1, 1, 1),
   kAclWrite | kAclHash | kAclFast, 0},
  {"hmset", cmd::Hmset, -4, kWrite | kDenyOom | kFast, KeySpec::Range(1, 1, 1),
   kAclWrite | kAclHash | kAclFast, 0},
  {"hget", cmd::Hget, 3, kReadonly | kFast, KeySpec::Range(1, 1, 1),
   kAclRead | kAclHash | kAclFast, 0},
  {"hmget", cmd::Hmget, -3, kReadonly | kFast, KeySpec::Range(1, 1, 1),
   kAclRead | kAclHash | kAclFast, 0},
  {"hdel", cmd::Hdel, -3, kWrite | kFast, KeySpec::Range(1, 1, 1),
   kAclWrite | kAclHash | kAclFast, 0},
  {"hlen", cmd::Hlen, 2, kReadonly | kFast, KeySpec::Range(1, 1, 1),
   kAclRead | kAclHash | kAclFast, 0},
  {"hstrlen", cmd::Hstrlen, 3, kReadonly | kFast, KeySpec::Range(1, 1, 1),
   kAclRead | kAclHash | kAclFast, 0},
  {"hexists", cmd::Hexists, 3, kReadonly | kFast, KeySpec::Range(1, 1, 1),
   kAclRead | kAclHash | kAclFast, 0},
  {"hkeys", cmd::Hkeys, 2, kReadonly, KeySpec::Range(1, 1, 1),
   kAclRead | kAclHash | kAclSlow, kNondeterministicOutputOrder},
  {"hvals", cmd::Hvals, 2, kReadonly, KeySpec::Range(1, 1, 1),
   kAclRead | kAclHash | kAclSlow, kNondeterministicOutputOrder},
  {"hgetall", cmd::Hgetall, 2, kReadonly, KeySpec::Range(1, 1, 1),
   kAclRead | kAclHash | kAclSlow, kNondeterministicOutputOrder},
  {"hincrby", cmd::Hincrby, 4, kWrite | kDenyOom | kFast, KeySpec::Range(1, 1, 1),
   kAclWrite | kAclHash | kAclFast, 0},
  {"hincrbyfloat", cmd::Hincrbyfloat, 4, kWrite | kDenyOom | kFast, KeySpec::Range(1, 1, 1),
   kAclWrite | kAclHash | kAclFast, 0},
  {"hrandfield", cmd::Hrandfield, -2, kReadonly, KeySpec::Range(1, 1, 1),
   kAclRead | kAclHash | kAclSlow, kNondeterministicOutput},
  {"hscan", cmd::Hscan, -3, kReadonly, KeySpec::Range(1, 1, 1),
   kAclRead | kAclHash | kAclSlow, kNondeterministicOutput},
  // --- sets (commands/set.cc)
  {"sadd", cmd::Sadd, -3, kWrite | kDenyOom | kFast, KeySpec::Range(1, 1, 1),
   kAclWrite | kAclSet | kAclFast, 0},
  {"srem", cmd::Srem, -3, kWrite | kFast, KeySpec::Range(1, 1, 1),
   kAclWrite | kAclSet | kAclFast, 0},
  {"scard", cmd::Scard, 2, kReadonly | kFast, KeySpec::Range(1, 1, 1),
   kAclRead | kAclSet | kAclFast, 0},
  {"sismember", cmd::Sismember, 3, kReadonly | kFast, KeySpec::Range(1, 1, 1),
   kAclRead | kAclSet | kAclFast, 0},
  {"smismember", cmd::Smismember, -3, kReadonly | kFast, KeySpec::Range(1, 1, 1),
   kAclRead | kAclSet | kAclFast, 0},
  {"smembers", cmd::Smembers, 2, kReadonly, KeySpec::Range(1, 1, 1),
   kAclRead | kAclSet | kAclSlow, kNondeterministicOutputOrder},
  {"srandmember", cmd::Srandmember, -2, kReadonly, KeySpec::Range(1, 1, 1),
   kAclRead | kAclSet | kAclSlow, kNondeterministicOutput},
  {"spop", cmd::Spop, -2, kWrite | kFast, KeySpec::Range(1, 1, 1),
   kAclWrite | kAclSet | kAclFast, kNondeterministicOutput},
  {"smove", cmd::Smove, 4, kWrite | kFast, KeySpec::Range(1, 2, 1),
   kAclWrite | kAclSet | kAclFast, 0},
  {"sinter", cmd::Sinter, -2, kReadonly, KeySpec::Range(1, -1, 1),
   kAclRead | kAclSet | kAclSlow, kNondeterministicOutputOrder},
  {"sintercard", cmd::Sintercard, -3, kReadonly | kMovableKeys, KeySpec::KeyNum(1, 1, 1),
   kAclRead | kAclSet | kAclSlow, 0},
  {"sinterstore", cmd::Sinterstore, -3, kWrite | kDenyOom, KeySpec::Range(1, -1, 1),
   kAclWrite | kAclSet | kAclSlow, 0},
  {"sunion", cmd::Sunion, -2, kReadonly, KeySpec::Range(1, -1, 1),
   kAclRead | kAclSet | kAclSlow, kNondeterministicOutputOrder},
  {"sunionstore", cmd::Sunionstore, -3, kWrite | kDenyOom, KeySpec::Range(1, -1, 1),
   kAclWrite | kAclSet | kAclSlow, 0},
  {"sdiff", cmd::Sdiff, -2, kReadonly, KeySpec::Range(1, -1, 1),
   kAclRead | kAclSet | kAclSlow, kNondeterministicOutputOrder},
  {"sdiffstore", cmd::Sdiffstore, -3, kWrite | kDenyOom, KeySpec::Range(1, -1, 1),
   kAclWrite | kAclSet | kAclSlow, 0},
  {"sscan", cmd::Sscan, -3, kReadonly, KeySpec::Range(1, 1, 1),
   kAclRead | kAclSet | kAclSlow, kNondeterministicOutput},
  // --- sorted sets (commands/zset.cc, zset_range.cc). Z*STORE hold their
  // destination's legacy key range; their source keys need kMovableKeys.
  {"zadd", cmd::Zadd, -4, kWrite | kDenyOom | kFast, KeySpec::Range(1, 1, 1),
   kAclWrite | kAclSortedSet | kAclFast, 0},
  {"zincrby", cmd::Zincrby, 4, kWrite | kDenyOom | kFast, KeySpec::Range(1, 1, 1),
   kAclWrite | kAclSortedSet | kAclFast, 0},
  {"zrem", cmd::Zrem, -3, kWrite | kFast, KeySpec::Range(1, 1, 1),
   kAclWrite | kAclSortedSet | kAclFast, 0},
  {"zcard", cmd::Zcard, 2, kReadonly | kFast, KeySpec::Range(1, 1, 1),
   kAclRead | kAclSortedSet | kAclFast, 0},
  {"zscore", cmd::Zscore, 3, kReadonly | kFast, KeySpec::Range(1, 1, 1),
   kAclRead | kAclSortedSet | kAclFast, 0},
  {"zmscore", cmd::Zmscore, -3, kReadonly | kFast, KeySpec::Range(1, 1, 1),
   kAclRead | kAclSortedSet | kAclFast, 0},
  {"zrank", cmd::Zrank, 3, kReadonly | kFast, KeySpec::Range(1, 1, 1),
   kAclRead | kAclSortedSet | kAclFast, 0},
  {"zrevrank", cmd::Zrevrank, 3, kReadonly | kFast, KeySpec::Range(1, 1, 1),
   kAclRead | kAclSortedSet | kAclFast, 0},
  {"zcount", cmd::Zcount, 4, kReadonly | kFast, KeySpec::Range(1, 1, 1),
   kAclRead | kAclSortedSet | kAclFast, 0},
  {"zlexcount", cmd::Zlexcount, 4, kReadonly | kFast, KeySpec::Range(1, 1, 1),
   kAclRead | kAclSortedSet | kAclFast, 0},
  {"zrange", cmd::Zrange, -4, kReadonly, KeySpec::Range(1, 1, 1),
   kAclRead | kAclSortedSet | kAclSlow, 0},
  {"zrangestore", cmd::Zrangestore, -5, kWrite | kDenyOom, KeySpec::Range(1, 2, 1),
   kAclWrite | kAclSortedSet | kAclSlow, 0},
  {"zrevrange", cmd::Zrevrange, -4, kReadonly, KeySpec::Range(1, 1, 1),
   kAclRead | kAclSortedSet | kAclSlow, 0},
  {"zrangebyscore", cmd::Zrangebyscore, -4, kReadonly, KeySpec::Range(1, 1, 1),
   kAclRead | kAclSortedSet | kAclSlow, 0},
  {"zrevrangebyscore", cmd::Zrevrangebyscore, -4, kReadonly, KeySpec::Range(1, 1, 1),
   kAclRead | kAclSortedSet | kAclSlow, 0},
  {"zrangebylex", cmd::Zrangebylex, -4, kReadonly, KeySpec::Range(1, 1, 1),
   kAclRead | kAclSortedSet | kAclSlow, 0},
  {"zrevrangebylex", cmd::Zrevrangebylex, -4, kReadonly, KeySpec::Range(1, 1, 1),
   kAclRead | kAclSortedSet | kAclSlow, 0},
  {"zremrangebyrank", cmd::Zremrangebyrank, 4, kWrite, KeySpec::Range(1, 1, 1),
   kAclWrite | kAclSortedSet | kAclSlow, 0},
  {"zremrangebyscore", cmd::Zremrangebyscore, 4, kWrite, KeySpec::Range(1, 1, 1),
   kAclWrite | kAclSortedSet | kAclSlow, 0},
  {"zremrangebylex", cmd::Zremrangebylex, 4, kWrite, KeySpec::Range(1, 1, 1),
   kAclWrite | kAclSortedSet | kAclSlow, 0},
  {"zpopmin", cmd::Zpopmin, -2, kWrite | kFast, KeySpec::Range(1, 1, 1),
   kAclWrite | kAclSortedSet | kAclFast, 0},
  {"zpopmax", cmd::Zpopmax, -2, kWrite | kFast, KeySpec::Range(1, 1, 1),
   kAclWrite | kAclSortedSet | kAclFast, 0},
  {"bzpopmin", cmd::Bzpopmin, -3, kWrite | kNoScript | kBlocking | kFast, KeySpec::Range(1, -2, 1),
   kAclWrite | kAclSortedSet | kAclFast | kAclBlocking, 0},
  {"bzpopmax", cmd::Bzpopmax, -3, kWrite | kNoScript | kBlocking | kFast, KeySpec::Range(1, -2, 1),
   kAclWrite | kAclSortedSet | kAclFast | kAclBlocking, 0},
  {"zmpop", cmd::Zmpop, -4, kWrite | kMovableKeys, KeySpec::KeyNum(1, 1, 1),
   kAclWrite | kAclSortedSet | kAclSlow, 0},
  {"bzmpop", cmd::Bzmpop, -5, kWrite | kBlocking | kMovableKeys, KeySpec::KeyNum(2, 1, 1),
   kAclWrite | kAclSortedSet | kAclSlow | kAclBlocking, 0},
  {"zrandmember", cmd::Zrandmember, -2, kReadonly, KeySpec::Range(1, 1, 1),
   kAclRead | kAclSortedSet | kAclSlow, kNondeterministicOutput},
  {"zunion", cmd::Zunion, -3, kReadonly | kMovableKeys, KeySpec::KeyNum(1, 1, 1),
   kAclRead | kAclSortedSet | kAclSlow, 0},
  {"zunionstore", cmd::Zunionstore, -4, kWrite | kDenyOom | kMovableKeys, KeySpec::Range(1, 1, 1),
   kAclWrite | kAclSortedSet | kAclSlow, 0},
  {"zinter", cmd::Zinter, -3, kReadonly | kMovableKeys, KeySpec::KeyNum(1, 1, 1),
   kAclRead | kAclSortedSet | kAclSlow, 0},
  {"zinterstore", cmd::Zinterstore, -4, kWrite | kDenyOom | kMovableKeys, KeySpec::Range(1, 1, 1),
   kAclWrite | kAclSortedSet | kAclSlow, 0},
  {"zintercard", cmd::Zintercard, -3, kReadonly | kMovableKeys, KeySpec::KeyNum(1, 1, 1),
   kAclRead | kAclSortedSet | kAclSlow, 0},
  {"zdiff", cmd::Zdiff, -3, kReadonly | kMovableKeys, KeySpec::KeyNum(1, 1, 1),
   kAclRead | kAclSortedSet | kAclSlow, 0},
  {"zdiffstore", cmd::Zdiffstore, -4, kWrite | kDenyOom | kMovableKeys, KeySpec::Range(1, 1, 1),
   kAclWrite | kAclSortedSet | kAclSlow, 0},
  {"zscan", cmd::Zscan, -3, kReadonly, KeySpec::Range(1, 1, 1),
   kAclRead | kAclSortedSet | kAclSlow, kNondeterministicOutput},
  // --- SORT (commands/sort.cc). The row holds the sorted key; STORE's key
  // needs kMovableKeys.
  {"sort", cmd::Sort, -2, kWrite | kDenyOom | kMovableKeys, KeySpec::Range(1, 1, 1),
   kAclWrite | kAclSet | kAclSortedSet | kAclList | kAclSlow | kAclDangerous, 0},
  {"sort_ro", cmd::SortRo, -2, kReadonly | kMovableKeys, KeySpec::Range(1, 1, 1),
   kAclRead | kAclSet | kAclSortedSet | kAclList | kAclSlow | kAclDangerous, 0},
  // --- scripting (commands/scripting.cc). may_replicate is one of the
  // flags COMMAND INFO hides.
  {"eval", cmd::Eval, -3, kNoScript | kStale | kSkipMonitor | kMayReplicate | kNoMandatoryKeys,
   KeySpec::KeyNum(2, 1, 1), kAclSlow | kAclScripting, 0},
  {"evalsha", cmd::Evalsha, -3, kNoScript | kStale | kSkipMonitor | kMayReplicate | kNoMandatoryKeys,
   KeySpec::KeyNum(2, 1, 1), kAclSlow | kAclScripting, 0},
  {"eval_ro", cmd::EvalRo, -3, kReadonly | kNoScript | kStale | kSkipMonitor | kNoMandatoryKeys,
   KeySpec::KeyNum(2, 1, 1), kAclSlow | kAclScripting, 0},
  {"evalsha_ro", cmd::EvalshaRo, -3, kReadonly | kNoScript | kStale | kSkipMonitor | kNoMandatoryKeys,
   KeySpec::KeyNum(2, 1, 1), kAclSlow | kAclScripting, 0},
  {"script", nullptr, -2, 0, KeySpec::None(), kAclSlow, 0, kScriptSubcommands},
  {"fcall", cmd::Fcall, -3, kNoScript | kStale | kSkipMonitor | kMayReplicate | kNoMandatoryKeys | kMovableKeys,
   KeySpec::KeyNum(2, 1, 1), kAclSlow | kAclScripting, 0},
  {"fcall_ro", cmd::FcallRo, -3, kReadonly | kNoScript | kStale | kSkipMonitor | kNoMandatoryKeys | kMovableKeys,
   KeySpec::KeyNum(2, 1, 1), kAclSlow | kAclScripting, 0},
  {"function", nullptr, -2, 0, KeySpec::None(), kAclSlow, 0, kFunctionSubcommands},
  // --- server and connection (commands/server.cc, introspection.cc,
  // connection.cc)
  {"ping", cmd::Ping, -1, kFast, KeySpec::None(),
   kAclFast | kAclConnection, kRequestPolicyAllShards | kResponsePolicyAllSucceeded},
  {"echo", cmd::Echo, 2, kLoading | kStale | kFast, KeySpec::None(),
   kAclFast | kAclConnection, 0},
  {"time", cmd::Time, 1, kLoading | kStale | kFast, KeySpec::None(),
   kAclFast, kNondeterministicOutput},
  // COMMAND alone runs cmd::Command; with a subcommand, the sub-table.
  {"command", cmd::Command, -1, kLoading | kStale, KeySpec::None(),
   kAclSlow | kAclConnection, kNondeterministicOutputOrder, kCommandSubcommands},
  {"info", cmd::Info, -1, kLoading | kStale, KeySpec::None(),
   kAclSlow | kAclDangerous, kNondeterministicOutput | kRequestPolicyAllShards | kResponsePolicySpecial},
  {"config", nullptr, -2, 0, KeySpec::None(),
   kAclSlow, 0, kConfigSubcommands},
  {"debug", cmd::Debug, -2, kAdmin | kNoScript | kLoading | kStale, KeySpec::None(),
   kAclAdmin | kAclSlow | kAclDangerous, 0},
  {"hello", cmd::Hello, -1, kNoScript | kLoading | kStale | kFast | kNoAuth | kAllowBusy, KeySpec::None(),
   kAclFast | kAclConnection, 0},
  {"auth", cmd::Auth, -2, kNoScript | kLoading | kStale | kFast | kNoAuth | kAllowBusy, KeySpec::None(),
   kAclFast | kAclConnection, 0},
  {"client", nullptr, -2, 0, KeySpec::None(),
   kAclSlow, 0, kClientSubcommands},
  {"quit", cmd::Quit, -1, kNoScript | kLoading | kStale | kFast | kNoAuth | kAllowBusy, KeySpec::None(),
   kAclFast | kAclConnection, 0},
  {"reset", cmd::Reset, 1, kNoScript | kLoading | kStale | kFast | kNoAuth | kAllowBusy, KeySpec::None(),
   kAclFast | kAclConnection, 0},
  {"shutdown", cmd::Shutdown, -1, kAdmin | kNoScript | kLoading | kStale | kNoMulti | kAllowBusy, KeySpec::None(),
   kAclAdmin | kAclSlow | kAclDangerous, 0},
};
// clang-format on

}  // namespace

const CommandTable& CommandTable::Get() {
  static const CommandTable* table = new CommandTable();
  return *table;
}

// Folding with `| 0x20` maps more than A-Z (e.g. '@' to '`'); names that
// fold alike only share a probe sequence, Lookup still compares properly.
uint32_t CommandTable::FoldedHash(std::string_view name) {
  uint32_t h = static_cast<uint32_t>(name.size());
  for (char c : name) h = h * 31 + (static_cast<unsigned char>(c) | 0x20u);
  return h ^ (h >> 13);
}

CommandTable::CommandTable() : all_(kCommands) {
  size_t size = 16;
  while (size < std::size(kCommands) * 4) size *= 2;
  slots_.assign(size, nullptr);
  mask_ = size - 1;
  for (const CommandSpec& spec : kCommands) {
    size_t i = FoldedHash(spec.name) & mask_;
    while (slots_[i] != nullptr) i = (i + 1) & mask_;
    slots_[i] = &spec;
    longest_ = std::max(longest_, spec.name.size());
  }
}

const CommandSpec* CommandTable::Lookup(std::string_view name) const {
  if (name.size() > longest_) return nullptr;
  for (size_t i = FoldedHash(name) & mask_;; i = (i + 1) & mask_) {
    const CommandSpec* spec = slots_[i];
    if (spec == nullptr || EqualsIgnoreCase(spec->name, name)) return spec;
  }
}

const CommandSpec* CommandTable::FindSubcommand(const CommandSpec& container,
                                                std::string_view sub) {
  for (const CommandSpec& spec : container.subcommands) {
    if (EqualsIgnoreCase(spec.name, sub)) return &spec;
  }
  return nullptr;
}

}  // namespace luakv
