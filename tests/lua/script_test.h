// ScriptTest: EngineTest plus shorthands for running scripts the way a
// client does (EVAL through the engine) and for comparing the raw RESP bytes
// with what redis-server 7.0 sends.

#ifndef LUAKV_TESTS_LUA_SCRIPT_TEST_H_
#define LUAKV_TESTS_LUA_SCRIPT_TEST_H_

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "lua_bindings/sha1.h"
#include "testing/engine_test.h"

namespace luakv::testing {

class ScriptTest : public EngineTest {
 protected:
  // EVAL script numkeys keys... args...
  Reply Eval(std::string_view script,
             std::initializer_list<std::string_view> keys = {},
             std::initializer_list<std::string_view> args = {}) {
    return Run(EvalArgv(script, keys, args));
  }
  // The raw reply of EVAL under the session's protocol.
  std::string EvalResp(std::string_view script,
                       std::initializer_list<std::string_view> keys = {},
                       std::initializer_list<std::string_view> args = {}) {
    std::vector<std::string> argv = EvalArgv(script, keys, args);
    std::string out;
    RespWriter writer(&out, session().protocol());
    std::vector<std::string_view> views(argv.begin(), argv.end());
    engine().Execute(session(), views, writer);
    return out;
  }
  // The error text a failing script gets after its message.
  static std::string Suffix(std::string_view script, int line = 1) {
    return " script: " + lua::Sha1Hex(script) + ", on @user_script:" +
           std::to_string(line) + ".";
  }
  void UseResp3() { session().set_protocol(3); }

 private:
  static std::vector<std::string> EvalArgv(
      std::string_view script, std::initializer_list<std::string_view> keys,
      std::initializer_list<std::string_view> args) {
    std::vector<std::string> argv = {"EVAL", std::string(script),
                                     std::to_string(keys.size())};
    for (std::string_view k : keys) argv.emplace_back(k);
    for (std::string_view a : args) argv.emplace_back(a);
    return argv;
  }
};

}  // namespace luakv::testing

#endif  // LUAKV_TESTS_LUA_SCRIPT_TEST_H_
