// Differential tests: every sequence of every case file runs against a real
// redis-server and against luakv, under RESP2 and under RESP3, and the raw
// reply bytes must agree. See README.md in this directory.
//
// One redis-server and one connection serve the whole binary (and
// cluster-enabled ones the files that start with "!cluster"). Each sequence
// gets a clean slate on both sides: the connection is RESET (database 0,
// RESP2, no name), the server flushed (keys, scripts, functions), and luakv
// runs on a fresh Engine and Session.

#include <chrono>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "differential/case_file.h"
#include "differential/reply_compare.h"
#include "gtest/gtest.h"
#include "luakv/engine.h"
#include "luakv/options.h"
#include "luakv/resp_writer.h"
#include "luakv/session.h"
#include "testing/redis_server.h"
#include "testing/resp_client.h"

#ifndef LUAKV_DIFFERENTIAL_CASES_DIR
#error "LUAKV_DIFFERENTIAL_CASES_DIR must name the cases directory"
#endif

namespace luakv::differential {
namespace {

using ::luakv::testing::RedisServer;
using ::luakv::testing::RespClient;

// After this many mismatches a sequence stops: the two sides have diverged
// and later differences are mostly echoes of the first.
constexpr int kMaxMismatches = 10;

std::string CasesDir() {
  // An override for running an ad-hoc directory of cases.
  if (const char* dir = std::getenv("LUAKV_DIFFERENTIAL_CASES"); dir && *dir) {
    return dir;
  }
  return LUAKV_DIFFERENTIAL_CASES_DIR;
}

// The redis-servers shared by every test of the binary: a plain one, and
// for "!cluster" files cluster-enabled ones, started on first use: a node
// that owns every slot, or (for "!cluster 2") a node that owns slots
// 0..8191 next to a second node that owns the rest. A server that does not
// start is not a fatal error here: each test then fails with the reason,
// so ctest reports every case as failed rather than skipped.
class RedisEnvironment : public ::testing::Environment {
 public:
  // The slots the node the cases talk to owns when a second node exists.
  static constexpr int kSplitLastSlot = 8191;

  static RedisEnvironment* Get() {
    static RedisEnvironment* const env = static_cast<RedisEnvironment*>(
        ::testing::AddGlobalTestEnvironment(new RedisEnvironment));
    return env;
  }

  void SetUp() override { backends_[0].status = Start(backends_[0], {}); }

  void TearDown() override {
    for (Backend& b : backends_) {
      b.client.reset();
      b.server.reset();
      if (!b.nodes_file.empty()) {
        std::error_code ignored;
        std::filesystem::remove(b.nodes_file, ignored);
      }
    }
  }

  // The connection to the server for files of `cluster_nodes` (0: no
  // cluster), reconnecting when a case closed it (QUIT).
  absl::StatusOr<RespClient*> Client(int cluster_nodes) {
    Backend& b = backends_[cluster_nodes];
    if (cluster_nodes > 0 && !b.started) {
      b.started = true;
      b.status = cluster_nodes == 1 ? StartOneNode() : StartTwoNodes();
    }
    if (!b.status.ok()) return b.status;
    if (b.server == nullptr) {
      return absl::FailedPreconditionError("redis-server was not started");
    }
    if (b.client == nullptr || b.client->broken()) {
      absl::StatusOr<std::unique_ptr<RespClient>> c =
          RespClient::Connect(b.server->port());
      if (!c.ok()) return c.status();
      b.client = *std::move(c);
    }
    return b.client.get();
  }

  // "127.0.0.1:port" of the second node of "!cluster 2".
  std::string OtherNodeAddress() const {
    return backends_[3].server == nullptr
               ? std::string()
               : absl::StrCat("127.0.0.1:", backends_[3].server->port());
  }

 private:
  struct Backend {
    bool started = false;
    absl::Status status;
    std::unique_ptr<RedisServer> server;
    std::unique_ptr<RespClient> client;
    std::string nodes_file;
    int bus_port = 0;
  };

  RedisEnvironment() = default;

  static absl::Status Expect(RespClient& c,
                             std::initializer_list<std::string> argv,
                             std::string_view want) {
    absl::StatusOr<std::string> r = c.Command(argv);
    if (!r.ok()) return r.status();
    if (*r != want) {
      return absl::InternalError(absl::StrCat(
          *argv.begin(), " ", *(argv.begin() + 1), " replied ",
          EscapeBytes(*r)));
    }
    return absl::OkStatus();
  }

