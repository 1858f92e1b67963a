#include "testing/engine_test.h"

namespace luakv::testing {
namespace {

class ServerCommands : public EngineTest {};

TEST_F(ServerCommands, PingRepliesPong) {
  EXPECT_THAT(Run({"PING"}), IsStatus("PONG"));
  EXPECT_THAT(Run({"ping", "hello"}), IsBulk("hello"));
  EXPECT_THAT(Run({"PING", "a", "b"}),
              IsExactError("ERR wrong number of arguments for 'ping' command"));
}

TEST_F(ServerCommands, EchoIsBinarySafe) {
  using namespace std::string_view_literals;
  EXPECT_THAT(Run({"ECHO", "a\0b"sv}), IsBulk(std::string("a\0b", 3)));
  EXPECT_THAT(Run({"ECHO"}),
              IsExactError("ERR wrong number of arguments for 'echo' command"));
}

TEST_F(ServerCommands, TimeFollowsTheClock) {
  clock().SetMicros(1700000000123456);
  EXPECT_EQ(Run({"TIME"}), Bulks({"1700000000", "123456"}));
  clock().AdvanceSeconds(5);
  EXPECT_EQ(Run({"TIME"}), Bulks({"1700000005", "123456"}));
}

TEST_F(ServerCommands, UnknownCommandQuotesItsArguments) {
  EXPECT_THAT(Run({"NOPE", "a", "b"}),
              IsExactError("ERR unknown command 'NOPE', with args beginning "
                           "with: 'a' 'b' "));
  EXPECT_THAT(Run({"nope"}),
              IsExactError("ERR unknown command 'nope', with args beginning "
                           "with: "));
}

TEST_F(ServerCommands, UnknownCommandCutsLongArguments) {
  const std::string long_arg(300, 'x');
  Reply r = Run({"NOPE", long_arg, "next"});
  EXPECT_EQ(r.str(), "ERR unknown command 'NOPE', with args beginning with: '" +
                         std::string(128, 'x') + "' ");
}

TEST_F(ServerCommands, CommandNamesAreCaseInsensitive) {
  EXPECT_THAT(Run({"pInG"}), IsStatus("PONG"));
}

TEST_F(ServerCommands, RespEncodingOfReplies) {
  EXPECT_EQ(RunResp({"PING"}), "+PONG\r\n");
  EXPECT_EQ(RunResp({"ECHO", "hi"}), "$2\r\nhi\r\n");
  EXPECT_EQ(RunResp({"NOPE"}),
            "-ERR unknown command 'NOPE', with args beginning with: \r\n");
}

}  // namespace
}  // namespace luakv::testing
