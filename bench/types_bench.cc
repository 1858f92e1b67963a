// Collection commands through the host API (Engine::Execute): sorted-set
// updates, ranks and index ranges on a 1M-member set, hash, set and list
// operations on large collections, and bytes per element for small and
// large collections of each type. bench/compare/types_vs_redis.sh runs the
// same operations on a local redis-server in the same session and prints
// ratios.
//
// Member names follow redis-benchmark's __rand_int__ (12 digits) so both
// sides store the same bytes.

#include <benchmark/benchmark.h>

#include <malloc.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "luakv/luakv.h"

namespace {

constexpr int64_t kMillion = 1000000;

std::string Rand12(int64_t i) {
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%012lld", static_cast<long long>(i));
  return buf;
}

std::vector<std::string> Names(const char* prefix, int64_t n) {
  std::vector<std::string> out;
  out.reserve(n);
  for (int64_t i = 0; i < n; ++i) out.push_back(prefix + Rand12(i));
  return out;
}

// Sends `argv` prefixes with up to `batch` name/value pairs appended, so
// loading a million members takes a thousand commands.
void LoadPairs(luakv::Engine& engine, std::vector<std::string> head,
               std::span<const std::string> names, bool with_value,
               bool value_first) {
  const size_t batch = 1000;
  for (size_t i = 0; i < names.size(); i += batch) {
    std::vector<std::string> argv = head;
    for (size_t k = i; k < names.size() && k < i + batch; ++k) {
      if (with_value && value_first) argv.push_back(std::to_string(k));
      argv.push_back(names[k]);
      if (with_value && !value_first) argv.push_back("v");
    }
    engine.Execute(argv);
  }
}

struct Lcg {
  uint64_t s = 42;
  uint64_t Next() {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return s >> 33;
  }
};

// One 1M-member sorted set, scores 0..999999.
std::unique_ptr<luakv::Engine> ZSet1M(std::vector<std::string>* names) {
  auto engine = std::make_unique<luakv::Engine>();
  *names = Names("m:", kMillion);
  LoadPairs(*engine, {"ZADD", "z"}, *names, true, true);
  return engine;
}

void BM_ZAdd1M(benchmark::State& state) {
  std::vector<std::string> names;
  auto engine = ZSet1M(&names);
  Lcg rng;
  std::vector<std::string> scores;
  for (int i = 0; i < 4096; ++i) scores.push_back(std::to_string(rng.Next() % kMillion));
  uint64_t i = 0;
  for (auto _ : state) {
    ++i;
    benchmark::DoNotOptimize(engine->Execute(
        {"ZADD", "z", scores[i & 4095], names[rng.Next() % kMillion]}));
  }
}
BENCHMARK(BM_ZAdd1M);

void BM_ZRank1M(benchmark::State& state) {
  std::vector<std::string> names;
  auto engine = ZSet1M(&names);
  Lcg rng;
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        engine->Execute({"ZRANK", "z", names[rng.Next() % kMillion]}));
  }
}
BENCHMARK(BM_ZRank1M);

void BM_ZScore1M(benchmark::State& state) {
  std::vector<std::string> names;
  auto engine = ZSet1M(&names);
  Lcg rng;
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        engine->Execute({"ZSCORE", "z", names[rng.Next() % kMillion]}));
  }
}
BENCHMARK(BM_ZScore1M);

// Ten members by index from the middle: O(log n) to find the start.
void BM_ZRange1M(benchmark::State& state) {
  std::vector<std::string> names;
  auto engine = ZSet1M(&names);
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        engine->Execute({"ZRANGE", "z", "500000", "500009"}));
  }
}
BENCHMARK(BM_ZRange1M);

void BM_ZRangeByScore1M(benchmark::State& state) {
  std::vector<std::string> names;
  auto engine = ZSet1M(&names);
  for (auto _ : state) {
    benchmark::DoNotOptimize(engine->Execute(
        {"ZRANGEBYSCORE", "z", "500000", "+inf", "LIMIT", "0", "10"}));
  }
}
BENCHMARK(BM_ZRangeByScore1M);

void BM_HSet1M(benchmark::State& state) {
  luakv::Engine engine;
  const auto fields = Names("f:", kMillion);
  LoadPairs(engine, {"HSET", "h"}, fields, true, false);
  Lcg rng;
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        engine.Execute({"HSET", "h", fields[rng.Next() % kMillion], "w"}));
  }
}
BENCHMARK(BM_HSet1M);

void BM_HGet1M(benchmark::State& state) {
  luakv::Engine engine;
  const auto fields = Names("f:", kMillion);
  LoadPairs(engine, {"HSET", "h"}, fields, true, false);
  Lcg rng;
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        engine.Execute({"HGET", "h", fields[rng.Next() % kMillion]}));
  }
}
BENCHMARK(BM_HGet1M);

