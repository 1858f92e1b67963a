#include "lua_bindings/libs/lib_support.h"

#include <cstring>
#include <limits>
#include <lua.hpp>
#include <new>

namespace luakv::lua::libs {
namespace {

constexpr char kByteBufferMeta[] = "luakv.ByteBuffer";
constexpr size_t kMinCapacity = 64;

int ByteBufferGc(lua_State* L) {
  static_cast<ByteBuffer*>(lua_touserdata(L, 1))->Release(L);
  return 0;
}

}  // namespace

ByteBuffer* ByteBuffer::Push(lua_State* L) {
  auto* buffer = new (lua_newuserdata(L, sizeof(ByteBuffer))) ByteBuffer();
  if (luaL_newmetatable(L, kByteBufferMeta)) {
    lua_pushcfunction(L, ByteBufferGc);
    lua_setfield(L, -2, "__gc");
  }
  lua_setmetatable(L, -2);
  return buffer;
}

void ByteBuffer::Release(lua_State* L) {
  if (data_ != nullptr) {
    void* ud;
    lua_Alloc alloc = lua_getallocf(L, &ud);
    alloc(ud, data_, capacity_, 0);
  }
  data_ = nullptr;
  size_ = 0;
  capacity_ = 0;
}

void ByteBuffer::Append(lua_State* L, const void* bytes, size_t n) {
  if (n == 0) return;
  std::memcpy(Extend(L, n), bytes, n);
}

void ByteBuffer::Grow(lua_State* L, size_t n) {
  // Sizes are checked before any arithmetic can wrap; a request that cannot
  // be represented is an allocation failure, never a short buffer.
  constexpr size_t kMax = std::numeric_limits<size_t>::max() / 2;
  if (n > kMax - size_) RaiseOutOfMemory(L);
  size_t needed = size_ + n;
  size_t capacity = capacity_ < kMinCapacity ? kMinCapacity : capacity_;
  while (capacity < needed) capacity *= 2;
  void* ud;
  lua_Alloc alloc = lua_getallocf(L, &ud);
  void* grown = alloc(ud, data_, capacity_, capacity);
  if (grown == nullptr) RaiseOutOfMemory(L);
  data_ = static_cast<char*>(grown);
  capacity_ = capacity;
}

void RaiseOutOfMemory(lua_State* L) {
  lua_pushliteral(L, "not enough memory");
  lua_error(L);
  __builtin_unreachable();
}

int64_t CastToInt64(double d) {
  // The range test is written so that NaN fails it.
  if (d >= -9223372036854775808.0 && d < 9223372036854775808.0) {
    return static_cast<int64_t>(d);
  }
  return std::numeric_limits<int64_t>::min();
}

uint64_t CastToUint64(double d) {
  constexpr double kTwo63 = 9223372036854775808.0;
  constexpr uint64_t kHighBit = uint64_t{1} << 63;
  if (d >= kTwo63) {
    return static_cast<uint64_t>(CastToInt64(d - kTwo63)) ^ kHighBit;
  }
  return static_cast<uint64_t>(CastToInt64(d));
}

int LowInt32(int64_t v) {
  return static_cast<int32_t>(static_cast<uint32_t>(static_cast<uint64_t>(v)));
}

}  // namespace luakv::lua::libs
