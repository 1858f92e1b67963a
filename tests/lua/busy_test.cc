// Busy functions and the commands served while a script is busy: FCALL
// runs supervised as EVAL does (BUSY, FUNCTION KILL, the time limit,
// rollback), the allow-busy commands answer without waiting, and the
// "Slow script detected" warning reaches Options::script_log once.

#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "lua/script_test.h"

namespace luakv::testing {
namespace {

using std::chrono::milliseconds;

constexpr std::string_view kBusyEval =
    "BUSY Redis is busy running a script. You can only call SCRIPT KILL or "
    "SHUTDOWN NOSAVE.";
constexpr std::string_view kBusyFunction =
    "BUSY Redis is busy running a script. You can only call FUNCTION KILL or "
    "SHUTDOWN NOSAVE.";
constexpr std::string_view kNotBusy =
    "NOTBUSY No scripts in execution right now.";
constexpr std::string_view kLibrary =
    "#!lua name=busy\n"
    "redis.register_function('spin', function(keys, args)\n"
    "  redis.call('SET', 'written', '1')\n"
    "  while true do end\n"
    "end)\n"
    "redis.register_function('fail', function(keys, args)\n"
    "  redis.call('SET', 'written', '1')\n"
    "  error('boom')\n"
    "end)";

// Runs one command on its own session and thread; Join() returns its reply.
class Background {
 public:
  Background(Engine& engine, std::vector<std::string> argv)
      : thread_([&engine, argv = std::move(argv), this] {
          Session session;
          std::vector<std::string_view> views(argv.begin(), argv.end());
          reply_ = engine.Execute(session, views);
        }) {}
  Reply Join() {
    thread_.join();
    return reply_;
  }

