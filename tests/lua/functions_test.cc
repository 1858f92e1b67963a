// Redis Functions (spec §7): the registry through the engine, and FUNCTION
// DUMP payloads moved both ways between luakv and a real redis-server 7.0.
// Expected texts are redis-server 7.0.15's (most behaviour is also covered
// by differential/cases/functions.txt).

#include <memory>
#include <string>

#include "engine/scripting/function_dump.h"
#include "testing/engine_test.h"
#include "testing/redis_server.h"
#include "testing/resp_client.h"

namespace luakv::testing {
namespace {

using ::testing::HasSubstr;

constexpr std::string_view kLib =
    "#!lua name=mylib\n"
    "local function pad(s) return '<' .. s .. '>' end\n"
    "redis.register_function('wrap', function(keys, args) return pad(args[1]) end)\n"
    "redis.register_function{function_name='getk', callback=function(keys) "
    "return redis.call('get', keys[1]) end, flags={'no-writes'}, "
    "description='reads a key'}\n"
    // Long and repetitive, so that Redis stores it LZF-compressed.
    "-- padding padding padding padding padding padding padding padding\n";

class Functions : public EngineTest {};

TEST_F(Functions, LoadCallAndList) {
  EXPECT_THAT(Run({"FUNCTION", "LOAD", kLib}), IsBulk("mylib"));
  EXPECT_THAT(Run({"FCALL", "wrap", "0", "x"}), IsBulk("<x>"));
  EXPECT_THAT(Run({"SET", "k", "v"}), IsOk());
  EXPECT_THAT(Run({"FCALL_RO", "GETK", "1", "k"}), IsBulk("v"));
  EXPECT_THAT(Run({"FCALL_RO", "wrap", "0", "x"}),
              IsExactError("ERR Can not execute a script with write flag "
                           "using *_ro command."));
  Reply list = Run({"FUNCTION", "LIST", "WITHCODE"});
  ASSERT_EQ(list.size(), 1u);
  ASSERT_EQ(list[0].size(), 8u);
  EXPECT_EQ(list[0][1].str(), "mylib");
  EXPECT_EQ(list[0][7].str(), kLib);
}

TEST_F(Functions, FailedReplaceKeepsTheOldLibrary) {
  ASSERT_THAT(Run({"FUNCTION", "LOAD", kLib}), IsBulk("mylib"));
  EXPECT_THAT(
      Run({"FUNCTION", "LOAD", "REPLACE",
           "#!lua name=mylib\nredis.register_function('x', function() end)\n"
           "redis.register_function('x', function() end)"}),
      IsExactError("ERR Error registering functions: ERR Function already "
                   "exists in the library"));
  EXPECT_THAT(Run({"FCALL", "wrap", "0", "y"}), IsBulk("<y>"));
  EXPECT_THAT(Run({"FCALL", "x", "0"}), IsExactError("ERR Function not found"));
}

TEST_F(Functions, RetainedLoadTimeRedisTableCannotRegisterLater) {
  ASSERT_THAT(
      Run({"FUNCTION", "LOAD",
           "#!lua name=r\nlocal r = redis\n"
           "redis.register_function('late', function() "
           "r.register_function('x', function() end) end)"}),
      IsBulk("r"));
  EXPECT_THAT(Run({"FCALL", "late", "0"}),
              IsError("ERR redis.register_function can only be called on "
                      "FUNCTION LOAD command"));
}

TEST_F(Functions, RandomSequenceIsSharedWithEval) {
  // Redis 7.0's one sequence (strict mode restarts it per script).
  Options options;
  options.script_determinism = ScriptDeterminism::kEffects;
  Reset(std::move(options));
  ASSERT_THAT(Run({"FUNCTION", "LOAD",
                   "#!lua name=r\nredis.register_function('rnd', function() "
                   "return tostring(math.random()) end)"}),
              IsBulk("r"));
  // Spec A.5: a fresh server's first two values, across EVAL and FCALL.
  EXPECT_THAT(Run({"EVAL", "return tostring(math.random())", "0"}),
              IsBulk("0.39646477363839"));
  EXPECT_THAT(Run({"FCALL", "rnd", "0"}), IsBulk("0.84048536971234"));
}

TEST_F(Functions, DumpRoundTripsThroughLuakv) {
  ASSERT_THAT(Run({"FUNCTION", "LOAD", kLib}), IsBulk("mylib"));
  const std::string payload = Run({"FUNCTION", "DUMP"}).str();
  EXPECT_THAT(Run({"FUNCTION", "RESTORE", payload}),
              IsExactError("ERR Library mylib already exists"));
  EXPECT_THAT(Run({"FUNCTION", "FLUSH"}), IsOk());
  EXPECT_THAT(Run({"FUNCTION", "RESTORE", payload}), IsOk());
  EXPECT_THAT(Run({"FCALL", "wrap", "0", "z"}), IsBulk("<z>"));
}

TEST(FunctionDump, Crc64MatchesRedis) {
  // Redis's crc64 self-test value.
  EXPECT_EQ(Crc64Jones(0, "123456789"), 0xe9c6d914c4b8d9caULL);
}

TEST(FunctionDump, CorruptPayloadsAreRefused) {
  std::string payload = EncodeFunctionDump({"#!lua name=a\nreturn 1"});
  ASSERT_TRUE(DecodeFunctionDump(payload).ok());
  payload[3] ^= 1;
  EXPECT_EQ(DecodeFunctionDump(payload).status().message(),
            "ERR DUMP payload version or checksum are wrong");
  EXPECT_EQ(DecodeFunctionDump("short").status().message(),
            "ERR DUMP payload version or checksum are wrong");
}

// Reads a RESP bulk string reply's payload.
std::string BulkPayload(const std::string& raw) {
  const size_t crlf = raw.find("\r\n");
  if (raw.empty() || raw[0] != '$' || crlf == std::string::npos) return "";
  const size_t len = std::stoul(raw.substr(1, crlf - 1));
  return raw.substr(crlf + 2, len);
}

class FunctionDumpInterop : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    auto server = RedisServer::Start();
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    auto client = RespClient::Connect(server_->port());
    ASSERT_TRUE(client.ok()) << client.status();
    client_ = std::move(*client);
  }

