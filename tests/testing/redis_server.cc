#include "testing/redis_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "testing/resp_client.h"

namespace luakv::testing {
namespace {

constexpr auto kStartTimeout = std::chrono::seconds(10);
constexpr auto kStopGrace = std::chrono::seconds(5);
constexpr int kStartAttempts = 3;

bool IsExecutableFile(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
         access(path.c_str(), X_OK) == 0;
}

std::string ReadTail(const std::string& path, size_t max_bytes) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  if (text.size() > max_bytes) text = "..." + text.substr(text.size() - max_bytes);
  return text;
}

// Waits up to `grace` for `pid` to exit; true when it has been reaped.
bool WaitForExit(pid_t pid, std::chrono::milliseconds grace) {
  const auto deadline = std::chrono::steady_clock::now() + grace;
  for (;;) {
    int status = 0;
    const pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid || (r < 0 && errno == ECHILD)) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

pid_t Spawn(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid != 0) return pid;
  // Child: die with the test binary, and keep the test's output clean (the
  // server logs to its own file).
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent) _exit(127);
  const int devnull = open("/dev/null", O_RDWR);
  if (devnull >= 0) {
    dup2(devnull, STDIN_FILENO);
    dup2(devnull, STDOUT_FILENO);
    dup2(devnull, STDERR_FILENO);
  }
  execv(argv[0], argv.data());
  _exit(127);
}

}  // namespace

absl::StatusOr<std::string> RedisServer::FindBinary() {
  if (const char* env = std::getenv("LUAKV_REDIS_SERVER"); env && *env) {
    if (IsExecutableFile(env)) return std::string(env);
    return absl::NotFoundError(absl::StrCat(
        "LUAKV_REDIS_SERVER=", env, " is not an executable file"));
  }
  const char* path = std::getenv("PATH");
  const std::string dirs = path && *path ? path : "/usr/local/bin:/usr/bin:/bin";
  size_t start = 0;
  while (start <= dirs.size()) {
    size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    if (end > start) {
      std::string candidate = dirs.substr(start, end - start) + "/redis-server";
      if (IsExecutableFile(candidate)) return candidate;
    }
    start = end + 1;
  }
  return absl::NotFoundError(absl::StrCat(
      "redis-server not found on PATH (", dirs,
      "); install it (Debian: apt-get install redis-server) or set "
      "LUAKV_REDIS_SERVER to its path"));
}

absl::StatusOr<int> RedisServer::PickFreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return absl::InternalError(std::strerror(errno));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = 0;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    absl::Status s = absl::InternalError(
        absl::StrCat("bind 127.0.0.1:0: ", std::strerror(errno)));
    close(fd);
    return s;
  }
  close(fd);
  return static_cast<int>(ntohs(addr.sin_port));
}

absl::StatusOr<std::unique_ptr<RedisServer>> RedisServer::Start(
    const std::vector<std::string>& extra_args) {
  absl::StatusOr<std::string> binary = FindBinary();
  if (!binary.ok()) return binary.status();

  absl::Status last_error;
  for (int attempt = 0; attempt < kStartAttempts; ++attempt) {
    absl::StatusOr<int> port = PickFreePort();
    if (!port.ok()) return port.status();

    const char* tmp = std::getenv("TMPDIR");
    std::string dir_template =
        absl::StrCat(tmp && *tmp ? tmp : "/tmp", "/luakv-redis-XXXXXX");
    if (mkdtemp(dir_template.data()) == nullptr) {
      return absl::InternalError(
          absl::StrCat("mkdtemp: ", std::strerror(errno)));
    }
    const std::string dir = dir_template;
    const std::string log = dir + "/redis.log";

    std::vector<std::string> args = {
        *binary,       "--port",      absl::StrCat(*port),
        "--bind",      "127.0.0.1",   "--save",
        "",            "--appendonly", "no",
        "--daemonize", "no",          "--dir",
        dir,           "--logfile",   log};
    args.insert(args.end(), extra_args.begin(), extra_args.end());

    const pid_t pid = Spawn(args);
    if (pid < 0) {
      std::error_code ignored;
      std::filesystem::remove_all(dir, ignored);
      return absl::InternalError(absl::StrCat("fork: ", std::strerror(errno)));
    }
    // Owns the child from here on: an early return stops it.
    std::unique_ptr<RedisServer> server(new RedisServer(*binary, dir, *port, pid));

    const auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
    bool exited = false;
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (waitpid(pid, &status, WNOHANG) == pid) {
        exited = true;
        server->pid_ = -1;
        break;
      }
      auto client = RespClient::Connect(*port, std::chrono::seconds(2));
      if (client.ok()) {
        absl::StatusOr<std::string> pong = (*client)->Command({"PING"});
        if (pong.ok() && *pong == "+PONG\r\n") {
          // The log has served its purpose (explaining a failed start).
          // Removing the directory now means a test binary that crashes
          // leaves nothing behind: the kernel kills the server with it.
          std::error_code ignored;
          std::filesystem::remove_all(server->dir_, ignored);
          server->dir_.clear();
          return server;
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    const std::string log_tail = ReadTail(log, 2000);
    last_error = absl::UnavailableError(absl::StrCat(
        *binary, " on port ", *port,
        exited ? " exited during start-up" : " did not answer PING in time",
        "; its log:\n", log_tail));
    // Another process may have taken the port between our pick and the
    // server's bind: try a new one.
    if (log_tail.find("Address already in use") == std::string::npos) break;
  }
  return last_error;
}

RedisServer::~RedisServer() { Stop(); }

void RedisServer::Stop() {
  if (pid_ > 0) {
    // SIGKILL, not SIGTERM: the server keeps nothing worth a clean
    // shutdown, and Redis acts on SIGTERM only at its next cron tick, which
    // would add up to 100 ms to every test process.
    kill(pid_, SIGKILL);
    WaitForExit(pid_, kStopGrace);
    pid_ = -1;
  }
  if (!dir_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
    dir_.clear();
  }
}

}  // namespace luakv::testing
