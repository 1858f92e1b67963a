// SplitArgs: splits one line of text into arguments with the quoting rules
// redis-cli and Redis's inline protocol share:
//
//   SET "a key" 'it''s'     ->  error: a closing quote must end the argument
//   SET "a key" "x\x41\n"   ->  {"SET", "a key", "xA\n"}
//   SET 'it\'s' v           ->  {"SET", "it's", "v"}
//
// Outside quotes, spaces, tabs, CR, LF and NUL separate arguments, and a
// quote opens a quoted part (`a"b c"` is one argument, "ab c"). Inside
// double quotes \xHH (two hex digits), \n \r \t \b \a, and backslash before
// any other character (that character) are escapes. Inside single quotes
// only \' is. A NUL byte ends the line, as it ends a C string.

#ifndef LUAKV_TOOLS_COMMON_SPLIT_ARGS_H_
#define LUAKV_TOOLS_COMMON_SPLIT_ARGS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace luakv::tools {

// The arguments of `line`, or nullopt when its quotes are unbalanced (or a
// closing quote is followed by something other than a space). An empty or
// blank line gives no arguments.
std::optional<std::vector<std::string>> SplitArgs(std::string_view line);

}  // namespace luakv::tools

#endif  // LUAKV_TOOLS_COMMON_SPLIT_ARGS_H_
