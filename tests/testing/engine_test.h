// EngineTest: a fixture with an Engine on a ManualClock, so tests read in
// Redis terms and travel in time instead of sleeping:
//
//   EXPECT_EQ(Run({"SET", "k", "v"}), Reply::Status("OK"));
//   EXPECT_THAT(Run({"INCR", "k"}), IsError("ERR value is not an integer"));
//   clock().AdvanceSeconds(10);

#ifndef LUAKV_TESTS_TESTING_ENGINE_TEST_H_
#define LUAKV_TESTS_TESTING_ENGINE_TEST_H_

#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "luakv/luakv.h"

namespace luakv::testing {

class EngineTest : public ::testing::Test {
 protected:
  EngineTest();
  // Options for the engine; fixtures may override before SetUp.
  void Reset(Options options);

  Reply Run(std::initializer_list<std::string_view> argv) {
    return engine_->Execute(session_,
                            std::span<const std::string_view>(argv.begin(), argv.size()));
  }
  Reply Run(const std::vector<std::string>& argv);
  // The raw RESP bytes of a reply under the session's protocol.
  std::string RunResp(std::initializer_list<std::string_view> argv);

  Engine& engine() { return *engine_; }
  Session& session() { return session_; }
  ManualClock& clock() { return *clock_; }

 private:
  std::shared_ptr<ManualClock> clock_;
  std::unique_ptr<Engine> engine_;
  Session session_;
};

// Matchers: IsOk(), IsInt(3), IsBulk("v"), IsNil(), IsError("ERR ...")
// (IsError matches a prefix of the error text), IsArray({...}).
MATCHER(IsOk, "is +OK") {
  return arg.type() == Reply::Type::kStatus && arg.str() == "OK";
}
MATCHER_P(IsStatus, text, "is status " + std::string(text)) {
  return arg.type() == Reply::Type::kStatus && arg.str() == text;
}
MATCHER_P(IsInt, value, "is (integer) " + std::to_string(value)) {
  return arg.type() == Reply::Type::kInteger && arg.integer() == value;
}
MATCHER_P(IsBulk, value, "is \"" + std::string(value) + "\"") {
  return arg.type() == Reply::Type::kBulk && arg.str() == value;
}
MATCHER(IsNil, "is (nil)") { return arg.is_null(); }
MATCHER_P(IsError, prefix, "is an error starting with " + std::string(prefix)) {
  return arg.is_error() && arg.str().rfind(prefix, 0) == 0;
}
MATCHER_P(IsExactError, text, "is (error) " + std::string(text)) {
  return arg.is_error() && arg.str() == text;
}

// An array of bulk strings.
Reply Bulks(std::initializer_list<std::string_view> items);

}  // namespace luakv::testing

#endif  // LUAKV_TESTS_TESTING_ENGINE_TEST_H_
