// Propagation macros for absl::Status (Debian 12's abseil has none).

#ifndef LUAKV_KEYSPACE_UTIL_STATUS_MACROS_H_
#define LUAKV_KEYSPACE_UTIL_STATUS_MACROS_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"

#define LUAKV_RETURN_IF_ERROR(expr)          \
  do {                                       \
    ::absl::Status luakv_status_ = (expr);   \
    if (!luakv_status_.ok()) return luakv_status_; \
  } while (0)

#define LUAKV_STATUS_CONCAT_INNER_(a, b) a##b
#define LUAKV_STATUS_CONCAT_(a, b) LUAKV_STATUS_CONCAT_INNER_(a, b)

#define LUAKV_ASSIGN_OR_RETURN(lhs, expr)                                   \
  auto LUAKV_STATUS_CONCAT_(luakv_statusor_, __LINE__) = (expr);            \
  if (!LUAKV_STATUS_CONCAT_(luakv_statusor_, __LINE__).ok())                \
    return LUAKV_STATUS_CONCAT_(luakv_statusor_, __LINE__).status();        \
  lhs = std::move(LUAKV_STATUS_CONCAT_(luakv_statusor_, __LINE__)).value()

namespace luakv {

// absl::Status::message() is an absl::string_view on Debian 12.
inline std::string_view StatusMessage(const absl::Status& status) {
  auto m = status.message();
  return std::string_view(m.data(), m.size());
}

}  // namespace luakv

#endif  // LUAKV_KEYSPACE_UTIL_STATUS_MACROS_H_
