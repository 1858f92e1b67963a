// Declarations of every command handler; the table in command_table.cc
// points at them, the family files under commands/ define them. The handler
// for FOO is cmd::Foo, for FOO BAR cmd::FooBar.

#ifndef LUAKV_ENGINE_COMMANDS_HANDLERS_H_
#define LUAKV_ENGINE_COMMANDS_HANDLERS_H_

namespace luakv {

class CommandContext;

namespace cmd {

// strings (string.cc)
void Get(CommandContext& ctx);
void Set(CommandContext& ctx);
void Setnx(CommandContext& ctx);
void Setex(CommandContext& ctx);
void Psetex(CommandContext& ctx);
void Mget(CommandContext& ctx);
void Mset(CommandContext& ctx);
void Msetnx(CommandContext& ctx);
void Getset(CommandContext& ctx);
void Getdel(CommandContext& ctx);
void Getex(CommandContext& ctx);
void Append(CommandContext& ctx);
void Strlen(CommandContext& ctx);
void Incr(CommandContext& ctx);
void Decr(CommandContext& ctx);
void Incrby(CommandContext& ctx);
void Decrby(CommandContext& ctx);
void Incrbyfloat(CommandContext& ctx);
void Getrange(CommandContext& ctx);
void Setrange(CommandContext& ctx);
void Substr(CommandContext& ctx);
void Lcs(CommandContext& ctx);

// keys and databases (keys.cc)
void Del(CommandContext& ctx);
void Unlink(CommandContext& ctx);
void Exists(CommandContext& ctx);
void Type(CommandContext& ctx);
void Expire(CommandContext& ctx);
void Pexpire(CommandContext& ctx);
void Expireat(CommandContext& ctx);
void Pexpireat(CommandContext& ctx);
void Ttl(CommandContext& ctx);
void Pttl(CommandContext& ctx);
void Expiretime(CommandContext& ctx);
void Pexpiretime(CommandContext& ctx);
void Persist(CommandContext& ctx);
void Rename(CommandContext& ctx);
void Renamenx(CommandContext& ctx);
void Keys(CommandContext& ctx);
void Scan(CommandContext& ctx);
void Randomkey(CommandContext& ctx);
void Dbsize(CommandContext& ctx);
void Touch(CommandContext& ctx);
void Copy(CommandContext& ctx);
void Move(CommandContext& ctx);
void Swapdb(CommandContext& ctx);
void Select(CommandContext& ctx);
void Flushdb(CommandContext& ctx);
void Flushall(CommandContext& ctx);
void ObjectIdletime(CommandContext& ctx);
void ObjectHelp(CommandContext& ctx);
void ObjectEncoding(CommandContext& ctx);
void ObjectFreq(CommandContext& ctx);
void ObjectRefcount(CommandContext& ctx);

// server and connection (server.cc)
void Ping(CommandContext& ctx);
void Echo(CommandContext& ctx);
void Time(CommandContext& ctx);
void ConfigGet(CommandContext& ctx);
void ConfigSet(CommandContext& ctx);
void ConfigResetstat(CommandContext& ctx);
void ConfigRewrite(CommandContext& ctx);
void ConfigHelp(CommandContext& ctx);
void Debug(CommandContext& ctx);

// introspection (introspection.cc: COMMAND; info.cc: INFO)
void Command(CommandContext& ctx);
void CommandCount(CommandContext& ctx);
void CommandDocs(CommandContext& ctx);
void CommandGetkeys(CommandContext& ctx);
void CommandGetkeysandflags(CommandContext& ctx);
void CommandHelp(CommandContext& ctx);
void CommandInfo(CommandContext& ctx);
void CommandList(CommandContext& ctx);
void Info(CommandContext& ctx);

// connection, as an embedded session sees it (connection.cc)
void Hello(CommandContext& ctx);
void Auth(CommandContext& ctx);
void ClientGetname(CommandContext& ctx);
void ClientHelp(CommandContext& ctx);
void ClientId(CommandContext& ctx);
void ClientInfo(CommandContext& ctx);
void ClientKill(CommandContext& ctx);
void ClientList(CommandContext& ctx);
void ClientNoEvict(CommandContext& ctx);
void ClientSetname(CommandContext& ctx);
void Quit(CommandContext& ctx);
void Reset(CommandContext& ctx);
void Shutdown(CommandContext& ctx);

// lists (list.cc)
void Lpush(CommandContext& ctx);
void Rpush(CommandContext& ctx);
void Lpushx(CommandContext& ctx);
void Rpushx(CommandContext& ctx);
void Lpop(CommandContext& ctx);
void Rpop(CommandContext& ctx);
void Llen(CommandContext& ctx);
void Lrange(CommandContext& ctx);
void Lindex(CommandContext& ctx);
void Lset(CommandContext& ctx);
void Linsert(CommandContext& ctx);
void Lrem(CommandContext& ctx);
void Ltrim(CommandContext& ctx);
void Lpos(CommandContext& ctx);
void Rpoplpush(CommandContext& ctx);
void Lmove(CommandContext& ctx);
void Lmpop(CommandContext& ctx);
void Blpop(CommandContext& ctx);
void Brpop(CommandContext& ctx);
void Blmove(CommandContext& ctx);
void Brpoplpush(CommandContext& ctx);
void Blmpop(CommandContext& ctx);

// hashes (hash.cc)
void Hset(CommandContext& ctx);
void Hsetnx(CommandContext& ctx);
void Hmset(CommandContext& ctx);
void Hget(CommandContext& ctx);
void Hmget(CommandContext& ctx);
void Hdel(CommandContext& ctx);
void Hlen(CommandContext& ctx);
void Hstrlen(CommandContext& ctx);
void Hexists(CommandContext& ctx);
void Hkeys(CommandContext& ctx);
void Hvals(CommandContext& ctx);
void Hgetall(CommandContext& ctx);
void Hincrby(CommandContext& ctx);
void Hincrbyfloat(CommandContext& ctx);
void Hrandfield(CommandContext& ctx);
void Hscan(CommandContext& ctx);

// sets (set.cc)
void Sadd(CommandContext& ctx);
void Srem(CommandContext& ctx);
void Scard(CommandContext& ctx);
void Sismember(CommandContext& ctx);
void Smismember(CommandContext& ctx);
void Smembers(CommandContext& ctx);
void Srandmember(CommandContext& ctx);
void Spop(CommandContext& ctx);
void Smove(CommandContext& ctx);
void Sinter(CommandContext& ctx);
void Sintercard(CommandContext& ctx);
void Sinterstore(CommandContext& ctx);
void Sunion(CommandContext& ctx);
void Sunionstore(CommandContext& ctx);
void Sdiff(CommandContext& ctx);
void Sdiffstore(CommandContext& ctx);
void Sscan(CommandContext& ctx);

// sorted sets (zset.cc, zset_range.cc)
void Zadd(CommandContext& ctx);
void Zincrby(CommandContext& ctx);
void Zrem(CommandContext& ctx);
void Zcard(CommandContext& ctx);
void Zscore(CommandContext& ctx);
void Zmscore(CommandContext& ctx);
void Zrank(CommandContext& ctx);
void Zrevrank(CommandContext& ctx);
void Zcount(CommandContext& ctx);
void Zlexcount(CommandContext& ctx);
void Zrange(CommandContext& ctx);
void Zrangestore(CommandContext& ctx);
void Zrevrange(CommandContext& ctx);
void Zrangebyscore(CommandContext& ctx);
void Zrevrangebyscore(CommandContext& ctx);
void Zrangebylex(CommandContext& ctx);
void Zrevrangebylex(CommandContext& ctx);
void Zremrangebyrank(CommandContext& ctx);
void Zremrangebyscore(CommandContext& ctx);
void Zremrangebylex(CommandContext& ctx);
void Zpopmin(CommandContext& ctx);
void Zpopmax(CommandContext& ctx);
void Bzpopmin(CommandContext& ctx);
void Bzpopmax(CommandContext& ctx);
void Zmpop(CommandContext& ctx);
void Bzmpop(CommandContext& ctx);
void Zrandmember(CommandContext& ctx);
void Zunion(CommandContext& ctx);
void Zunionstore(CommandContext& ctx);
void Zinter(CommandContext& ctx);
void Zinterstore(CommandContext& ctx);
void Zintercard(CommandContext& ctx);
void Zdiff(CommandContext& ctx);
void Zdiffstore(CommandContext& ctx);
void Zscan(CommandContext& ctx);

// SORT (sort.cc)
void Sort(CommandContext& ctx);
void SortRo(CommandContext& ctx);

// scripting (scripting.cc)
void Eval(CommandContext& ctx);
void Evalsha(CommandContext& ctx);
void EvalRo(CommandContext& ctx);
void EvalshaRo(CommandContext& ctx);
void ScriptExists(CommandContext& ctx);
void ScriptFlush(CommandContext& ctx);
void ScriptHelp(CommandContext& ctx);
void ScriptKill(CommandContext& ctx);
void FunctionKill(CommandContext& ctx);
void ScriptLoad(CommandContext& ctx);

// Redis Functions (functions.cc)
void Fcall(CommandContext& ctx);
void FcallRo(CommandContext& ctx);
void FunctionDelete(CommandContext& ctx);
void FunctionDump(CommandContext& ctx);
void FunctionFlush(CommandContext& ctx);
void FunctionHelp(CommandContext& ctx);
void FunctionList(CommandContext& ctx);
void FunctionLoad(CommandContext& ctx);
void FunctionRestore(CommandContext& ctx);
void FunctionStats(CommandContext& ctx);

}  // namespace cmd
}  // namespace luakv

#endif  // LUAKV_ENGINE_COMMANDS_HANDLERS_H_
