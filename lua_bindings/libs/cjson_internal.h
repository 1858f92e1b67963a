// Shared between the cjson module (options, registration) and its encoder
// and decoder. Each cjson module table has one CjsonConfig, held in a
// userdata that is upvalue 1 of every function of that table.

#ifndef LUAKV_LUA_BINDINGS_LIBS_CJSON_INTERNAL_H_
#define LUAKV_LUA_BINDINGS_LIBS_CJSON_INTERNAL_H_

#include "lua_bindings/libs/lib_support.h"

struct lua_State;

namespace luakv::lua::libs {

enum class InvalidNumbers {
  kReject,  // error "Cannot serialise number: must not be NaN or Inf"
  kAllow,   // written as inf, -inf, nan
  kAsNull,  // written as null
};

// Defaults are Redis's (lua-cjson 2.1.0 as bundled).
struct CjsonConfig {
  bool encode_sparse_convert = false;
  int encode_sparse_ratio = 2;
  int encode_sparse_safe = 10;
  int encode_max_depth = 1000;
  int decode_max_depth = 1000;
  int encode_number_precision = 14;
  bool encode_keep_buffer = true;
  InvalidNumbers encode_invalid_numbers = InvalidNumbers::kReject;
  bool decode_invalid_numbers = true;
  ByteBuffer encode_buffer;
  ByteBuffer decode_buffer;
};

// The config of the running cjson function (its upvalue 1).
CjsonConfig* CurrentCjsonConfig(lua_State* L);

// cjson.encode(value) and cjson.decode(text).
int CjsonEncode(lua_State* L);
int CjsonDecode(lua_State* L);

}  // namespace luakv::lua::libs

#endif  // LUAKV_LUA_BINDINGS_LIBS_CJSON_INTERNAL_H_
