#include "tools/luakv/command_file.h"

#include <fstream>
#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "tools/common/split_args.h"

namespace luakv::tools {

absl::Status RunCommandFile(Engine& engine, Session& session,
                            const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    const size_t first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    std::optional<std::vector<std::string>> args = SplitArgs(line);
    if (!args) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ":", number, ": Invalid argument(s)"));
    }
    if (args->empty()) continue;
    std::vector<std::string_view> views(args->begin(), args->end());
    Reply reply = engine.Execute(session, views);
    if (reply.is_error()) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ":", number, ": ", reply.str()));
    }
  }
  return absl::OkStatus();
}

}  // namespace luakv::tools
