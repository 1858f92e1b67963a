#include "differential/case_file.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace luakv::differential {
namespace {

bool IsSpace(char c) { return std::isspace(static_cast<unsigned char>(c)); }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

// Removes and returns the first whitespace-delimited word of `*s`.
std::string_view TakeWord(std::string_view* s) {
  *s = Trim(*s);
  size_t end = 0;
  while (end < s->size() && !IsSpace((*s)[end])) ++end;
  std::string_view word = s->substr(0, end);
  s->remove_prefix(end);
  *s = Trim(*s);
  return word;
}

// Parses one line that belongs to a sequence into `step`.
absl::Status ParseStep(std::string_view line, Step* step) {
  std::string_view rest = line;
  if (!rest.empty() && rest.front() == '!') {
    const std::string_view directive = TakeWord(&rest);
    if (directive == "!sleep") {
      const std::string_view ms = TakeWord(&rest);
      int value = 0;
      if (!absl::SimpleAtoi(absl::string_view(ms.data(), ms.size()), &value) ||
          value <= 0 || !rest.empty()) {
        return absl::InvalidArgumentError(
            "!sleep takes one positive number of milliseconds");
      }
      step->sleep_ms = value;
      return absl::OkStatus();
    }
    if (directive == "!unordered") {
      step->compare = Compare::kUnordered;
    } else if (directive == "!type") {
      step->compare = Compare::kType;
    } else if (directive == "!within") {
      const std::string_view n = TakeWord(&rest);
      int64_t value = 0;
      if (!absl::SimpleAtoi(absl::string_view(n.data(), n.size()), &value) ||
          value < 0) {
        return absl::InvalidArgumentError(
            "!within takes a non-negative integer tolerance before the command");
      }
      step->compare = Compare::kWithin;
      step->tolerance = value;
    } else {
      return absl::InvalidArgumentError(absl::StrCat(
          "unknown directive '", std::string(directive),
          "' (known: !unordered, !type, !within N, !sleep MS)"));
    }
  }
  absl::StatusOr<std::vector<std::string>> argv = SplitCommandLine(rest);
  if (!argv.ok()) return argv.status();
  if (argv->empty()) {
    return absl::InvalidArgumentError("directive without a command");
  }
  step->argv = *std::move(argv);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<std::string>> SplitCommandLine(
    std::string_view line) {
  std::vector<std::string> out;
  size_t i = 0;
  const size_t n = line.size();
  for (;;) {
    while (i < n && IsSpace(line[i])) ++i;
    if (i >= n) return out;
    std::string arg;
    bool in_double = false;
    bool in_single = false;
    bool done = false;
    while (!done) {
      if (in_double) {
        if (i >= n) {
          return absl::InvalidArgumentError("unbalanced double quotes");
        }
        const char c = line[i];
        if (c == '\\' && i + 3 < n && line[i + 1] == 'x' &&
            HexValue(line[i + 2]) >= 0 && HexValue(line[i + 3]) >= 0) {
          arg.push_back(static_cast<char>(HexValue(line[i + 2]) * 16 +
                                          HexValue(line[i + 3])));
          i += 4;
        } else if (c == '\\' && i + 1 < n) {
          char e = line[i + 1];
          switch (e) {
            case 'n': e = '\n'; break;
            case 'r': e = '\r'; break;
            case 't': e = '\t'; break;
            case 'b': e = '\b'; break;
            case 'a': e = '\a'; break;
            default: break;
          }
          arg.push_back(e);
          i += 2;
        } else if (c == '"') {
          if (i + 1 < n && !IsSpace(line[i + 1])) {
            return absl::InvalidArgumentError(
                "a closing double quote must be followed by a space");
          }
          ++i;
          done = true;
        } else {
          arg.push_back(c);
          ++i;
        }
      } else if (in_single) {
        if (i >= n) {
          return absl::InvalidArgumentError("unbalanced single quotes");
        }
        const char c = line[i];
        if (c == '\\' && i + 1 < n && line[i + 1] == '\'') {
          arg.push_back('\'');
          i += 2;
        } else if (c == '\'') {
          if (i + 1 < n && !IsSpace(line[i + 1])) {
            return absl::InvalidArgumentError(
                "a closing single quote must be followed by a space");
          }
          ++i;
          done = true;
        } else {
          arg.push_back(c);
          ++i;
        }
      } else {
        if (i >= n) {
          done = true;
          break;
        }
        const char c = line[i];
        switch (c) {
          case ' ': case '\n': case '\r': case '\t': case '\0':
            done = true;
            break;
          case '"':
            in_double = true;
            ++i;
            break;
          case '\'':
            in_single = true;
            ++i;
            break;
          default:
            arg.push_back(c);
            ++i;
            break;
        }
      }
    }
    out.push_back(std::move(arg));
  }
}

std::vector<Sequence> ParseCaseFile(std::string_view file_name,
                                    std::string_view text) {
  std::vector<Sequence> out;
  int line_no = 0;
  int cluster_nodes = 0;
  auto fail = [&](Sequence& seq, int at, std::string message) {
    if (seq.error.empty()) {
      seq.error = std::move(message);
      seq.error_line = at;
    }
  };
  while (!text.empty()) {
    const size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const std::string_view trimmed = Trim(line);
    if (trimmed.empty()) continue;
    if (trimmed.substr(0, 2) == "##") {
      Sequence seq;
      seq.file = std::string(file_name);
      seq.name = std::string(Trim(trimmed.substr(2)));
      seq.line = line_no;
      seq.cluster_nodes = cluster_nodes;
      if (seq.name.empty()) fail(seq, line_no, "a sequence needs a name after ##");
      out.push_back(std::move(seq));
      continue;
    }
    if (trimmed.front() == '#') continue;
    if (trimmed == "!cluster" || trimmed == "!cluster 2") {
      if (out.empty()) {
        cluster_nodes = trimmed == "!cluster" ? 1 : 2;
      } else {
        fail(out.back(), line_no,
             "!cluster must come before the first sequence of the file");
      }
      continue;
    }
    if (out.empty()) {
      Sequence seq;
      seq.file = std::string(file_name);
      seq.name = "before the first sequence";
      seq.line = line_no;
      fail(seq, line_no, "a command before the first '## name' line");
      out.push_back(std::move(seq));
      continue;
    }
    Sequence& seq = out.back();
    Step step;
    step.line = line_no;
    step.text = std::string(trimmed);
    if (absl::Status s = ParseStep(trimmed, &step); !s.ok()) {
      auto m = s.message();
      fail(seq, line_no, std::string(m.data(), m.size()));
      continue;
    }
    seq.steps.push_back(std::move(step));
  }
  return out;
}

std::vector<Sequence> LoadCaseDirectory(const std::string& dir) {
  auto failure = [&dir](std::string message) {
    Sequence seq;
    seq.file = dir;
    seq.name = "cases directory";
    seq.error = std::move(message);
    return std::vector<Sequence>{std::move(seq)};
  };
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  std::filesystem::directory_iterator it(dir, ec);
  if (ec) return failure("cannot read the cases directory: " + ec.message());
  for (; it != std::filesystem::directory_iterator(); it.increment(ec)) {
    if (ec) return failure("cannot list the cases directory: " + ec.message());
    if (it->path().extension() == ".txt" && it->is_regular_file(ec)) {
      files.push_back(it->path());
    }
  }
  std::sort(files.begin(), files.end());
  std::vector<Sequence> out;
  for (const auto& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    std::vector<Sequence> seqs =
        ParseCaseFile(path.filename().string(), text.str());
    for (Sequence& s : seqs) out.push_back(std::move(s));
  }
  if (out.empty()) return failure("no sequences in any *.txt file");
  return out;
}

}  // namespace luakv::differential
