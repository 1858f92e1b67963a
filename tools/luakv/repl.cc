#include "tools/luakv/repl.h"

#include <editline/readline.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <vector>

#include "luakv/reply.h"
#include "tools/common/split_args.h"

#ifndef LUAKV_VERSION_STRING
#define LUAKV_VERSION_STRING "0.0.0"
#endif

namespace luakv::tools {
namespace {

bool Eq(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::string HistoryPath() {
  if (const char* file = std::getenv("LUAKV_HISTFILE")) return file;
  const char* home = std::getenv("HOME");
  return home == nullptr ? std::string()
                         : std::string(home) + "/.luakv_history";
}

}  // namespace

Repl::Repl(Engine& engine, OutputMode mode) : engine_(engine), mode_(mode) {
  session_.set_id(1);
}

std::string Repl::Prompt() const {
  if (session_.db() == 0) return "luakv> ";
  return "luakv[" + std::to_string(session_.db()) + "]> ";
}

std::string Repl::Help(std::string_view topic) {
  if (topic.empty()) {
    return "luakv " LUAKV_VERSION_STRING
           " (an in-memory engine that answers like Redis 7.0)\n"
           "Type commands as in redis-cli, for example:\n"
           "      SET greeting \"hello world\"\n"
           "      EVAL \"return redis.call('GET', KEYS[1])\" 1 greeting\n"
           "      \"help <command>\" shows what luakv knows about a command\n"
           "      \"quit\" to exit\n";
  }
  const std::string_view query[] = {"COMMAND", "INFO", topic};
  Reply info = engine_.Execute(session_, query);
  if (info.type() != Reply::Type::kArray || info.size() != 1 ||
      info[0].type() != Reply::Type::kArray || info[0].size() < 7) {
    return "No help for '" + std::string(topic) + "'\n";
  }
  const Reply& row = info[0];
  const int64_t arity = row[1].integer();
  std::string out = "\n  " + row[0].str() + "\n  arity: ";
  out += arity < 0 ? "at least " + std::to_string(-arity - 1) + " argument(s)"
                   : std::to_string(arity - 1) + " argument(s)";
  out += "\n  flags:";
  for (const Reply& f : row[2].elements()) out += " " + f.str();
  out += "\n  categories:";
  for (const Reply& c : row[6].elements()) out += " " + c.str();
  out += "\n\n";
  return out;
}

std::string Repl::RunLine(std::string_view line, bool* quit) {
  *quit = false;
  std::optional<std::vector<std::string>> args = SplitArgs(line);
  if (!args) return "Invalid argument(s)\n";
  if (args->empty()) return "";
  std::vector<std::string>& argv = *args;
  if (Eq(argv[0], "quit") || Eq(argv[0], "exit")) {
    *quit = true;
    return "";
  }
  if (Eq(argv[0], "help") || argv[0] == "?") {
    std::string topic;
    for (size_t i = 1; i < argv.size(); ++i) {
      if (i > 1) topic.push_back(' ');
      topic += argv[i];
    }
    return Help(topic);
  }
  if (Eq(argv[0], "clear") && argv.size() == 1) {
    return isatty(STDOUT_FILENO) ? "\033[H\033[2J" : "";
  }
  // redis-cli repeats a command given a count first: "3 INCR n".
  long repeat = 1;
  if (argv.size() > 1 && !argv[0].empty()) {
    char* end = nullptr;
    errno = 0;
    const long n = std::strtol(argv[0].c_str(), &end, 10);
    if (*end == '\0') {
      if (errno == ERANGE || n <= 0) {
        return "Invalid redis-cli repeat command option value.\n";
      }
      repeat = n;
      argv.erase(argv.begin());
    }
  }
  std::vector<std::string_view> views(argv.begin(), argv.end());
  std::string out;
  for (long i = 0; i < repeat; ++i) {
    Reply reply;
    if (Eq(views[0], "hello")) {
      // HELLO replies in the protocol it selects: build the reply as RESP3,
      // then shape it for the protocol in force afterwards.
      ReplyBuilder builder(3);
      engine_.Execute(session_, views, builder);
      ReplyBuilder shaped(session_.protocol());
      builder.Take().WriteTo(shaped);
      reply = shaped.Take();
    } else {
      reply = engine_.Execute(session_, views);
    }
    out += FormatReply(reply, mode_);
  }
  return out;
}

int Repl::Run() { return isatty(STDIN_FILENO) ? RunInteractive() : RunPiped(); }

int Repl::RunPiped() {
  std::string line;
  while (std::getline(std::cin, line)) {
    bool quit = false;
    std::string out = RunLine(line, &quit);
    std::fwrite(out.data(), 1, out.size(), stdout);
    std::fflush(stdout);
    if (quit) break;
  }
  return 0;
}

int Repl::RunInteractive() {
  const std::string history = HistoryPath();
  using_history();
  if (!history.empty()) read_history(history.c_str());
  std::printf("luakv %s. Type \"help\" for help, \"quit\" to exit.\n",
              LUAKV_VERSION_STRING);
  while (true) {
    char* raw = readline(Prompt().c_str());
    if (raw == nullptr) break;  // end of input (Ctrl-D)
    std::string line(raw);
    std::free(raw);
    if (line.find_first_not_of(" \t") != std::string::npos) {
      add_history(line.c_str());
      if (!history.empty()) write_history(history.c_str());
    }
    bool quit = false;
    std::string out = RunLine(line, &quit);
    std::fwrite(out.data(), 1, out.size(), stdout);
    std::fflush(stdout);
    if (quit) break;
  }
  return 0;
}

}  // namespace luakv::tools
