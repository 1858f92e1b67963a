// A fixture for the collection command tests (lists, hashes, sets, sorted
// sets, SORT): replies compared as redis-cli prints them, so an expectation
// reads like a redis-cli session (and was taken from one against Redis 7.0).

#ifndef LUAKV_TESTS_ENGINE_COLLECTION_TEST_H_
#define LUAKV_TESTS_ENGINE_COLLECTION_TEST_H_

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "testing/engine_test.h"

namespace luakv::testing {

class CollectionCommandTest : public EngineTest {
 protected:
  // The reply as redis-cli prints it.
  std::string Cli(std::initializer_list<std::string_view> argv) {
    return Run(argv).ToString();
  }
  std::string Cli(const std::vector<std::string>& argv) {
    return Run(argv).ToString();
  }
  // The same under RESP3 (the session switches back to RESP2 after).
  std::string Cli3(std::initializer_list<std::string_view> argv) {
    session().set_protocol(3);
    std::string out = Run(argv).ToString();
    session().set_protocol(2);
    return out;
  }
  // The raw RESP3 bytes of a reply.
  std::string Resp3(std::initializer_list<std::string_view> argv) {
    session().set_protocol(3);
    std::string out = RunResp(argv);
    session().set_protocol(2);
    return out;
  }
  std::string Encoding(std::string_view key) {
    return Cli({"OBJECT", "ENCODING", key});
  }
};

}  // namespace luakv::testing

#endif  // LUAKV_TESTS_ENGINE_COLLECTION_TEST_H_
