// Fuzzes script bodies: the input is a Lua script (with optional keys and
// arguments after a '\0' separator, themselves '\0'-separated), run with
// EVAL against a small keyspace, under the limits a host would set: an
// instruction budget and a time limit stop runaway loops, a memory limit
// stops runaway tables, and a script that fails has its writes rolled back
// (the default). A script stopped by a limit must leave the keyspace as it
// found it, and afterwards the engine must still run scripts and answer
// PING.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "luakv/luakv.h"

namespace {

// What a rolled-back script must leave as it was.
std::string Fingerprint(luakv::Engine& engine) {
  std::string out;
  for (const auto& argv : {std::vector<std::string_view>{"DBSIZE"},
                           std::vector<std::string_view>{"GET", "k"},
                           std::vector<std::string_view>{"GET", "s"}}) {
    out += engine.Execute(argv).ToString();
    out += '\n';
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  luakv::Options options;
  options.clock = std::make_shared<luakv::ManualClock>();
  options.script_instruction_budget = 200000;
  options.script_time_limit_ms = 2000;
  options.script_memory_limit_bytes = 32 << 20;
  options.eval_script_cache_limit = 4;
  luakv::Engine engine(options);
  engine.Execute({"SET", "k", "10"});
  engine.Execute({"SET", "s", "hello"});

  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> parts;
  while (true) {
    size_t nul = input.find('\0');
    parts.push_back(input.substr(0, nul));
    if (nul == std::string_view::npos || parts.size() == 8) break;
    input = input.substr(nul + 1);
  }
  std::string_view body = parts[0];
  // The second part, if any, holds the number of keys among the rest.
  const size_t rest = parts.size() > 2 ? parts.size() - 2 : 0;
  const size_t numkeys =
      parts.size() > 1 && !parts[1].empty()
          ? static_cast<unsigned char>(parts[1][0]) % (rest + 1)
          : 0;
  std::vector<std::string_view> argv = {"EVAL", body};
  std::string numkeys_text = std::to_string(numkeys);
  argv.push_back(numkeys_text);
  for (size_t i = 2; i < parts.size(); ++i) argv.push_back(parts[i]);

  for (int protocol : {2, 3}) {
    luakv::Session session;
    session.set_protocol(protocol);
    const std::string before = Fingerprint(engine);
    std::string out;
    luakv::RespWriter writer(&out, protocol);
    engine.Execute(session, argv, writer);
    if (out.empty()) std::abort();  // every call must reply
    const bool stopped = out.starts_with("-ERR Script exceeded") ||
                         out.starts_with("-ERR Script killed");
    if (stopped && Fingerprint(engine) != before) std::abort();
  }
  if (engine.Execute({"PING"}).str() != "PONG") std::abort();
  if (engine.Execute({"EVAL", "return 1", "0"}).integer() != 1) std::abort();
  return 0;
}
