// Fuzzes the command path: the input is split into commands at '\n' and
// into arguments at '\0' (so arguments may hold any other byte), and every
// command runs against one engine with a few keys. Afterwards the engine
// must still answer PING and agree with itself about its key count.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "luakv/luakv.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  luakv::Options options;
  options.clock = std::make_shared<luakv::ManualClock>();
  luakv::Engine engine(options);
  engine.Execute({"SET", "s", "hello"});
  engine.Execute({"SET", "n", "42"});
  engine.Execute({"SET", "e", "soon", "PX", "5"});

  std::string_view input(reinterpret_cast<const char*>(data), size);
  luakv::Session session;
  size_t commands = 0;
  while (!input.empty() && commands < 64) {
    size_t eol = input.find('\n');
    std::string_view line = input.substr(0, eol);
    input = eol == std::string_view::npos ? std::string_view()
                                          : input.substr(eol + 1);
    std::vector<std::string_view> argv;
    while (true) {
      size_t nul = line.find('\0');
      argv.push_back(line.substr(0, nul));
      if (nul == std::string_view::npos) break;
      line = line.substr(nul + 1);
    }
    std::string out;
    luakv::RespWriter writer(&out, session.protocol());
    engine.Execute(session, argv, writer);
    if (out.empty()) std::abort();  // every command must reply
    ++commands;
  }
  if (engine.Execute({"PING"}).str() != "PONG") std::abort();
  const int64_t dbsize = engine.Execute({"DBSIZE"}).integer();
  const int64_t listed = static_cast<int64_t>(engine.Execute({"KEYS", "*"}).size());
  // KEYS drops expired keys that DBSIZE still counts, never the reverse.
  if (listed > dbsize) std::abort();
  return 0;
}
