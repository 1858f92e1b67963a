// Value and Entry: what a key holds.
//
// A Value is one of Redis's types. Strings are stored inline; the collection
// types (list, hash, set, sorted set) hang off an owning pointer that shares
// the string's storage (a union tagged by the type), so the common small
// string key stays at 40 bytes. Each string also remembers the encoding Redis
// would report for it (OBJECT ENCODING: int, embstr, raw), because that
// depends on how the value was written, not only on its bytes; a collection
// reports its own encoding (listpack, hashtable, ...).

#ifndef LUAKV_KEYSPACE_VALUE_H_
#define LUAKV_KEYSPACE_VALUE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace luakv {

class ListValue;
class HashValue;
class SetValue;
class ZSetValue;

enum class ValueType : uint8_t { kString, kList, kHash, kSet, kZSet };

// TYPE's reply for a value type.
const char* ValueTypeName(ValueType type);

enum class StringEncoding : uint8_t { kInt, kEmbStr, kRaw };

class Value {
 public:
  // Redis keeps strings of at most 44 bytes in one allocation with their
  // header (embstr); longer ones are raw.
  static constexpr size_t kEmbStrMaxLen = 44;

  // A string as SET stores it: "int" when it reads as an integer of at most
  // 20 characters, otherwise embstr or raw by length (tryObjectEncoding).
  static Value StringFromCommand(std::string bytes);
  // A string as a command that builds it from parts stores it (APPEND,
  // SETRANGE: always raw; INCR: int; INCRBYFLOAT: by length).
  static Value String(std::string bytes, StringEncoding encoding);
  // The encoding createStringObject would choose: embstr or raw by length.
  static StringEncoding EncodingByLength(size_t len) {
    return len <= kEmbStrMaxLen ? StringEncoding::kEmbStr
                                : StringEncoding::kRaw;
  }

  // A value that owns a new, empty collection of the given kind.
  static Value NewList();
  static Value NewHash();
  static Value NewSet();
  static Value NewZSet();
  // Values that take ownership of a collection built elsewhere.
  static Value Of(ListValue&& list);
  static Value Of(HashValue&& hash);
  static Value Of(SetValue&& set);
  static Value Of(ZSetValue&& zset);

  Value() : str_() {}
  ~Value() { DestroyPayload(); }
  Value(Value&& o) noexcept;
  Value& operator=(Value&& o) noexcept;
  Value(const Value&) = delete;
  Value& operator=(const Value&) = delete;

  ValueType type() const { return type_; }
  bool is_string() const { return type_ == ValueType::kString; }

  // The collection. REQUIRES: type() is the matching kind.
  ListValue& list() const { return *list_; }
  HashValue& hash() const { return *hash_; }
  SetValue& set() const { return *set_; }
  ZSetValue& zset() const { return *zset_; }

  // REQUIRES: is_string().
  const std::string& str() const { return str_; }
  std::string& mutable_str() { return str_; }
  StringEncoding string_encoding() const { return encoding_; }
  void set_string_encoding(StringEncoding e) { encoding_ = e; }

  // OBJECT ENCODING's reply.
  const char* EncodingName() const;

  // Last access in seconds since the epoch (OBJECT IDLETIME), truncated to
  // 32 bits; it sits in what would otherwise be padding.
  uint32_t access_s() const { return access_s_; }
  void set_access_s(uint32_t s) { access_s_ = s; }

  // Heap bytes owned by this value beyond sizeof(Value), collections
  // included. O(1): collections keep their own count.
  size_t HeapBytes() const;

  // A deep copy (COPY, and undo records of in-place changes).
  Value Clone() const;

 private:
  // Destroys whichever member of the union is live (and nothing else).
  void DestroyPayload();

  ValueType type_ = ValueType::kString;
  StringEncoding encoding_ = StringEncoding::kEmbStr;
  uint32_t access_s_ = 0;
  // Which member is live follows type_.
  union {
    std::string str_;
    ListValue* list_;
    HashValue* hash_;
    SetValue* set_;
    ZSetValue* zset_;
  };
};

// No expiry.
inline constexpr int64_t kNoExpiry = -1;

struct Entry {
  Value value;
  // Absolute Unix time in milliseconds, or kNoExpiry.
  int64_t expire_at_ms = kNoExpiry;

  bool has_expiry() const { return expire_at_ms != kNoExpiry; }
};

// Bytes a std::string holds in its own small-string buffer (libstdc++).
constexpr size_t kInlineStringBytes = 15;

// Heap bytes of a std::string beyond sizeof(std::string) (0 while the
// small-string buffer holds it).
inline size_t StringHeapBytes(const std::string& s) {
  return s.capacity() > kInlineStringBytes ? s.capacity() + 1 : 0;
}

}  // namespace luakv

#endif  // LUAKV_KEYSPACE_VALUE_H_
