#include "engine/errors.h"

#include <algorithm>
#include <cctype>

#include "absl/strings/str_cat.h"

namespace luakv::errors {
namespace {

// printf's "%.*s" stops at a NUL byte; Redis formats these texts that way.
std::string_view CString(std::string_view s, size_t max) {
  size_t nul = s.find('\0');
  if (nul != std::string_view::npos) s = s.substr(0, nul);
  return s.substr(0, std::min(s.size(), max));
}

std::string_view Sv(std::string_view s) { return s; }

}  // namespace

std::string WrongArity(std::string_view fullname) {
  std::string out = "ERR wrong number of arguments for '";
  out.append(fullname);
  out.append("' command");
  return out;
}

std::string UnknownCommand(std::span<const std::string_view> argv) {
  std::string args;
  for (size_t i = 1; i < argv.size() && args.size() < 128; ++i) {
    const size_t room = 128 - args.size();
    args.push_back('\'');
    args.append(CString(argv[i], room));
    args.append("' ");
  }
  std::string out = "ERR unknown command '";
  out.append(CString(argv.empty() ? Sv("") : argv[0], 128));
  out.append("', with args beginning with: ");
  out.append(args);
  return OneLine(out);
}

std::string UnknownSubcommand(std::string_view container,
                              std::string_view sub) {
  std::string upper(container);
  for (char& c : upper) c = static_cast<char>(toupper(static_cast<unsigned char>(c)));
  std::string out = "ERR unknown subcommand '";
  out.append(CString(sub, 128));
  out.append("'. Try ");
  out.append(upper);
  out.append(" HELP.");
  return OneLine(out);
}

std::string InvalidExpireTime(std::string_view command) {
  return absl::StrCat("ERR invalid expire time in '",
                      absl::string_view(command.data(), command.size()),
                      "' command");
}

bool NeedsOneLine(std::string_view text) {
  return text.find_first_of("\r\n") != std::string_view::npos;
}

std::string OneLine(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c == '\r' || c == '\n') c = ' ';
  }
  return out;
}

}  // namespace luakv::errors
