#include "keyspace/value.h"

#include <new>
#include <utility>

#include "keyspace/hash.h"
#include "keyspace/list.h"
#include "keyspace/set.h"
#include "keyspace/util/numbers.h"
#include "keyspace/zset.h"

namespace luakv {

// The collections share the string's storage; keep the common small string
// key as small as it was before they existed.
static_assert(sizeof(Value) <= 40, "Value must stay at 40 bytes");

const char* ValueTypeName(ValueType type) {
  switch (type) {
    case ValueType::kString: return "string";
    case ValueType::kList: return "list";
    case ValueType::kHash: return "hash";
    case ValueType::kSet: return "set";
    case ValueType::kZSet: return "zset";
  }
  return "none";
}

Value::Value(Value&& o) noexcept
    : type_(o.type_), encoding_(o.encoding_), access_s_(o.access_s_) {
  if (type_ == ValueType::kString) {
    new (&str_) std::string(std::move(o.str_));
    return;
  }
  list_ = o.list_;  // the pointer members are interchangeable bits
  o.type_ = ValueType::kString;
  new (&o.str_) std::string();
}

Value& Value::operator=(Value&& o) noexcept {
  if (this == &o) return *this;
  const ValueType type = o.type_;
  if (type_ == ValueType::kString && type == ValueType::kString) {
    str_ = std::move(o.str_);
  } else {
    DestroyPayload();
    if (type == ValueType::kString) {
      new (&str_) std::string(std::move(o.str_));
    } else {
      list_ = o.list_;
      o.type_ = ValueType::kString;
      new (&o.str_) std::string();
    }
  }
  type_ = type;
  encoding_ = o.encoding_;
  access_s_ = o.access_s_;
  return *this;
}

void Value::DestroyPayload() {
  switch (type_) {
    case ValueType::kString: str_.~basic_string(); break;
    case ValueType::kList: delete list_; break;
    case ValueType::kHash: delete hash_; break;
    case ValueType::kSet: delete set_; break;
    case ValueType::kZSet: delete zset_; break;
  }
}

Value Value::StringFromCommand(std::string bytes) {
  StringEncoding enc = EncodingByLength(bytes.size());
  if (bytes.size() <= 20 && ParseInt64(bytes).has_value()) {
    enc = StringEncoding::kInt;
  }
  return String(std::move(bytes), enc);
}

Value Value::String(std::string bytes, StringEncoding encoding) {
  Value v;
  v.type_ = ValueType::kString;
  v.encoding_ = encoding;
  v.str_ = std::move(bytes);
  return v;
}

Value Value::NewList() { return Of(ListValue()); }
Value Value::NewHash() { return Of(HashValue()); }
Value Value::NewSet() { return Of(SetValue()); }
Value Value::NewZSet() { return Of(ZSetValue()); }

Value Value::Of(ListValue&& list) {
  auto* p = new ListValue(std::move(list));
  Value v;
  v.DestroyPayload();
  v.type_ = ValueType::kList;
  v.list_ = p;
  return v;
}

Value Value::Of(HashValue&& hash) {
  auto* p = new HashValue(std::move(hash));
  Value v;
  v.DestroyPayload();
  v.type_ = ValueType::kHash;
  v.hash_ = p;
  return v;
}

Value Value::Of(SetValue&& set) {
  auto* p = new SetValue(std::move(set));
  Value v;
  v.DestroyPayload();
  v.type_ = ValueType::kSet;
  v.set_ = p;
  return v;
}

Value Value::Of(ZSetValue&& zset) {
  auto* p = new ZSetValue(std::move(zset));
  Value v;
  v.DestroyPayload();
  v.type_ = ValueType::kZSet;
  v.zset_ = p;
  return v;
}

const char* Value::EncodingName() const {
  switch (type_) {
    case ValueType::kString:
      switch (encoding_) {
        case StringEncoding::kInt: return "int";
        case StringEncoding::kEmbStr: return "embstr";
        case StringEncoding::kRaw: return "raw";
      }
      break;
    case ValueType::kList: return "quicklist";
    case ValueType::kHash: return hash_->EncodingName();
    case ValueType::kSet: return set_->EncodingName();
    case ValueType::kZSet: return zset_->EncodingName();
  }
  return "unknown";
}

size_t Value::HeapBytes() const {
  // The collection's own object sits on the heap too (16 bytes of allocator
  // header and rounding on top of its size).
  switch (type_) {
    case ValueType::kString: return StringHeapBytes(str_);
    case ValueType::kList: return sizeof(ListValue) + 16 + list_->HeapBytes();
    case ValueType::kHash: return sizeof(HashValue) + 16 + hash_->HeapBytes();
    case ValueType::kSet: return sizeof(SetValue) + 16 + set_->HeapBytes();
    case ValueType::kZSet: return sizeof(ZSetValue) + 16 + zset_->HeapBytes();
  }
  return 0;
}

Value Value::Clone() const {
  Value v;
  switch (type_) {
    case ValueType::kString:
      v.encoding_ = encoding_;
      v.str_ = str_;
      break;
    case ValueType::kList: v = Of(list_->Clone()); break;
    case ValueType::kHash: v = Of(hash_->Clone()); break;
    case ValueType::kSet: v = Of(set_->Clone()); break;
    case ValueType::kZSet: v = Of(zset_->Clone()); break;
  }
  v.access_s_ = access_s_;
  return v;
}

}  // namespace luakv
