// Case files of the differential tests: sequences of commands that are sent
// to a real redis-server and to luakv, whose replies must be identical.
// README.md in this directory describes the format for authors.
//
// Parsing never stops at the first bad line: a sequence that does not parse
// carries its error, and the test made from it fails with that error, so one
// typo cannot hide the other sequences of its file.

#ifndef LUAKV_TESTS_DIFFERENTIAL_CASE_FILE_H_
#define LUAKV_TESTS_DIFFERENTIAL_CASE_FILE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace luakv::differential {

// How the two replies to a command are compared.
enum class Compare {
  kExact,      // byte for byte
  kUnordered,  // a top-level aggregate as a multiset of its elements
  kType,       // the RESP type byte (and null-ness), and aggregate lengths
  kWithin,     // integers may differ by at most Step::tolerance
};

// One line of a sequence: a command, or a pause when `argv` is empty.
struct Step {
  int line = 0;
  // The line as written, for failure messages.
  std::string text;
  std::vector<std::string> argv;
  Compare compare = Compare::kExact;
  int64_t tolerance = 0;
  int sleep_ms = 0;
};

struct Sequence {
  // The case file's name within the cases directory ("strings.txt").
  std::string file;
  // The text after "##".
  std::string name;
  // Line of the "##" header.
  int line = 0;
  std::vector<Step> steps;
  // The file starts with "!cluster" (1) or "!cluster 2" (2); 0 otherwise.
  // The sequence then runs against a cluster-enabled redis-server and a
  // luakv Engine with Options::cluster_checks on: with 1 the node owns
  // every slot; with 2 it owns slots 0..8191 and a second node the rest
  // (luakv: owned_slots 0..8191, MOVED naming the second node).
  int cluster_nodes = 0;
  // Non-empty when a line of the sequence did not parse; the first such
  // line wins.
  std::string error;
  int error_line = 0;
};

// Splits a command line into arguments as redis-cli does: whitespace
// separates; "double quotes" take \n \r \t \b \a \" \\ and \xHH escapes;
// 'single quotes' are literal but for \'. A closing quote must be followed
// by whitespace or the end of the line. InvalidArgument on unbalanced
// quotes.
absl::StatusOr<std::vector<std::string>> SplitCommandLine(
    std::string_view line);

// The sequences of one case file, in file order.
std::vector<Sequence> ParseCaseFile(std::string_view file_name,
                                    std::string_view text);

// The sequences of every *.txt file in `dir`, files in name order. A
// directory that cannot be read, or holds no sequence at all, yields one
// sequence that carries the error.
std::vector<Sequence> LoadCaseDirectory(const std::string& dir);

}  // namespace luakv::differential

#endif  // LUAKV_TESTS_DIFFERENTIAL_CASE_FILE_H_
