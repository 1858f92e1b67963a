// Pieces shared by the bundled libraries: a scratch byte buffer whose memory
// belongs to the Lua state, and the number conversions Redis's C libraries
// perform with plain casts.
//
// Error discipline: the library functions raise Lua errors (longjmp-style
// unwinding through our frames), so nothing with a non-trivial destructor
// may be alive across a call that can raise. Scratch memory therefore lives
// in ByteBuffers kept in userdata, never in std::string locals.

#ifndef LUAKV_LUA_BINDINGS_LIBS_LIB_SUPPORT_H_
#define LUAKV_LUA_BINDINGS_LIBS_LIB_SUPPORT_H_

#include <cstddef>
#include <cstdint>

struct lua_State;

namespace luakv::lua::libs {

// A growable byte buffer allocated with the state's allocator (lua_getallocf),
// so a memory cap on the state also caps library output. Trivially
// destructible: it is embedded in userdata whose __gc calls Release.
// Growth that cannot be satisfied raises the Lua error "not enough memory".
class ByteBuffer {
 public:
  // Creates a buffer inside a new full userdata (with a __gc that frees its
  // memory) and pushes that userdata.
  static ByteBuffer* Push(lua_State* L);

  void Clear() { size_ = 0; }
  // Returns the memory to the allocator; the buffer stays usable.
  void Release(lua_State* L);

  // Grows the buffer by `n` bytes and returns where they start; the caller
  // fills them.
  char* Extend(lua_State* L, size_t n) {
    if (capacity_ - size_ < n) Grow(L, n);
    char* at = data_ + size_;
    size_ += n;
    return at;
  }
  void Append(lua_State* L, const void* bytes, size_t n);
  void Append(lua_State* L, char c) { *Extend(L, 1) = c; }

  const char* data() const { return data_; }
  size_t size() const { return size_; }
  size_t capacity() const { return capacity_; }

 private:
  void Grow(lua_State* L, size_t n);

  char* data_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

// Raises the Lua error Lua itself uses for a failed allocation.
[[noreturn]] void RaiseOutOfMemory(lua_State* L);

// double -> int64 as the x86-64 cast compiles (cvttsd2si): truncation toward
// zero, and INT64_MIN for NaN and anything out of range. Lua 5.1's
// lua_tointeger / luaL_checkinteger convert this way, and Redis's libraries
// expose the result (e.g. which offset an error message prints).
int64_t CastToInt64(double d);

// double -> uint64 as GCC compiles the cast on x86-64: values below 2^63 go
// through CastToInt64 (negative ones wrap), values from 2^63 up are reduced
// by 2^63 first; infinity and values >= 2^64 come out as 0.
uint64_t CastToUint64(double d);

// The low 32 bits of `v` read as a signed int: what printf's %d shows when
// Redis hands it a 64-bit value.
int LowInt32(int64_t v);

}  // namespace luakv::lua::libs

#endif  // LUAKV_LUA_BINDINGS_LIBS_LIB_SUPPORT_H_
