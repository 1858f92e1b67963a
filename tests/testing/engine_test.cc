#include "testing/engine_test.h"

namespace luakv::testing {

EngineTest::EngineTest() {
  Reset(Options());
}

void EngineTest::Reset(Options options) {
  clock_ = std::make_shared<ManualClock>();
  options.clock = clock_;
  engine_ = std::make_unique<Engine>(std::move(options));
  session_ = Session();
}

Reply EngineTest::Run(const std::vector<std::string>& argv) {
  std::vector<std::string_view> views(argv.begin(), argv.end());
  return engine_->Execute(session_, views);
}

std::string EngineTest::RunResp(std::initializer_list<std::string_view> argv) {
  std::string out;
  RespWriter writer(&out, session_.protocol());
  engine_->Execute(session_,
                   std::span<const std::string_view>(argv.begin(), argv.size()),
                   writer);
  return out;
}

Reply Bulks(std::initializer_list<std::string_view> items) {
  std::vector<Reply> elements;
  for (std::string_view s : items) elements.push_back(Reply::Bulk(s));
  return Reply::Array(std::move(elements));
}

}  // namespace luakv::testing
