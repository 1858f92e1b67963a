// Thread safety, shown by money that never appears or vanishes: threads run
// a transfer script between random accounts of one Engine while a reader
// sums all balances atomically. The total stays exact at every moment and
// no balance goes below zero; some transfers fail half-way on purpose and
// are rolled back. Run it under -DLUAKV_SANITIZE=thread to check for races.
//
// LUAKV_TRANSFER_RUNS sets the number of transfers (default 200000), e.g.
//   LUAKV_TRANSFER_RUNS=5000000 ./tests/concurrency_tests

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "luakv/luakv.h"

namespace luakv {
namespace {

constexpr int kAccounts = 100;
constexpr int64_t kStart = 1000;

// Moves ARGV[1] from KEYS[1] to KEYS[2] if the balance allows; with
// ARGV[2] == 'fail' it fails after the debit, which must be undone.
constexpr char kTransfer[] = R"(
local from = tonumber(redis.call('GET', KEYS[1]))
local amount = tonumber(ARGV[1])
if from < amount then return 0 end
redis.call('DECRBY', KEYS[1], amount)
if ARGV[2] == 'fail' then error('failed half-way') end
redis.call('INCRBY', KEYS[2], amount)
return 1)";

// The sum of all balances and how many are negative, read atomically.
constexpr char kAudit[] = R"(
local total, negative = 0, 0
for i = 1, #KEYS do
  local b = tonumber(redis.call('GET', KEYS[i]))
  total = total + b
  if b < 0 then negative = negative + 1 end
end
return {total, negative})";

std::string Account(int i) { return "acct:" + std::to_string(i); }

int64_t RunsFromEnv(int64_t fallback) {
  const char* env = std::getenv("LUAKV_TRANSFER_RUNS");
  if (env == nullptr) return fallback;
  const int64_t n = std::atoll(env);
  return n > 0 ? n : fallback;
}

struct Result {
  int64_t moved = 0;
  int64_t refused = 0;
  int64_t failed = 0;
  double seconds = 0;
};

Result RunTransfers(Engine& engine, int threads, int64_t runs,
                    bool with_failures, bool with_auditor) {
  engine.Execute({"FLUSHALL"});
  for (int i = 0; i < kAccounts; ++i) {
    engine.Execute({"SET", Account(i), std::to_string(kStart)});
  }
  const std::string sha = *engine.ScriptLoad(kTransfer);
  std::vector<std::string> all;
  for (int i = 0; i < kAccounts; ++i) all.push_back(Account(i));

  std::atomic<bool> done{false};
  std::atomic<int64_t> audits{0}, bad_audits{0};
  std::thread auditor;
  if (with_auditor) {
    auditor = std::thread([&] {
      while (!done.load()) {
        const Reply r = engine.Eval(kAudit, all, std::vector<std::string>{});
        if (r.is_error() || r.size() != 2 ||
            r[0].integer() != kAccounts * kStart || r[1].integer() != 0) {
          bad_audits.fetch_add(1);
        }
        audits.fetch_add(1);
        std::this_thread::sleep_for(std::chrono::microseconds(200));
      }
    });
  }

  std::atomic<int64_t> moved{0}, refused{0}, failed{0};
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      std::mt19937 rng(7 + t);
      std::uniform_int_distribution<int> account(0, kAccounts - 1);
      std::uniform_int_distribution<int> amount(1, 300);
      std::uniform_int_distribution<int> percent(0, 99);
      const int64_t mine = runs / threads + (t < runs % threads ? 1 : 0);
      int64_t m = 0, r = 0, f = 0;
      for (int64_t i = 0; i < mine; ++i) {
        const int from = account(rng);
        int to = account(rng);
        if (to == from) to = (to + 1) % kAccounts;
        const std::string a = std::to_string(amount(rng));
        const bool fail = with_failures && percent(rng) < 5;
        const std::string from_key = Account(from);
        const std::string to_key = Account(to);
        const std::string_view keys[] = {from_key, to_key};
        const std::string_view args[] = {a, fail ? "fail" : "ok"};
        const Reply reply = engine.EvalSha(sha, keys, args);
        if (reply.is_error()) {
          EXPECT_TRUE(fail) << reply;
          ++f;
        } else if (reply.integer() == 1) {
          ++m;
        } else {
          ++r;
        }
      }
      moved += m;
      refused += r;
      failed += f;
    });
  }
  for (auto& w : workers) w.join();
  Result result;
  result.seconds = std::chrono::duration<double>(
                       std::chrono::steady_clock::now() - start)
                       .count();
  done = true;
  if (auditor.joinable()) auditor.join();
  result.moved = moved;
  result.refused = refused;
  result.failed = failed;
  EXPECT_EQ(bad_audits.load(), 0) << "of " << audits.load() << " audits";

  const Reply final_audit =
      engine.Eval(kAudit, all, std::vector<std::string>{});
  EXPECT_EQ(final_audit[0].integer(), kAccounts * kStart);
  EXPECT_EQ(final_audit[1].integer(), 0);
  EXPECT_EQ(result.moved + result.refused + result.failed, runs);
  if (!with_failures) {
    EXPECT_EQ(result.failed, 0);
  }
  return result;
}

TEST(TransferTest, EightThreadsKeepTheTotalExact) {
  Engine engine;
  const int64_t runs = RunsFromEnv(200000);
  const Result r = RunTransfers(engine, 8, runs, /*with_failures=*/true,
                                /*with_auditor=*/true);
  EXPECT_GT(r.moved, 0);
  EXPECT_GT(r.failed, 0);  // the failures happened and were rolled back
  std::printf("[ transfers ] 8 threads: %lld runs (%lld moved, %lld refused, "
              "%lld failed and rolled back) in %.2f s, %.0f/s\n",
              static_cast<long long>(runs), static_cast<long long>(r.moved),
              static_cast<long long>(r.refused),
              static_cast<long long>(r.failed), r.seconds, runs / r.seconds);
}

// Throughput of the transfer script with one and two threads (no
// failures, no auditor): printed, and the invariants checked.
TEST(TransferTest, ThroughputOneAndTwoThreads) {
  Engine engine;
  const int64_t runs = RunsFromEnv(200000) / 2;
  for (int threads : {1, 2}) {
    const Result r = RunTransfers(engine, threads, runs,
                                  /*with_failures=*/false,
                                  /*with_auditor=*/false);
    std::printf("[ throughput ] %d thread(s): %.0f transfers/s "
                "(%.2f us each)\n",
                threads, runs / r.seconds, r.seconds * 1e6 / runs);
  }
}

}  // namespace
}  // namespace luakv
