// Introspection: COMMAND (COUNT, INFO, DOCS, LIST, GETKEYS,
// GETKEYSANDFLAGS, HELP) answered from the command table.
//
// COMMAND INFO rows have Redis 7.0's shape and values: arity, flags,
// first/last/step, ACL categories, tips and subcommands from the command
// table; key specs from Redis 7.0's own (key_specs.h), without their notes.
// A command Redis does not know gets key specs derived from the table's key
// positions and flags. Subcommands are listed in table order (Redis lists
// them in hash order).

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "engine/command_context.h"
#include "engine/command_table.h"
#include "engine/commands/handlers.h"
#include "engine/commands/help.h"
#include "engine/commands/key_specs.h"
#include "engine/errors.h"
#include "keyspace/util/glob.h"
#include "keyspace/util/numbers.h"
#include "keyspace/util/sv_hash.h"

namespace luakv::cmd {
namespace {

// --- COMMAND INFO

// Redis 7.0's flag names, in the order COMMAND INFO lists them; flags Redis
// hides (may_replicate, sentinel, protected, ...) are absent.
struct FlagName {
  uint32_t flag;
  std::string_view name;
};
constexpr FlagName kFlagNames[] = {
    {kWrite, "write"},
    {kReadonly, "readonly"},
    {kDenyOom, "denyoom"},
    {kAdmin, "admin"},
    {kPubsub, "pubsub"},
    {kNoScript, "noscript"},
    {kBlocking, "blocking"},
    {kLoading, "loading"},
    {kStale, "stale"},
    {kSkipMonitor, "skip_monitor"},
    {kSkipSlowlog, "skip_slowlog"},
    {kFast, "fast"},
    {kNoAuth, "no_auth"},
    {kNoMandatoryKeys, "no_mandatory_keys"},
    {kNoAsyncLoading, "no_async_loading"},
    {kNoMulti, "no_multi"},
    {kMovableKeys, "movablekeys"},
    {kAllowBusy, "allow_busy"},
};

constexpr std::string_view kAclNames[] = {
    "keyspace", "read",     "write",     "set",        "sortedset",
    "list",     "hash",     "string",    "bitmap",     "hyperloglog",
    "geo",      "stream",   "pubsub",    "admin",      "fast",
    "slow",     "blocking", "dangerous", "connection", "transaction",
    "scripting"};

bool Movable(const CommandSpec& spec) {
  return spec.has(kMovableKeys) || spec.keys.kind == KeySpec::Kind::kKeyNum;
}

uint32_t EffectiveFlags(const CommandSpec& spec) {
  uint32_t flags = spec.flags;
  if (Movable(spec)) flags |= kMovableKeys;
  return flags;
}

// The table's categories plus the ones Redis implies from the flags.
uint32_t EffectiveAcl(const CommandSpec& spec) {
  uint32_t acl = spec.acl;
  if (spec.has(kWrite)) acl |= kAclWrite;
  if (spec.has(kReadonly) && !(acl & kAclScripting)) acl |= kAclRead;
  if (spec.has(kAdmin)) acl |= kAclAdmin | kAclDangerous;
  if (spec.has(kPubsub)) acl |= kAclPubsub;
  if (spec.has(kFast)) acl |= kAclFast;
  if (spec.has(kBlocking)) acl |= kAclBlocking;
  if (!(acl & kAclFast)) acl |= kAclSlow;
  return acl;
}

std::vector<std::string_view> TipNames(const CommandSpec& spec) {
  std::vector<std::string_view> policies;
  if (spec.has_tip(kRequestPolicyAllShards)) {
    policies.push_back("request_policy:all_shards");
  }
  if (spec.has_tip(kRequestPolicyAllNodes)) {
    policies.push_back("request_policy:all_nodes");
  }
  if (spec.has_tip(kRequestPolicyMultiShard)) {
    policies.push_back("request_policy:multi_shard");
  }
  if (spec.has_tip(kResponsePolicyAllSucceeded)) {
    policies.push_back("response_policy:all_succeeded");
  }
  if (spec.has_tip(kResponsePolicyAggSum)) {
    policies.push_back("response_policy:agg_sum");
  }
  if (spec.has_tip(kResponsePolicyOneSucceeded)) {
    policies.push_back("response_policy:one_succeeded");
  }
  if (spec.has_tip(kResponsePolicyAggLogicalAnd)) {
    policies.push_back("response_policy:agg_logical_and");
  }
  if (spec.has_tip(kResponsePolicySpecial)) {
    policies.push_back("response_policy:special");
  }
  std::vector<std::string_view> order;
  if (spec.has_tip(kNondeterministicOutput)) {
    order.push_back("nondeterministic_output");
  }
  if (spec.has_tip(kNondeterministicOutputOrder)) {
    order.push_back("nondeterministic_output_order");
  }
  // Redis lists the tips in the order of each command's JSON file; in 7.0
  // the nondeterminism tips come first exactly when a policy is "special".
  std::vector<std::string_view> out;
  if (spec.has_tip(kResponsePolicySpecial)) {
    out = order;
    out.insert(out.end(), policies.begin(), policies.end());
  } else {
    out = policies;
    out.insert(out.end(), order.begin(), order.end());
  }
  return out;
}

// The legacy (first, last, step) triple.
void KeyTriple(const CommandSpec& spec, int* first, int* last, int* step) {
  *first = *last = *step = 0;
  if (spec.keys.kind == KeySpec::Kind::kRange) {
    *first = spec.keys.a;
    *last = spec.keys.b;
    *step = spec.keys.step;
  }
}

// The flags Redis gives most keys of such a command: read-only commands
// read (RO access); the others may also change them (RW access update).
std::vector<std::string_view> KeyFlags(const CommandSpec& spec) {
  if (spec.has(kReadonly)) return {"RO", "access"};
  return {"RW", "access", "update"};
}

void WriteFlagSet(ReplySink& out, std::string_view flags) {
  size_t n = 0;
  for (size_t i = 0; i < flags.size(); ++i) n += flags[i] == ' ' ? 1 : 0;
  out.Set(flags.empty() ? 0 : n + 1);
  while (!flags.empty()) {
    const size_t space = flags.find(' ');
    out.Simple(flags.substr(0, space));
    flags = space == std::string_view::npos ? std::string_view()
                                            : flags.substr(space + 1);
  }
}

void WriteRedisKeySpec(ReplySink& out, const RedisKeySpec& k) {
  out.Map(3);
  out.Bulk("flags");
  WriteFlagSet(out, k.flags);
  out.Bulk("begin_search");
  out.Map(2);
  out.Bulk("type");
  switch (k.begin.kind) {
    case RedisKeySpec::Begin::kIndex:
      out.Bulk("index");
      out.Bulk("spec");
      out.Map(1);
      out.Bulk("index");
      out.Integer(k.begin.index);
      break;
    case RedisKeySpec::Begin::kKeyword:
      out.Bulk("keyword");
      out.Bulk("spec");
      out.Map(2);
      out.Bulk("keyword");
      out.Bulk(k.begin.keyword);
      out.Bulk("startfrom");
      out.Integer(k.begin.startfrom);
      break;
    case RedisKeySpec::Begin::kUnknown:
      out.Bulk("unknown");
      out.Bulk("spec");
      out.Map(0);
      break;
  }
  out.Bulk("find_keys");
  out.Map(2);
  out.Bulk("type");
  switch (k.find.kind) {
    case RedisKeySpec::Find::kRange:
      out.Bulk("range");
      out.Bulk("spec");
      out.Map(3);
      out.Bulk("lastkey");
      out.Integer(k.find.a);
      out.Bulk("keystep");
      out.Integer(k.find.b);
      out.Bulk("limit");
      out.Integer(k.find.c);
      break;
    case RedisKeySpec::Find::kKeyNum:
      out.Bulk("keynum");
      out.Bulk("spec");
      out.Map(3);
      out.Bulk("keynumidx");
      out.Integer(k.find.a);
      out.Bulk("firstkey");
      out.Integer(k.find.b);
      out.Bulk("keystep");
      out.Integer(k.find.c);
      break;
    case RedisKeySpec::Find::kUnknown:
      out.Bulk("unknown");
      out.Bulk("spec");
      out.Map(0);
      break;
  }
}

void WriteKeySpecs(ReplySink& out, const CommandSpec& spec,
                   std::string_view fullname) {
  const std::span<const RedisKeySpec> redis = RedisKeySpecsOf(fullname);
  if (!redis.empty()) {
    out.Set(redis.size());
    for (const RedisKeySpec& k : redis) WriteRedisKeySpec(out, k);
    return;
  }
  const KeySpec& k = spec.keys;
  if (k.kind == KeySpec::Kind::kNone) {
    out.Set(0);
    return;
  }
  out.Set(1);
  out.Map(3);
  out.Bulk("flags");
  const std::vector<std::string_view> flags = KeyFlags(spec);
  out.Set(flags.size());
  for (std::string_view f : flags) out.Simple(f);
  out.Bulk("begin_search");
  out.Map(2);
  out.Bulk("type");
  out.Bulk("index");
  out.Bulk("spec");
  out.Map(1);
  out.Bulk("index");
  out.Integer(k.a);
  out.Bulk("find_keys");
  out.Map(2);
  out.Bulk("type");
  if (k.kind == KeySpec::Kind::kRange) {
    out.Bulk("range");
    out.Bulk("spec");
    out.Map(3);
    out.Bulk("lastkey");
    out.Integer(k.b < 0 ? k.b : k.b - k.a);
    out.Bulk("keystep");
    out.Integer(k.step);
    out.Bulk("limit");
    out.Integer(0);
  } else {
    out.Bulk("keynum");
    out.Bulk("spec");
    out.Map(3);
    out.Bulk("keynumidx");
    out.Integer(0);
    out.Bulk("firstkey");
    out.Integer(k.b);
    out.Bulk("keystep");
    out.Integer(k.step);
  }
}

std::string FullName(const CommandSpec* parent, const CommandSpec& spec) {
  if (parent == nullptr) return std::string(spec.name);
  std::string name(parent->name);
  name.push_back('|');
  name.append(spec.name);
  return name;
}

void WriteInfoRow(ReplySink& out, const CommandSpec* parent,
                  const CommandSpec& spec) {
  const std::string fullname = FullName(parent, spec);
  out.Array(10);
  out.Bulk(fullname);
  out.Integer(spec.arity);
  const uint32_t flags = EffectiveFlags(spec);
  size_t nflags = 0;
  for (const FlagName& f : kFlagNames) nflags += (flags & f.flag) ? 1 : 0;
  out.Set(nflags);
  for (const FlagName& f : kFlagNames) {
    if (flags & f.flag) out.Simple(f.name);
  }
  int first, last, step;
  KeyTriple(spec, &first, &last, &step);
  out.Integer(first);
  out.Integer(last);
  out.Integer(step);
  const uint32_t acl = EffectiveAcl(spec);
  size_t nacl = 0;
  for (size_t i = 0; i < std::size(kAclNames); ++i) nacl += (acl >> i) & 1;
  out.Set(nacl);
  for (size_t i = 0; i < std::size(kAclNames); ++i) {
    if ((acl >> i) & 1) out.Simple("@" + std::string(kAclNames[i]));
  }
  // Redis sends tips as bulk strings, unlike flags and categories.
  const std::vector<std::string_view> tips = TipNames(spec);
  out.Set(tips.size());
  for (std::string_view t : tips) out.Bulk(t);
  WriteKeySpecs(out, spec, fullname);
  // No subcommands is an empty set in RESP3; a list of them is an array.
  if (spec.subcommands.empty()) {
    out.Set(0);
  } else {
    out.Array(spec.subcommands.size());
    for (const CommandSpec& sub : spec.subcommands) {
      WriteInfoRow(out, &spec, sub);
    }
  }
}

// "container|sub" or a plain name to its spec (and its container).
const CommandSpec* FindByFullName(std::string_view name,
                                  const CommandSpec** parent) {
  *parent = nullptr;
  const size_t bar = name.find('|');
  if (bar == std::string_view::npos) {
    return CommandTable::Get().Lookup(name);
  }
  const CommandSpec* container =
      CommandTable::Get().Lookup(name.substr(0, bar));
  if (container == nullptr || !container->is_container()) return nullptr;
  *parent = container;
  return CommandTable::FindSubcommand(*container, name.substr(bar + 1));
}

// --- COMMAND DOCS

std::string_view DocGroup(const CommandSpec& spec) {
  const uint32_t acl = spec.acl;
  if (acl & kAclString) return "string";
  if (acl & kAclList) return "list";
  if (acl & kAclHash) return "hash";
  if (acl & kAclSet) return "set";
  if (acl & kAclSortedSet) return "sorted-set";
  if (acl & kAclBitmap) return "bitmap";
  if (acl & kAclHyperLogLog) return "hyperloglog";
  if (acl & kAclGeo) return "geo";
  if (acl & kAclStream) return "stream";
  if (acl & kAclPubsub) return "pubsub";
  if (acl & kAclScripting) return "scripting";
  if (acl & kAclTransaction) return "transactions";
  if (acl & kAclKeyspace) return "generic";
  if (acl & kAclConnection) return "connection";
  return "server";
}

// Minimal documentation: the fields every Redis doc entry has. The table
// keeps no prose, so summary, since and complexity are empty.
void WriteDocs(ReplySink& out, const CommandSpec* parent,
               const CommandSpec& spec) {
  const bool has_subs = spec.is_container();
  out.Map(has_subs ? 5 : 4);
  out.Bulk("summary");
  out.Bulk("");
  out.Bulk("since");
  out.Bulk("");
  out.Bulk("group");
  out.Bulk(DocGroup(parent != nullptr ? *parent : spec));
  out.Bulk("complexity");
  out.Bulk("");
  if (has_subs) {
    out.Bulk("subcommands");
    out.Map(spec.subcommands.size());
    for (const CommandSpec& sub : spec.subcommands) {
      out.Bulk(FullName(&spec, sub));
      WriteDocs(out, &spec, sub);
    }
  }
}

// --- GETKEYS

// Specs flagged variable_flags depend on the arguments; Redis works them
// out per command, as here.
std::string_view ResolveVariableFlags(std::span<const std::string_view> argv,
                                      std::string_view flags) {
  if (flags.find("variable_flags") == std::string_view::npos) return flags;
  auto any_of = [&](std::initializer_list<std::string_view> words) {
    for (size_t i = 2; i < argv.size(); ++i) {
      for (std::string_view w : words) {
        if (EqualsIgnoreCase(argv[i], w)) return true;
      }
    }
    return false;
  };
  if (EqualsIgnoreCase(argv[0], "set")) {
    return any_of({"get"}) ? "RW access update" : "OW update";
  }
  if (EqualsIgnoreCase(argv[0], "bitfield")) {
    return any_of({"set", "incrby"}) ? "RW access update" : "RO access";
  }
  return flags;
}

void GetKeys(CommandContext& ctx, bool with_flags) {
  const std::span<const std::string_view> target = ctx.argv().subspan(2);
  const CommandSpec* parent = CommandTable::Get().Lookup(target[0]);
  const CommandSpec* spec = parent;
  if (spec != nullptr && spec->is_container()) {
    spec = target.size() >= 2 ? CommandTable::FindSubcommand(*spec, target[1])
                              : nullptr;
  } else {
    parent = nullptr;
  }
  if (spec == nullptr) return ctx.Error("ERR Invalid command specified");
  const std::span<const RedisKeySpec> redis =
      RedisKeySpecsOf(FullName(parent, *spec));
  if (redis.empty() && spec->keys.kind == KeySpec::Kind::kNone &&
      !spec->has(kMovableKeys)) {
    return ctx.Error("ERR The command has no key arguments");
  }
  if ((spec->arity > 0 && static_cast<size_t>(spec->arity) != target.size()) ||
      target.size() < static_cast<size_t>(spec->arity < 0 ? -spec->arity : 0)) {
    return ctx.Error("ERR Invalid number of arguments specified for command");
  }
  std::vector<KeyRef> keys = ExtractKeys(parent, *spec, target);
  // Keys found by the table's positions carry the flags derived from the
  // command.
  std::string derived_flags;
  for (std::string_view f : KeyFlags(*spec)) {
    if (!derived_flags.empty()) derived_flags.push_back(' ');
    derived_flags.append(f);
  }
  for (KeyRef& key : keys) {
    key.flags = key.from_table ? derived_flags
                               : ResolveVariableFlags(target, key.flags);
  }
  if (keys.empty()) {
    if (spec->has(kNoMandatoryKeys)) return ctx.reply().Array(0);
    return ctx.Error("ERR Invalid arguments specified for command");
  }
  ctx.reply().Array(keys.size());
  for (const KeyRef& key : keys) {
    if (!with_flags) {
      ctx.reply().Bulk(target[key.pos]);
      continue;
    }
    ctx.reply().Array(2);
    ctx.reply().Bulk(target[key.pos]);
    WriteFlagSet(ctx.reply(), key.flags);
  }
}

}  // namespace

// COMMAND with no subcommand: every command's row.
void Command(CommandContext& ctx) {
  const std::span<const CommandSpec> all = CommandTable::Get().all();
  ctx.reply().Array(all.size());
  for (const CommandSpec& spec : all) WriteInfoRow(ctx.reply(), nullptr, spec);
}

void CommandCount(CommandContext& ctx) {
  ctx.reply().Integer(static_cast<int64_t>(CommandTable::Get().all().size()));
}

void CommandInfo(CommandContext& ctx) {
  if (ctx.argc() == 2) return Command(ctx);
  ctx.reply().Array(ctx.argc() - 2);
  for (size_t i = 2; i < ctx.argc(); ++i) {
    const CommandSpec* parent;
    const CommandSpec* spec = FindByFullName(ctx.arg(i), &parent);
    if (spec == nullptr) {
      ctx.reply().Null();
    } else {
      WriteInfoRow(ctx.reply(), parent, *spec);
    }
  }
}

void CommandDocs(CommandContext& ctx) {
  if (ctx.argc() == 2) {
    const std::span<const CommandSpec> all = CommandTable::Get().all();
    ctx.reply().Map(all.size());
    for (const CommandSpec& spec : all) {
      ctx.reply().Bulk(spec.name);
      WriteDocs(ctx.reply(), nullptr, spec);
    }
    return;
  }
  // Unknown names are left out, as Redis leaves them out.
  std::vector<std::pair<const CommandSpec*, const CommandSpec*>> found;
  for (size_t i = 2; i < ctx.argc(); ++i) {
    const CommandSpec* parent;
    const CommandSpec* spec = FindByFullName(ctx.arg(i), &parent);
    if (spec != nullptr) found.emplace_back(parent, spec);
  }
  ctx.reply().Map(found.size());
  for (const auto& [parent, spec] : found) {
    ctx.reply().Bulk(FullName(parent, *spec));
    WriteDocs(ctx.reply(), parent, *spec);
  }
}

void CommandGetkeys(CommandContext& ctx) { GetKeys(ctx, false); }

void CommandGetkeysandflags(CommandContext& ctx) { GetKeys(ctx, true); }

void CommandList(CommandContext& ctx) {
  enum class Filter {
    kNone,
    kModule,
    kAclCat,
    kPattern
  } filter = Filter::kNone;
  std::string_view value;
  if (ctx.argc() == 5 && EqualsIgnoreCase(ctx.arg(2), "filterby")) {
    value = ctx.arg(4);
    if (EqualsIgnoreCase(ctx.arg(3), "module")) {
      filter = Filter::kModule;
    } else if (EqualsIgnoreCase(ctx.arg(3), "aclcat")) {
      filter = Filter::kAclCat;
    } else if (EqualsIgnoreCase(ctx.arg(3), "pattern")) {
      filter = Filter::kPattern;
    } else {
      return ctx.Error(errors::kSyntax);
    }
  } else if (ctx.argc() != 2) {
    return ctx.Error(errors::kSyntax);
  }
  uint32_t acl_bit = 0;
  if (filter == Filter::kAclCat) {
    for (size_t i = 0; i < std::size(kAclNames); ++i) {
      if (EqualsIgnoreCase(kAclNames[i], value)) acl_bit = 1u << i;
    }
  }
  std::vector<std::string> names;
  auto consider = [&](const CommandSpec* parent, const CommandSpec& spec) {
    std::string name = FullName(parent, spec);
    bool keep = true;
    switch (filter) {
      case Filter::kNone:
        break;
      case Filter::kModule:
        keep = false;
        break;  // no modules
      case Filter::kAclCat:
        keep = (EffectiveAcl(spec) & acl_bit) != 0;
        break;
      case Filter::kPattern:
        keep = GlobMatch(value, name, /*nocase=*/true);
        break;
    }
    if (keep) names.push_back(std::move(name));
  };
  for (const CommandSpec& spec : CommandTable::Get().all()) {
    consider(nullptr, spec);
    for (const CommandSpec& sub : spec.subcommands) consider(&spec, sub);
  }
  ctx.reply().Array(names.size());
  for (const std::string& n : names) ctx.reply().Bulk(n);
}

void CommandHelp(CommandContext& ctx) {
  WriteHelp(ctx.reply(), "COMMAND",
            {"(no subcommand)", "    Return the details of every command.",
             "COUNT", "    Return the number of commands.",
             "LIST [FILTERBY (MODULE <name>|ACLCAT <category>|PATTERN <glob>)]",
             "    Return the names of the commands, optionally filtered.",
             "INFO [<command-name> ...]",
             "    Return the details of the named commands (all when none "
             "is named).",
             "DOCS [<command-name> ...]",
             "    Return the documentation of the named commands (all when "
             "none is named).",
             "GETKEYS <full-command>", "    Return the keys of a full command.",
             "GETKEYSANDFLAGS <full-command>",
             "    Return the keys of a full command and how it uses them."});
}

}  // namespace luakv::cmd
