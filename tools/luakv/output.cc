#include "tools/luakv/output.h"

#include <unistd.h>

namespace luakv::tools {

OutputMode ChooseOutputMode(bool raw, bool no_raw) {
  if (no_raw) return OutputMode::kFormatted;
  if (raw) return OutputMode::kRaw;
  return isatty(STDOUT_FILENO) ? OutputMode::kFormatted : OutputMode::kRaw;
}

std::string FormatReply(const Reply& reply, OutputMode mode) {
  std::string out =
      mode == OutputMode::kRaw ? reply.ToRawString() : reply.ToString();
  out.push_back('\n');
  return out;
}

}  // namespace luakv::tools