 private:
  Reply reply_;
  std::thread thread_;
};

class BusyTest : public ScriptTest {
 protected:
  void SetUpBusy(int threshold_ms = 30) {
    Options options;
    options.busy_reply_threshold_ms = threshold_ms;
    Reset(options);
    ASSERT_THAT(Run({"FUNCTION", "LOAD", kLibrary}), IsBulk("busy"));
  }
  // Waits until the engine answers BUSY (the script is past the threshold).
  void WaitBusy() {
    while (!Run({"PING"}).ToString().starts_with("(error) BUSY")) {
      std::this_thread::sleep_for(milliseconds(5));
    }
  }
};

TEST_F(BusyTest, FunctionKillWithNothingRunning) {
  EXPECT_THAT(Run({"FUNCTION", "KILL"}), IsExactError(kNotBusy));
  EXPECT_THAT(Run({"function", "kill", "x"}),
              IsExactError("ERR wrong number of arguments for "
                           "'function|kill' command"));
  EXPECT_THAT(Eval("return redis.pcall('FUNCTION', 'KILL')['err']"),
              IsBulk("ERR This Redis command is not allowed from script"));
}

TEST_F(BusyTest, FunctionKillStopsABusyFunctionAndRollsItBack) {
  SetUpBusy();
  Background run(engine(), {"FCALL", "spin", "0"});
  WaitBusy();
  EXPECT_THAT(Run({"GET", "written"}), IsExactError(kBusyFunction));
  EXPECT_THAT(Run({"SCRIPT", "KILL"}), IsExactError(kBusyFunction));
  EXPECT_THAT(Run({"FCALL", "spin", "0"}), IsExactError(kBusyFunction));
  // Arity is checked before BUSY, as in Redis.
  EXPECT_THAT(Run({"FUNCTION", "KILL", "x"}),
              IsExactError("ERR wrong number of arguments for "
                           "'function|kill' command"));
  const std::string stats = Run({"FUNCTION", "STATS"}).ToString();
  EXPECT_TRUE(stats.starts_with(
      "1) \"running_script\"\n2) 1) \"name\"\n   2) \"spin\"\n"
      "   3) \"command\"\n   4) 1) \"FCALL\"\n      2) \"spin\"\n"
      "      3) \"0\"\n   5) \"duration_ms\"\n   6) (integer) "))
      << stats;
  EXPECT_NE(stats.find("\"libraries_count\"\n      2) (integer) 1\n"
                       "      3) \"functions_count\"\n      4) (integer) 2"),
            std::string::npos) << stats;
  EXPECT_THAT(Run({"FUNCTION", "KILL"}), IsOk());
  EXPECT_THAT(run.Join(),
              IsExactError("ERR Script killed by user with SCRIPT KILL... "
                           "script: spin, on @user_function:4."));
  EXPECT_THAT(Run({"FUNCTION", "KILL"}), IsExactError(kNotBusy));
  EXPECT_THAT(Run({"GET", "written"}), IsNil());  // rolled back
  const std::string idle = Run({"FUNCTION", "STATS"}).ToString();
  EXPECT_TRUE(idle.starts_with("1) \"running_script\"\n2) (nil)")) << idle;
}

TEST_F(BusyTest, KillOfTheOtherKindAndStatsDuringEval) {
  SetUpBusy();
  Background run(engine(), {"EVAL", "while true do end", "0"});
  WaitBusy();
  EXPECT_THAT(Run({"FUNCTION", "KILL"}), IsExactError(kBusyEval));
  EXPECT_THAT(Run({"FUNCTION", "STATS"}), IsExactError(kBusyEval));
  EXPECT_THAT(Run({"SCRIPT", "KILL"}), IsOk());
  EXPECT_THAT(run.Join(), IsError("ERR Script killed by user with SCRIPT "
                                  "KILL... script: "));
}

TEST_F(BusyTest, EngineKillScriptStopsAFunction) {
  SetUpBusy();
  Background run(engine(), {"FCALL", "spin", "0"});
  while (!engine().KillScript().ok()) std::this_thread::yield();
  EXPECT_THAT(run.Join(), IsError("ERR Script killed by user"));
  EXPECT_THAT(Run({"GET", "written"}), IsNil());
}

TEST_F(BusyTest, FunctionsMeetTheTimeLimitAndRollBack) {
  Options options;
  options.script_time_limit_ms = 50;
  Reset(options);
  ASSERT_THAT(Run({"FUNCTION", "LOAD", kLibrary}), IsBulk("busy"));
  EXPECT_THAT(Run({"FCALL", "spin", "0"}),
              IsExactError("ERR Script exceeded its time limit script: spin, "
                           "on @user_function:4."));
  EXPECT_THAT(Run({"GET", "written"}), IsNil());
  EXPECT_THAT(Run({"FCALL", "fail", "0"}),
              IsExactError("ERR user_function:8: boom script: fail, on "
                           "@user_function:8."));
  EXPECT_THAT(Run({"GET", "written"}), IsNil());
}

TEST_F(BusyTest, AllowBusyCommandsAnswerWhileBusy) {
  SetUpBusy();
  Background run(engine(), {"EVAL", "while true do end", "0"});
  WaitBusy();
  EXPECT_THAT(Run({"PING"}), IsExactError(kBusyEval));
  EXPECT_THAT(Run({"NOSUCH"}), IsError("ERR unknown command 'NOSUCH'"));
  const std::string hello = Run({"HELLO", "2"}).ToString();
  EXPECT_TRUE(hello.starts_with(" 1) \"server\"\n 2) \"redis\"")) << hello;
  EXPECT_THAT(Run({"AUTH", "foo"}),
              IsError("ERR AUTH <password> called without any password"));
  EXPECT_THAT(Run({"QUIT"}), IsOk());
  EXPECT_THAT(Run({"RESET"}), IsStatus("RESET"));
  EXPECT_THAT(Run({"SHUTDOWN", "NOSAVE"}), IsError("ERR "));
  EXPECT_THAT(Run({"SCRIPT", "KILL"}), IsOk());
  EXPECT_THAT(run.Join(), IsError("ERR Script killed by user"));
}

TEST_F(BusyTest, DefaultSessionGetsBusyForSessionCommands) {
  Options options;
  options.busy_reply_threshold_ms = 20;
  options.host_calls_wait_when_busy = false;
  Reset(options);
  Background run(engine(), {"EVAL", "while true do end", "0"});
  WaitBusy();
  EXPECT_THAT(engine().Execute({"HELLO", "3"}), IsExactError(kBusyEval));
  EXPECT_THAT(engine().Execute({"FUNCTION", "STATS"}),
              IsExactError(kBusyEval));
  EXPECT_THAT(engine().Execute({"SCRIPT", "KILL"}), IsOk());
  EXPECT_THAT(run.Join(), IsError("ERR Script killed by user"));
}

TEST_F(BusyTest, SlowScriptIsLoggedOncePerScript) {
  std::mutex mu;
  std::vector<std::pair<int, std::string>> logged;
  Options options;
  options.busy_reply_threshold_ms = 20;
  options.script_time_limit_ms = 120;
  options.script_log = [&](int level, std::string_view message) {
    std::lock_guard<std::mutex> lock(mu);
    logged.emplace_back(level, std::string(message));
  };
  Reset(options);
  const std::string script = "while true do end";
  EXPECT_THAT(Eval(script), IsError("ERR Script exceeded its time limit"));
  ASSERT_EQ(logged.size(), 1u);
  EXPECT_EQ(logged[0].first, 3);
  const std::string& text = logged[0].second;
  EXPECT_TRUE(text.starts_with(
      "Slow script detected: still in execution after "))
      << text;
  EXPECT_TRUE(text.ends_with(
      " milliseconds. You can try killing the script using the SCRIPT KILL "
      "command. Script name is: " + lua::Sha1Hex(script) + "."))
      << text;
  const int ms = std::stoi(text.substr(47));
  EXPECT_GE(ms, 20);
  EXPECT_LT(ms, 120);

  ASSERT_THAT(Run({"FUNCTION", "LOAD", kLibrary}), IsBulk("busy"));
  EXPECT_THAT(Run({"FCALL", "spin", "0"}),
              IsError("ERR Script exceeded its time limit"));
  ASSERT_EQ(logged.size(), 2u);
  EXPECT_TRUE(logged[1].second.ends_with(
      "using the FUNCTION KILL command. Script name is: spin."))
      << logged[1].second;
  // A quick script logs nothing.
  EXPECT_THAT(Eval("return 1"), IsInt(1));
  EXPECT_EQ(logged.size(), 2u);
}

}  // namespace
}  // namespace luakv::testing