// A small hash (listpack): what most hashes in practice are.
void BM_HGetSmall(benchmark::State& state) {
  luakv::Engine engine;
  const auto fields = Names("f:", 20);
  LoadPairs(engine, {"HSET", "h"}, fields, true, false);
  uint64_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(engine.Execute({"HGET", "h", fields[++i % 20]}));
  }
}
BENCHMARK(BM_HGetSmall);

void BM_LPush(benchmark::State& state) {
  luakv::Engine engine;
  for (auto _ : state) {
    benchmark::DoNotOptimize(engine.Execute({"LPUSH", "l", "xxx"}));
  }
}
BENCHMARK(BM_LPush);

void BM_LPop(benchmark::State& state) {
  luakv::Engine engine;
  // Enough elements that the list never runs dry.
  std::vector<std::string> push = {"LPUSH", "l"};
  for (int i = 0; i < 1000; ++i) push.push_back("xxx");
  for (int i = 0; i < 20000; ++i) engine.Execute(push);
  for (auto _ : state) {
    benchmark::DoNotOptimize(engine.Execute({"LPOP", "l"}));
  }
}
BENCHMARK(BM_LPop)->Iterations(10000000);

void BM_LIndexMiddle1M(benchmark::State& state) {
  luakv::Engine engine;
  std::vector<std::string> push = {"RPUSH", "l"};
  for (int i = 0; i < 1000; ++i) push.push_back("xxx");
  for (int i = 0; i < 1000; ++i) engine.Execute(push);
  for (auto _ : state) {
    benchmark::DoNotOptimize(engine.Execute({"LINDEX", "l", "500000"}));
  }
}
BENCHMARK(BM_LIndexMiddle1M);

void BM_SAdd1M(benchmark::State& state) {
  luakv::Engine engine;
  const auto members = Names("m:", kMillion);
  LoadPairs(engine, {"SADD", "s"}, members, false, false);
  const auto fresh = Names("n:", kMillion);
  Lcg rng;
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        engine.Execute({"SADD", "s", fresh[rng.Next() % kMillion]}));
  }
}
BENCHMARK(BM_SAdd1M);

void BM_SIsMember1M(benchmark::State& state) {
  luakv::Engine engine;
  const auto members = Names("m:", kMillion);
  LoadPairs(engine, {"SADD", "s"}, members, false, false);
  Lcg rng;
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        engine.Execute({"SISMEMBER", "s", members[rng.Next() % kMillion]}));
  }
}
BENCHMARK(BM_SIsMember1M);

size_t ResidentBytes() {
  long pages = 0, resident = 0;
  FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return 0;
  if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
  std::fclose(f);
  return static_cast<size_t>(resident) * sysconf(_SC_PAGESIZE);
}

// Bytes per element of 1M elements of each type, laid out as one large
// collection (arg 1) or as 100k keys of 10 elements (arg 0). Members are
// "m:" + 12 digits; hash values "v"; sorted-set scores small integers.
// Counters: RSS growth and the engine's own accounting, per element.
void BM_BytesPerElement(benchmark::State& state) {
  const int type = static_cast<int>(state.range(0));
  const bool large = state.range(1) == 1;
  static const char* kTypes[] = {"list", "hash", "set", "zset"};
  state.SetLabel(std::string(kTypes[type]) + (large ? " 1x1M" : " 100kx10"));
  const auto names = Names("m:", kMillion);
  for (auto _ : state) {
    // Give memory freed by earlier benchmarks back first, so the growth
    // measured is this load's.
    malloc_trim(0);
    const size_t before = ResidentBytes();
    auto engine = std::make_unique<luakv::Engine>();
    const size_t base = engine->KeyspaceMemoryBytes();
    const int64_t keys = large ? 1 : kMillion / 10;
    const int64_t per_key = kMillion / keys;
    for (int64_t k = 0; k < keys; ++k) {
      const std::string key = "key:" + std::to_string(k);
      std::vector<std::string> head;
      switch (type) {
        case 0: head = {"RPUSH", key}; break;
        case 1: head = {"HSET", key}; break;
        case 2: head = {"SADD", key}; break;
        default: head = {"ZADD", key}; break;
      }
      LoadPairs(*engine, head,
                std::span<const std::string>(names).subspan(k * per_key,
                                                            per_key),
                type == 1 || type == 3, type == 3);
    }
    const size_t after = ResidentBytes();
    state.counters["rss_bytes_per_element"] =
        static_cast<double>(after - before) / kMillion;
    state.counters["accounted_bytes_per_element"] =
        static_cast<double>(engine->KeyspaceMemoryBytes() - base) / kMillion;
  }
}
BENCHMARK(BM_BytesPerElement)
    ->ArgsProduct({{0, 1, 2, 3}, {0, 1}})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
