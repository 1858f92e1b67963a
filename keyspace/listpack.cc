#include "keyspace/listpack.h"

#include <cstdlib>
#include <cstring>
#include <new>
#include <utility>

#include "keyspace/util/malloc_size.h"

namespace luakv {
namespace {

size_t VarintSize(size_t v) {
  size_t n = 1;
  while (v >= 0x80) {
    v >>= 7;
    ++n;
  }
  return n;
}

char* PutVarint(char* p, size_t v) {
  while (v >= 0x80) {
    *p++ = static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  *p++ = static_cast<char>(v);
  return p;
}

// The same bytes in reverse order, ending just before `end`.
void PutBackVarint(char* end, size_t v) {
  while (v >= 0x80) {
    *--end = static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  *--end = static_cast<char>(v);
}

size_t GetVarint(const char* p, size_t* consumed) {
  size_t v = 0;
  int shift = 0;
  size_t i = 0;
  for (;;) {
    const unsigned char b = static_cast<unsigned char>(p[i++]);
    v |= static_cast<size_t>(b & 0x7f) << shift;
    if ((b & 0x80) == 0) break;
    shift += 7;
  }
  *consumed = i;
  return v;
}

// Reads a backwards varint that ends just before `end`; returns its value
// and sets `*start` to its first byte.
size_t GetBackVarint(const char* end, const char** start) {
  size_t v = 0;
  int shift = 0;
  const char* p = end;
  for (;;) {
    const unsigned char b = static_cast<unsigned char>(*--p);
    v |= static_cast<size_t>(b & 0x7f) << shift;
    if ((b & 0x80) == 0) break;
    shift += 7;
  }
  *start = p;
  return v;
}


}  // namespace

Listpack::~Listpack() { std::free(data_); }

Listpack::Listpack(Listpack&& o) noexcept
    : data_(o.data_), size_(o.size_), count_(o.count_) {
  o.data_ = nullptr;
  o.size_ = 0;
  o.count_ = 0;
}

Listpack& Listpack::operator=(Listpack&& o) noexcept {
  if (this != &o) {
    std::free(data_);
    data_ = std::exchange(o.data_, nullptr);
    size_ = std::exchange(o.size_, 0);
    count_ = std::exchange(o.count_, 0);
  }
  return *this;
}

Listpack Listpack::Clone() const {
  Listpack out;
  if (size_ > 0) {
    out.data_ = static_cast<char*>(std::malloc(size_));
    if (out.data_ == nullptr) throw std::bad_alloc();
    std::memcpy(out.data_, data_, size_);
  }
  out.size_ = size_;
  out.count_ = count_;
  return out;
}

size_t Listpack::HeapBytes() const { return MallocSize(size_); }

size_t Listpack::EntrySize(size_t len) {
  const size_t inner = VarintSize(len) + len;
  return inner + VarintSize(inner);
}

size_t Listpack::Next(size_t pos) const {
  size_t n = 0;
  const size_t len = GetVarint(data_ + pos, &n);
  const size_t inner = n + len;
  return pos + inner + VarintSize(inner);
}

size_t Listpack::Prev(size_t pos) const {
  const char* start = nullptr;
  const size_t inner = GetBackVarint(data_ + pos, &start);
  return static_cast<size_t>(start - data_) - inner;
}

std::string_view Listpack::Get(size_t pos) const {
  size_t n = 0;
  const size_t len = GetVarint(data_ + pos, &n);
  return std::string_view(data_ + pos + n, len);
}

char* Listpack::Splice(size_t pos, size_t old_len, size_t new_len) {
  const size_t tail = size_ - pos - old_len;
  const size_t new_size = size_ - old_len + new_len;
  if (new_len < old_len) {
    std::memmove(data_ + pos + new_len, data_ + pos + old_len, tail);
  }
  if (new_size == 0) {
    std::free(data_);
    data_ = nullptr;
  } else if (new_size != size_) {
    char* p = static_cast<char*>(std::realloc(data_, new_size));
    if (p == nullptr) throw std::bad_alloc();
    data_ = p;
  }
  if (new_len > old_len) {
    std::memmove(data_ + pos + new_len, data_ + pos + old_len, tail);
  }
  size_ = static_cast<uint32_t>(new_size);
  return data_ + pos;
}

size_t Listpack::Insert(size_t pos, std::string_view s) {
  const size_t inner = VarintSize(s.size()) + s.size();
  const size_t total = inner + VarintSize(inner);
  char* p = Splice(pos, 0, total);
  char* q = PutVarint(p, s.size());
  if (!s.empty()) std::memcpy(q, s.data(), s.size());
  PutBackVarint(p + total, inner);
  ++count_;
  return pos;
}

size_t Listpack::Erase(size_t pos, size_t n) {
  size_t end = pos;
  for (size_t i = 0; i < n; ++i) end = Next(end);
  Splice(pos, end - pos, 0);
  count_ -= static_cast<uint32_t>(n);
  return pos;
}

size_t Listpack::Replace(size_t pos, std::string_view s) {
  const size_t old_len = Next(pos) - pos;
  const size_t inner = VarintSize(s.size()) + s.size();
  const size_t total = inner + VarintSize(inner);
  char* p = Splice(pos, old_len, total);
  char* q = PutVarint(p, s.size());
  if (!s.empty()) std::memcpy(q, s.data(), s.size());
  PutBackVarint(p + total, inner);
  return pos;
}

void Listpack::Clear() {
  std::free(data_);
  data_ = nullptr;
  size_ = 0;
  count_ = 0;
}

void Listpack::Append(Listpack&& other) {
  if (other.size_ == 0) return;
  const size_t at = size_;
  char* p = Splice(at, 0, other.size_);
  std::memcpy(p, other.data_, other.size_);
  count_ += other.count_;
  other.Clear();
}

Listpack Listpack::SplitAt(size_t pos) {
  Listpack tail;
  uint32_t moved = 0;
  for (size_t p = pos; p < size_; p = Next(p)) ++moved;
  if (moved == 0) return tail;
  const size_t n = size_ - pos;
  tail.data_ = static_cast<char*>(std::malloc(n));
  if (tail.data_ == nullptr) throw std::bad_alloc();
  std::memcpy(tail.data_, data_ + pos, n);
  tail.size_ = static_cast<uint32_t>(n);
  tail.count_ = moved;
  Splice(pos, n, 0);
  count_ -= moved;
  return tail;
}

}  // namespace luakv