  std::string Redis(std::initializer_list<std::string> argv) {
    absl::StatusOr<std::string> reply = client_->Command(argv);
    EXPECT_TRUE(reply.ok()) << reply.status();
    return reply.ok() ? *reply : "";
  }

  std::unique_ptr<RedisServer> server_;
  std::unique_ptr<RespClient> client_;
};

TEST_F(FunctionDumpInterop, RedisPayloadRestoresIntoLuakv) {
  ASSERT_EQ(Redis({"FUNCTION", "LOAD", std::string(kLib)}),
            "$5\r\nmylib\r\n");
  const std::string payload = BulkPayload(Redis({"FUNCTION", "DUMP"}));
  ASSERT_FALSE(payload.empty());
  // Redis compressed the code: the payload is shorter than the code.
  EXPECT_LT(payload.size(), kLib.size());
  EXPECT_THAT(Run({"FUNCTION", "RESTORE", payload}), IsOk());
  EXPECT_THAT(Run({"FCALL", "wrap", "0", "a"}), IsBulk("<a>"));
  Reply list = Run({"FUNCTION", "LIST", "WITHCODE"});
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0][7].str(), kLib);
}

TEST_F(FunctionDumpInterop, LuakvPayloadRestoresIntoRedis) {
  ASSERT_THAT(Run({"FUNCTION", "LOAD", kLib}), IsBulk("mylib"));
  ASSERT_THAT(Run({"FUNCTION", "LOAD",
                   "#!lua name=other\nredis.register_function('o', "
                   "function() return 7 end)"}),
              IsBulk("other"));
  const std::string payload = Run({"FUNCTION", "DUMP"}).str();
  EXPECT_EQ(Redis({"FUNCTION", "RESTORE", payload}), "+OK\r\n");
  EXPECT_EQ(Redis({"FCALL", "wrap", "0", "b"}), "$3\r\n<b>\r\n");
  EXPECT_EQ(Redis({"FCALL", "o", "0"}), ":7\r\n");
  // And back again: Redis's dump of what it restored loads here.
  const std::string again = BulkPayload(Redis({"FUNCTION", "DUMP"}));
  EXPECT_THAT(Run({"FUNCTION", "RESTORE", again, "FLUSH"}), IsOk());
  EXPECT_THAT(Run({"FCALL", "o", "0"}), IsInt(7));
}

TEST_F(FunctionDumpInterop, SameBytesForUncompressibleCode) {
  // With code too short to compress, both sides write identical payloads.
  const std::string code =
      "#!lua name=s\nredis.register_function('s', function() return 1 end)";
  ASSERT_EQ(Redis({"FUNCTION", "LOAD", code}), "$1\r\ns\r\n");
  ASSERT_THAT(Run({"FUNCTION", "LOAD", code}), IsBulk("s"));
  EXPECT_EQ(BulkPayload(Redis({"FUNCTION", "DUMP"})),
            Run({"FUNCTION", "DUMP"}).str());
}

}  // namespace
}  // namespace luakv::testing
