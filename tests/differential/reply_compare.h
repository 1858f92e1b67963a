// Comparing the raw RESP replies of redis-server and luakv under a case
// file's directives, and printing them so a mismatch reads at a glance.

#ifndef LUAKV_TESTS_DIFFERENTIAL_REPLY_COMPARE_H_
#define LUAKV_TESTS_DIFFERENTIAL_REPLY_COMPARE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "differential/case_file.h"

namespace luakv::differential {

// True when `expected` (redis) and `actual` (luakv) agree under `compare`:
//  kExact      the bytes are equal.
//  kUnordered  both are aggregates of one type and length whose elements
//              (key-value pairs for maps) are equal as multisets; replies
//              that are not aggregates must be equal bytes.
//  kType       the same RESP type byte, both null or both not (RESP2's $-1
//              and *-1), and for aggregates the same length.
//  kWithin     both integers at most `tolerance` apart; other replies must
//              be equal bytes.
// Malformed RESP on either side never matches.
bool RepliesMatch(Compare compare, int64_t tolerance, std::string_view expected,
                  std::string_view actual);

// `bytes` as a double-quoted C-style string: printable ASCII as is, \r \n
// \t \" \\ escaped, every other byte as \xHH.
std::string EscapeBytes(std::string_view bytes);

}  // namespace luakv::differential

#endif  // LUAKV_TESTS_DIFFERENTIAL_REPLY_COMPARE_H_