  // Starts `b`'s server and connects to it; with `cluster`, as a cluster
  // node without slots.
  absl::Status Start(Backend& b, std::vector<std::string> extra_args,
                     bool cluster = false) {
    // Debug commands let the harness switch active expiry off: otherwise
    // Redis deletes expired keys in the background at moments luakv cannot
    // match, and DBSIZE or SCAN would differ at random.
    extra_args.insert(extra_args.begin(), {"--enable-debug-command", "local"});
    if (cluster) {
      // The node saves its configuration whenever it changes, so the file
      // lives outside the server's private directory, which is removed once
      // the server is up. The bus port defaults to port + 10000, which a
      // high port from the kernel would push past 65535.
      b.nodes_file = (std::filesystem::temp_directory_path() /
                      absl::StrCat("luakv-differential-nodes-", getpid(), "-",
                                   &b - backends_, ".conf"))
                         .string();
      absl::StatusOr<int> bus_port = RedisServer::PickFreePort();
      if (!bus_port.ok()) return bus_port.status();
      b.bus_port = *bus_port;
      extra_args.insert(extra_args.end(),
                        {"--cluster-enabled", "yes", "--cluster-config-file",
                         b.nodes_file, "--cluster-port",
                         absl::StrCat(b.bus_port)});
    }
    absl::StatusOr<std::unique_ptr<RedisServer>> server =
        RedisServer::Start(extra_args);
    if (!server.ok()) return server.status();
    b.server = *std::move(server);
    absl::StatusOr<std::unique_ptr<RespClient>> c =
        RespClient::Connect(b.server->port());
    if (!c.ok()) return c.status();
    b.client = *std::move(c);
    return Expect(*b.client, {"DEBUG", "SET-ACTIVE-EXPIRE", "0"}, "+OK\r\n");
  }

