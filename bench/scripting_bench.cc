// Script cost through the host API: EVALSHA of the check-and-set script
// beside a plain GET and an empty `return 1` script, so the per-script
// overhead is visible. bench/compare/scripting_vs_redis.sh runs the same
// script on a local redis-server in the same session and prints ratios.

#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "check_and_set.h"
#include "luakv/luakv.h"

namespace {

std::vector<std::string> LoadBalances(luakv::Engine& engine, int64_t n) {
  std::vector<std::string> keys;
  keys.reserve(n);
  for (int64_t i = 0; i < n; ++i) {
    keys.push_back("balance:" + std::to_string(i));
    // Large enough that the benchmark never drains an account.
    engine.Execute({"SET", keys.back(), "1000000000000"});
  }
  return keys;
}

uint64_t Next(uint64_t& state) {
  state = state * 6364136223846793005ULL + 1442695040888963407ULL;
  return state >> 33;
}

void BM_Get(benchmark::State& state) {
  luakv::Engine engine;
  auto keys = LoadBalances(engine, state.range(0));
  uint64_t rng = 1;
  for (auto _ : state) {
    const std::string_view argv[] = {"GET", keys[Next(rng) % keys.size()]};
    benchmark::DoNotOptimize(engine.Execute(argv));
  }
}
BENCHMARK(BM_Get)->Arg(1000)->Arg(100000);

void BM_EvalShaReturn1(benchmark::State& state) {
  luakv::Engine engine;
  auto keys = LoadBalances(engine, state.range(0));
  const std::string sha = engine.ScriptLoad("return 1").value();
  uint64_t rng = 1;
  for (auto _ : state) {
    const std::string_view argv[] = {"EVALSHA", sha, "1",
                                     keys[Next(rng) % keys.size()], "1"};
    benchmark::DoNotOptimize(engine.Execute(argv));
  }
}
BENCHMARK(BM_EvalShaReturn1)->Arg(1000)->Arg(100000);

void BM_EvalShaCheckAndSet(benchmark::State& state) {
  luakv::Engine engine;
  auto keys = LoadBalances(engine, state.range(0));
  const std::string sha = engine.ScriptLoad(kCheckAndSet).value();
  uint64_t rng = 1;
  for (auto _ : state) {
    const std::string_view argv[] = {"EVALSHA", sha, "1",
                                     keys[Next(rng) % keys.size()], "3"};
    benchmark::DoNotOptimize(engine.Execute(argv));
  }
}
BENCHMARK(BM_EvalShaCheckAndSet)->Arg(1000)->Arg(100000);

// The same through Engine::EvalSha, the convenience entry point.
void BM_EvalShaApiCheckAndSet(benchmark::State& state) {
  luakv::Engine engine;
  auto keys = LoadBalances(engine, state.range(0));
  const std::string sha = engine.ScriptLoad(kCheckAndSet).value();
  uint64_t rng = 1;
  for (auto _ : state) {
    const std::string_view key[] = {keys[Next(rng) % keys.size()]};
    const std::string_view arg[] = {"3"};
    benchmark::DoNotOptimize(engine.EvalSha(sha, key, arg));
  }
}
BENCHMARK(BM_EvalShaApiCheckAndSet)->Arg(100000);

// What all-or-nothing scripts and the kill hook cost: check-and-set with
// the defaults (journal + hook), without rollback (hook only), and with
// neither (busy_reply_threshold_ms = 0: no hook, as Redis with
// lua-time-limit 0).
void BM_EvalShaCheckAndSetSafety(benchmark::State& state) {
  luakv::Options options;
  if (state.range(0) >= 1) options.rollback_failed_scripts = false;
  if (state.range(0) >= 2) options.busy_reply_threshold_ms = 0;
  luakv::Engine engine(options);
  auto keys = LoadBalances(engine, 100000);
  const std::string sha = engine.ScriptLoad(kCheckAndSet).value();
  uint64_t rng = 1;
  for (auto _ : state) {
    const std::string_view key[] = {keys[Next(rng) % keys.size()]};
    const std::string_view arg[] = {"3"};
    benchmark::DoNotOptimize(engine.EvalSha(sha, key, arg));
  }
  state.SetLabel(state.range(0) == 0   ? "journal+hook"
                 : state.range(0) == 1 ? "hook only"
                                       : "neither");
}
BENCHMARK(BM_EvalShaCheckAndSetSafety)->Arg(0)->Arg(1)->Arg(2);

}  // namespace

BENCHMARK_MAIN();
