// The problem luakv exists for, in one run: several threads spend from
// shared balances. First as a client would without scripts (read the
// balance, check it, then write), then with the check-and-set script, which
// runs atomically inside the engine. Every figure printed comes from this
// run.

#include <atomic>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "luakv/luakv.h"

namespace {

constexpr int kAccounts = 64;
constexpr int kStartBalance = 200;
constexpr int kThreads = 4;
constexpr int kSpendsPerThread = 50000;

constexpr char kCheckAndSet[] = R"(
local balance = tonumber(redis.call('GET', KEYS[1]))
local cost = tonumber(ARGV[1])
if balance >= cost then
  redis.call('DECRBY', KEYS[1], cost)
  return 1
else
  return 0
end)";

std::string Account(int i) { return "balance:" + std::to_string(i); }

void Fund(luakv::Engine& engine) {
  engine.Execute({"FLUSHALL"});
  for (int i = 0; i < kAccounts; ++i) {
    engine.Execute({"SET", Account(i), std::to_string(kStartBalance)});
  }
}

struct Outcome {
  long spends = 0;      // spends that went through
  long overdrafts = 0;  // spends that left a balance below zero
  long negative_accounts = 0;
  double seconds = 0;
};

long CountNegative(luakv::Engine& engine) {
  long n = 0;
  for (int i = 0; i < kAccounts; ++i) {
    luakv::Reply r = engine.Execute({"GET", Account(i)});
    if (std::stol(r.str()) < 0) ++n;
  }
  return n;
}

// `spend` performs one attempt; it returns 1 when money moved, and sets
// *overdraft when the balance went below zero.
template <typename SpendFn>
Outcome Run(luakv::Engine& engine, SpendFn spend) {
  Fund(engine);
  std::atomic<long> spends{0}, overdrafts{0};
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937 rng(1234 + t);
      std::uniform_int_distribution<int> account(0, kAccounts - 1);
      std::uniform_int_distribution<int> cost(1, 20);
      long done = 0, over = 0;
      for (int i = 0; i < kSpendsPerThread; ++i) {
        bool overdraft = false;
        done += spend(Account(account(rng)), cost(rng), &overdraft);
        over += overdraft;
      }
      spends += done;
      overdrafts += over;
    });
  }
  for (auto& th : threads) th.join();
  Outcome o;
  o.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                            start)
                  .count();
  o.spends = spends;
  o.overdrafts = overdrafts;
  o.negative_accounts = CountNegative(engine);
  return o;
}

void Print(const char* title, const Outcome& o) {
  const double attempts = static_cast<double>(kThreads) * kSpendsPerThread;
  std::printf("%-28s %9ld spends  %7ld overdrafts  %3ld accounts below zero"
              "  %8.0f attempts/s\n",
              title, o.spends, o.overdrafts, o.negative_accounts,
              attempts / o.seconds);
}

}  // namespace

int main() {
  luakv::Engine engine;
  std::printf("%d threads spend from %d shared balances of %d "
              "(%d attempts each)\n\n",
              kThreads, kAccounts, kStartBalance, kSpendsPerThread);

  // Naive: GET, check in the client, DECRBY. Another thread can spend the
  // same money between the check and the write.
  Outcome naive = Run(engine, [&](const std::string& key, int cost,
                                  bool* overdraft) -> long {
    luakv::Reply balance = engine.Execute({"GET", key});
    if (std::stol(balance.str()) < cost) return 0;
    std::this_thread::yield();  // what a network round trip does, briefly
    luakv::Reply after =
        engine.Execute({"DECRBY", key, std::to_string(cost)});
    *overdraft = after.integer() < 0;
    return 1;
  });
  Print("client-side read-check-write", naive);

  // The check-and-set script: the read, the check and the write happen as
  // one atomic step inside the engine.
  luakv::Reply loaded = engine.Execute({"SCRIPT", "LOAD", kCheckAndSet});
  if (loaded.is_error()) {
    std::printf("check-and-set script: %s\n", loaded.ToString().c_str());
    return 1;
  }
  const std::string sha = loaded.str();
  Outcome scripted = Run(engine, [&](const std::string& key, int cost,
                                     bool* overdraft) -> long {
    luakv::Reply r =
        engine.Execute({"EVALSHA", sha, "1", key, std::to_string(cost)});
    *overdraft = false;
    return r.integer();
  });
  scripted.overdrafts = scripted.negative_accounts;
  Print("check-and-set script", scripted);

  // A script that fails half-way: it spends, then INCRs a key that holds
  // no number.
  Fund(engine);
  engine.Execute({"SET", "not-a-number", "abc"});
  const std::string before = engine.Execute({"GET", Account(0)}).str();
  luakv::Reply failed = engine.Execute(
      {"EVAL",
       "redis.call('DECRBY', KEYS[1], 50) "
       "return redis.call('INCR', KEYS[2])",
       "2", Account(0), "not-a-number"});
  const std::string after = engine.Execute({"GET", Account(0)}).str();
  std::printf("\nA script that spends 50 and then fails:\n  reply: %s\n"
              "  balance before %s, after %s (%s)\n",
              failed.ToString().c_str(), before.c_str(), after.c_str(),
              before == after ? "rolled back: nothing happened"
                              : "the spend stayed although the script failed");
  return 0;
}