  static absl::Status WaitForClusterOk(RespClient& c) {
    for (int i = 0; i < 200; ++i) {
      absl::StatusOr<std::string> r = c.Command({"CLUSTER", "INFO"});
      if (!r.ok()) return r.status();
      if (r->find("cluster_state:ok") != std::string::npos) {
        return absl::OkStatus();
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return absl::DeadlineExceededError(
        "the cluster did not reach cluster_state:ok in 10 s");
  }

  absl::Status StartOneNode() {
    Backend& b = backends_[1];
    if (absl::Status s = Start(b, {}, true); !s.ok()) return s;
    if (absl::Status s = Expect(
            *b.client, {"CLUSTER", "ADDSLOTSRANGE", "0", "16383"}, "+OK\r\n");
        !s.ok()) {
      return s;
    }
    return WaitForClusterOk(*b.client);
  }

  absl::Status StartTwoNodes() {
    Backend& mine = backends_[2];
    Backend& other = backends_[3];
    for (Backend* b : {&mine, &other}) {
      if (absl::Status s = Start(*b, {}, true); !s.ok()) return s;
    }
    const std::string split = absl::StrCat(kSplitLastSlot);
    const std::string next = absl::StrCat(kSplitLastSlot + 1);
    for (absl::Status s :
         {Expect(*mine.client, {"CLUSTER", "ADDSLOTSRANGE", "0", split},
                 "+OK\r\n"),
          Expect(*other.client, {"CLUSTER", "ADDSLOTSRANGE", next, "16383"},
                 "+OK\r\n"),
          Expect(*mine.client,
                 {"CLUSTER", "MEET", "127.0.0.1",
                  absl::StrCat(other.server->port()),
                  absl::StrCat(other.bus_port)},
                 "+OK\r\n")}) {
      if (!s.ok()) return s;
    }
    if (absl::Status s = WaitForClusterOk(*mine.client); !s.ok()) return s;
    return WaitForClusterOk(*other.client);
  }

  // 0: plain; 1: one node; 2 and 3: the two nodes, cases talk to 2.
  Backend backends_[4];
};

// Registered before main() runs, as gtest requires of environments.
[[maybe_unused]] RedisEnvironment* const kEnvironment = RedisEnvironment::Get();

struct CaseParam {
  std::shared_ptr<const Sequence> sequence;
  int protocol = 2;
  std::string test_name;
};

void PrintTo(const CaseParam& p, std::ostream* os) {
  *os << p.sequence->file << ":" << p.sequence->line << " \""
      << p.sequence->name << "\" RESP" << p.protocol;
}

// Letters and digits kept, every other run of bytes one underscore: gtest
// names allow nothing else.
std::string Identifier(std::string_view text) {
  std::string out;
  for (char c : text) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                      (c >= '0' && c <= '9');
    if (keep) {
      out.push_back(c);
    } else if (!out.empty() && out.back() != '_') {
      out.push_back('_');
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out.empty() ? "unnamed" : out;
}

// Read once, when gtest generates the parameters (before any test runs and
// also for --gtest_list_tests, which is how ctest discovers them).
const std::vector<CaseParam>& AllCases() {
  static const std::vector<CaseParam> cases = [] {
    std::vector<CaseParam> out;
    absl::flat_hash_map<std::string, int> seen;
    for (Sequence& s : LoadCaseDirectory(CasesDir())) {
      auto seq = std::make_shared<const Sequence>(std::move(s));
      std::string file = seq->file;
      if (file.size() > 4 && file.substr(file.size() - 4) == ".txt") {
        file.resize(file.size() - 4);
      }
      std::string base = Identifier(file) + "_" + Identifier(seq->name);
      // Two sequences of one name in one file still get distinct tests.
      if (int n = ++seen[base]; n > 1) absl::StrAppend(&base, "_", n);
      for (int protocol : {2, 3}) {
        out.push_back(CaseParam{seq, protocol,
                                absl::StrCat(base, "_RESP", protocol)});
      }
    }
    return out;
  }();
  return cases;
}

// Puts the connection and the server back to a clean state and selects
// `protocol`.
void ResetRedis(RespClient& redis, int protocol) {
  auto expect = [&redis](std::initializer_list<std::string> argv,
                         std::string_view want) {
    absl::StatusOr<std::string> r = redis.Command(argv);
    ASSERT_TRUE(r.ok()) << "redis-server: " << *argv.begin() << ": "
                        << r.status();
    ASSERT_EQ(*r, want) << "redis-server refused " << *argv.begin();
  };
  ASSERT_NO_FATAL_FAILURE(expect({"RESET"}, "+RESET\r\n"));
  ASSERT_NO_FATAL_FAILURE(expect({"FLUSHALL"}, "+OK\r\n"));
  ASSERT_NO_FATAL_FAILURE(expect({"SCRIPT", "FLUSH"}, "+OK\r\n"));
  ASSERT_NO_FATAL_FAILURE(expect({"FUNCTION", "FLUSH"}, "+OK\r\n"));
  if (protocol == 3) {
    absl::StatusOr<std::string> r = redis.Command({"HELLO", "3"});
    ASSERT_TRUE(r.ok()) << "redis-server: HELLO 3: " << r.status();
    ASSERT_EQ(r->substr(0, 1), "%") << "HELLO 3 replied " << EscapeBytes(*r);
  }
}

std::string CompareName(const Step& step) {
  switch (step.compare) {
    case Compare::kExact: return "exact";
    case Compare::kUnordered: return "!unordered";
    case Compare::kType: return "!type";
    case Compare::kWithin: return absl::StrCat("!within ", step.tolerance);
  }
  return "?";
}

// Where two long replies part, so the eye need not hunt for it.
std::string FirstDifference(std::string_view a, std::string_view b) {
  size_t i = 0;
  while (i < a.size() && i < b.size() && a[i] == b[i]) ++i;
  if (i == a.size() && i == b.size()) return "(equal bytes)";
  auto around = [i](std::string_view s) {
    const size_t from = i < 10 ? 0 : i - 10;
    return EscapeBytes(s.substr(from, 30));
  };
  return absl::StrCat("first difference at byte ", i, ": redis ", around(a),
                      " luakv ", around(b));
}

class Differential : public ::testing::TestWithParam<CaseParam> {};

TEST_P(Differential, Replies) {
  const Sequence& seq = *GetParam().sequence;
  const int protocol = GetParam().protocol;
  const std::string path = absl::StrCat(CasesDir(), "/", seq.file);
  if (!seq.error.empty()) {
    ADD_FAILURE_AT(path.c_str(), seq.error_line) << seq.error;
    return;
  }

  absl::StatusOr<RespClient*> client =
      RedisEnvironment::Get()->Client(seq.cluster_nodes);
  ASSERT_TRUE(client.ok()) << "no redis-server to compare with: "
                           << client.status();
  RespClient& redis = **client;
  ASSERT_NO_FATAL_FAILURE(ResetRedis(redis, protocol));

  Options options = Options::RedisCompatible();
  options.cluster_checks.enabled = seq.cluster_nodes > 0;
  if (seq.cluster_nodes == 2) {
    options.cluster_checks.owned_slots = {
        {0, RedisEnvironment::kSplitLastSlot}};
    options.cluster_checks.moved_to =
        RedisEnvironment::Get()->OtherNodeAddress();
  }
  Engine engine(options);
  Session session;
  session.set_protocol(protocol);

  int mismatches = 0;
  for (const Step& step : seq.steps) {
    if (step.argv.empty()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(step.sleep_ms));
      continue;
    }
    absl::StatusOr<std::string> expected = redis.Command(step.argv);
    if (!expected.ok()) {
      ADD_FAILURE_AT(path.c_str(), step.line)
          << "redis-server gave no reply to: " << step.text << "\n  "
          << expected.status();
      return;
    }

    std::string actual;
    RespWriter writer(&actual, session.protocol());
    const std::vector<std::string_view> argv(step.argv.begin(),
                                             step.argv.end());
    engine.Execute(session, argv, writer);

    if (!RepliesMatch(step.compare, step.tolerance, *expected, actual)) {
      ADD_FAILURE_AT(path.c_str(), step.line)
          << "reply differs (RESP" << protocol << ", " << CompareName(step)
          << ") in sequence \"" << seq.name << "\"\n"
          << "  command: " << step.text << "\n"
          << "  redis:   " << EscapeBytes(*expected) << "\n"
          << "  luakv:   " << EscapeBytes(actual)
          << (step.compare == Compare::kExact
                  ? "\n  " + FirstDifference(*expected, actual)
                  : "");
      if (++mismatches == kMaxMismatches) {
        ADD_FAILURE() << "stopping after " << kMaxMismatches
                      << " mismatches in \"" << seq.name << "\"";
        return;
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, Differential, ::testing::ValuesIn(AllCases()),
    [](const ::testing::TestParamInfo<CaseParam>& info) {
      return info.param.test_name;
    });

}  // namespace
}  // namespace luakv::differential
