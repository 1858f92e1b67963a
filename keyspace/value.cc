#include "keyspace/value.h"

#include <utility>

#include "keyspace/util/numbers.h"

namespace luakv {

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

const char* Value::EncodingName() const {
  switch (type_) {
    case ValueType::kString:
      switch (encoding_) {
        case StringEncoding::kInt: return "int";
        case StringEncoding::kEmbStr: return "embstr";
        case StringEncoding::kRaw: return "raw";
      }
      break;
    default:
      break;
  }
  return "unknown";
}

size_t Value::HeapBytes() const { return StringHeapBytes(str_); }

Value Value::Clone() const {
  Value v;
  v.type_ = type_;
  v.encoding_ = encoding_;
  v.access_s_ = access_s_;
  v.str_ = str_;
  return v;
}

}  // namespace luakv
