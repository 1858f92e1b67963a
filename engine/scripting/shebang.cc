#include "engine/scripting/shebang.h"

#include "engine/errors.h"

namespace luakv {
namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' ||
         c == '\r';
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

struct FlagName {
  std::string_view name;
  ScriptFlag flag;
};

constexpr FlagName kFlagNames[] = {
    {"no-writes", kScriptNoWrites},
    {"allow-oom", kScriptAllowOom},
    {"allow-stale", kScriptAllowStale},
    {"no-cluster", kScriptNoCluster},
    {"allow-cross-slot-keys", kScriptAllowCrossSlot},
};

absl::Status Error(std::string_view prefix, std::string_view token = {}) {
  std::string text(prefix);
  // Redis formats the token with "%s": it ends at a NUL.
  text.append(token.substr(0, token.find('\0')));
  return absl::InvalidArgumentError(text);
}

}  // namespace

std::optional<std::vector<std::string>> SplitArgs(std::string_view line) {
  // Redis reads the line as a C string.
  line = line.substr(0, line.find('\0'));
  auto at = [&line](size_t i) { return i < line.size() ? line[i] : '\0'; };
  std::vector<std::string> out;
  size_t p = 0;
  for (;;) {
    while (p < line.size() && IsSpace(line[p])) ++p;
    if (p >= line.size()) return out;
    std::string current;
    bool in_double = false;
    bool in_single = false;
    for (bool done = false; !done;) {
      const char c = at(p);
      if (in_double) {
        if (c == '\\' && at(p + 1) == 'x' && HexValue(at(p + 2)) >= 0 &&
            HexValue(at(p + 3)) >= 0) {
          current.push_back(
              static_cast<char>(HexValue(at(p + 2)) * 16 + HexValue(at(p + 3))));
          p += 3;
        } else if (c == '\\' && at(p + 1) != '\0') {
          ++p;
          switch (at(p)) {
            case 'n': current.push_back('\n'); break;
            case 'r': current.push_back('\r'); break;
            case 't': current.push_back('\t'); break;
            case 'b': current.push_back('\b'); break;
            case 'a': current.push_back('\a'); break;
            default: current.push_back(at(p)); break;
          }
        } else if (c == '"') {
          if (at(p + 1) != '\0' && !IsSpace(at(p + 1))) return std::nullopt;
          done = true;
        } else if (c == '\0') {
          return std::nullopt;
        } else {
          current.push_back(c);
        }
      } else if (in_single) {
        if (c == '\\' && at(p + 1) == '\'') {
          ++p;
          current.push_back('\'');
        } else if (c == '\'') {
          if (at(p + 1) != '\0' && !IsSpace(at(p + 1))) return std::nullopt;
          done = true;
        } else if (c == '\0') {
          return std::nullopt;
        } else {
          current.push_back(c);
        }
      } else {
        switch (c) {
          case ' ': case '\n': case '\r': case '\t': case '\0':
            done = true;
            break;
          case '"':
            in_double = true;
            break;
          case '\'':
            in_single = true;
            break;
          default:
            current.push_back(c);
            break;
        }
      }
      if (at(p) != '\0') ++p;
    }
    out.push_back(std::move(current));
  }
}

absl::StatusOr<Shebang> ParseShebang(std::string_view body) {
  Shebang result;
  if (body.substr(0, 2) != "#!") return result;
  // Redis looks for the newline in a C string.
  const size_t end = body.find_first_of(std::string_view("\n\0", 2));
  if (end == std::string_view::npos || body[end] != '\n') {
    return Error(errors::kShebangNoNewline);
  }
  const std::optional<std::vector<std::string>> parts =
      SplitArgs(body.substr(0, end));
  if (!parts.has_value() || parts->empty()) {
    return Error(errors::kShebangUnsplittable);
  }
  if ((*parts)[0] != "#!lua") {
    return Error(errors::kShebangEnginePrefix, (*parts)[0]);
  }
  result.flags = 0;
  result.length = end;
  for (size_t i = 1; i < parts->size(); ++i) {
    std::string_view part = (*parts)[i];
    if (part.substr(0, 6) != "flags=") {
      return Error(errors::kShebangOptionPrefix, part);
    }
    std::string_view list = part.substr(6);
    if (list.empty()) continue;  // "flags=": declared, no flags
    for (;;) {
      const size_t comma = list.find(',');
      const std::string_view name = list.substr(0, comma);
      bool known = false;
      for (const FlagName& f : kFlagNames) {
        if (f.name == name) {
          result.flags |= f.flag;
          known = true;
          break;
        }
      }
      if (!known) return Error(errors::kShebangFlagPrefix, name);
      if (comma == std::string_view::npos) break;
      list.remove_prefix(comma + 1);
    }
  }
  return result;
}

}  // namespace luakv
