// SHA1 as scripts and the script cache use it: 40 lowercase hex characters.

#ifndef LUAKV_LUA_BINDINGS_SHA1_H_
#define LUAKV_LUA_BINDINGS_SHA1_H_

#include <string>
#include <string_view>

namespace luakv::lua {

std::string Sha1Hex(std::string_view data);

}  // namespace luakv::lua

#endif  // LUAKV_LUA_BINDINGS_SHA1_H_
