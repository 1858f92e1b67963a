// Keyspace commands through the host API (Engine::Execute), the path a host
// program takes. Compare with Redis's server-side cost using
// bench/compare/keyspace_vs_redis.sh, which runs both in one go.

#include <benchmark/benchmark.h>

#include <cstdio>
#include <string>
#include <malloc.h>
#include <vector>

#include "luakv/luakv.h"

namespace {

std::string Key(int64_t i) { return "key:" + std::to_string(i); }

void Load(luakv::Engine& engine, int64_t n) {
  for (int64_t i = 0; i < n; ++i) {
    engine.Execute({"SET", Key(i), "value-" + std::to_string(i)});
  }
}

// Pre-built keys so the benchmark loop measures the engine, not to_string.
std::vector<std::string> Keys(int64_t n) {
  std::vector<std::string> keys;
  keys.reserve(n);
  for (int64_t i = 0; i < n; ++i) keys.push_back(Key(i));
  return keys;
}

void BM_Get(benchmark::State& state) {
  const int64_t n = state.range(0);
  luakv::Engine engine;
  Load(engine, n);
  auto keys = Keys(n);
  uint64_t i = 0;
  for (auto _ : state) {
    i = i * 6364136223846793005ULL + 1442695040888963407ULL;
    benchmark::DoNotOptimize(engine.Execute({"GET", keys[(i >> 33) % n]}));
  }
}
BENCHMARK(BM_Get)->Arg(1000)->Arg(100000)->Arg(1000000);

void BM_Set(benchmark::State& state) {
  const int64_t n = state.range(0);
  luakv::Engine engine;
  Load(engine, n);
  auto keys = Keys(n);
  uint64_t i = 0;
  for (auto _ : state) {
    i = i * 6364136223846793005ULL + 1442695040888963407ULL;
    benchmark::DoNotOptimize(
        engine.Execute({"SET", keys[(i >> 33) % n], "some-value"}));
  }
}
BENCHMARK(BM_Set)->Arg(1000)->Arg(100000)->Arg(1000000);

void BM_IncrBy(benchmark::State& state) {
  const int64_t n = state.range(0);
  luakv::Engine engine;
  auto keys = Keys(n);
  for (const auto& k : keys) engine.Execute({"SET", k, "100"});
  uint64_t i = 0;
  for (auto _ : state) {
    i = i * 6364136223846793005ULL + 1442695040888963407ULL;
    benchmark::DoNotOptimize(
        engine.Execute({"INCRBY", keys[(i >> 33) % n], "3"}));
  }
}
BENCHMARK(BM_IncrBy)->Arg(1000)->Arg(100000)->Arg(1000000);

// A full SCAN iteration (COUNT 1000) over 1M keys: the time per iteration.
void BM_ScanFull1M(benchmark::State& state) {
  luakv::Engine engine;
  Load(engine, 1000000);
  int64_t seen = 0;
  for (auto _ : state) {
    std::string cursor = "0";
    do {
      luakv::Reply r = engine.Execute({"SCAN", cursor, "COUNT", "1000"});
      cursor = r[0].str();
      seen += static_cast<int64_t>(r[1].size());
    } while (cursor != "0");
  }
  state.counters["keys_per_iteration"] =
      static_cast<double>(seen) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_ScanFull1M)->Unit(benchmark::kMillisecond)->Iterations(3);

// Bytes the allocator has handed out and not yet had back. Unlike resident
// memory, this does not depend on what earlier benchmarks freed but the
// allocator kept.
size_t HeapBytesInUse() {
  struct mallinfo2 mi = mallinfo2();
  return mi.uordblks + mi.hblkhd;
}

// Bytes per key for 1M small string keys ("key:N" -> "value-N"): heap growth
// measured by the allocator, and the engine's own accounting.
void BM_BytesPerKey1M(benchmark::State& state) {
  for (auto _ : state) {
    const size_t before = HeapBytesInUse();
    auto engine = std::make_unique<luakv::Engine>();
    Load(*engine, 1000000);
    const size_t after = HeapBytesInUse();
    state.counters["heap_bytes_per_key"] =
        static_cast<double>(after - before) / 1e6;
    state.counters["accounted_bytes_per_key"] =
        static_cast<double>(engine->KeyspaceMemoryBytes()) / 1e6;
  }
}
BENCHMARK(BM_BytesPerKey1M)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
