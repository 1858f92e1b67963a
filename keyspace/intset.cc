#include "keyspace/intset.h"

#include <cstdlib>
#include <cstring>
#include <new>
#include <utility>

#include "keyspace/util/malloc_size.h"

namespace luakv {
namespace {

size_t WidthFor(int64_t v) {
  if (v >= INT16_MIN && v <= INT16_MAX) return 2;
  if (v >= INT32_MIN && v <= INT32_MAX) return 4;
  return 8;
}

}  // namespace

IntSet::~IntSet() { std::free(data_); }

IntSet::IntSet(IntSet&& o) noexcept
    : data_(std::exchange(o.data_, nullptr)),
      count_(std::exchange(o.count_, 0)),
      width_(std::exchange(o.width_, 2)) {}

IntSet& IntSet::operator=(IntSet&& o) noexcept {
  if (this != &o) {
    std::free(data_);
    data_ = std::exchange(o.data_, nullptr);
    count_ = std::exchange(o.count_, 0);
    width_ = std::exchange(o.width_, 2);
  }
  return *this;
}

IntSet IntSet::Clone() const {
  IntSet out;
  out.width_ = width_;
  out.count_ = count_;
  if (count_ > 0) {
    const size_t n = static_cast<size_t>(count_) * width_;
    out.data_ = static_cast<char*>(std::malloc(n));
    if (out.data_ == nullptr) throw std::bad_alloc();
    std::memcpy(out.data_, data_, n);
  }
  return out;
}

size_t IntSet::HeapBytes() const {
  return MallocSize(static_cast<size_t>(count_) * width_);
}

int64_t IntSet::At(size_t i) const {
  const char* p = data_ + i * width_;
  switch (width_) {
    case 2: {
      int16_t v;
      std::memcpy(&v, p, 2);
      return v;
    }
    case 4: {
      int32_t v;
      std::memcpy(&v, p, 4);
      return v;
    }
    default: {
      int64_t v;
      std::memcpy(&v, p, 8);
      return v;
    }
  }
}

void IntSet::Put(size_t i, int64_t v) {
  char* p = data_ + i * width_;
  switch (width_) {
    case 2: {
      const int16_t x = static_cast<int16_t>(v);
      std::memcpy(p, &x, 2);
      break;
    }
    case 4: {
      const int32_t x = static_cast<int32_t>(v);
      std::memcpy(p, &x, 4);
      break;
    }
    default:
      std::memcpy(p, &v, 8);
      break;
  }
}

size_t IntSet::Search(int64_t v, bool* found) const {
  size_t lo = 0;
  size_t hi = count_;
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    const int64_t m = At(mid);
    if (m == v) {
      *found = true;
      return mid;
    }
    if (m < v) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  *found = false;
  return lo;
}

bool IntSet::Contains(int64_t v) const {
  if (WidthFor(v) > width_) return false;
  bool found = false;
  Search(v, &found);
  return found;
}

void IntSet::Widen(size_t width) {
  const size_t n = count_;
  char* p = static_cast<char*>(std::malloc(n * width));
  if (p == nullptr) throw std::bad_alloc();
  IntSet wide;
  wide.data_ = p;
  wide.count_ = count_;
  wide.width_ = static_cast<uint8_t>(width);
  for (size_t i = 0; i < n; ++i) wide.Put(i, At(i));
  *this = std::move(wide);
}

bool IntSet::Add(int64_t v) {
  const size_t need = WidthFor(v);
  if (need > width_) {
    if (count_ == 0) {
      width_ = static_cast<uint8_t>(need);
    } else {
      Widen(need);
    }
  }
  bool found = false;
  const size_t i = Search(v, &found);
  if (found) return false;
  char* p = static_cast<char*>(
      std::realloc(data_, (static_cast<size_t>(count_) + 1) * width_));
  if (p == nullptr) throw std::bad_alloc();
  data_ = p;
  std::memmove(data_ + (i + 1) * width_, data_ + i * width_,
               (count_ - i) * width_);
  Put(i, v);
  ++count_;
  return true;
}

bool IntSet::Remove(int64_t v) {
  if (WidthFor(v) > width_) return false;
  bool found = false;
  const size_t i = Search(v, &found);
  if (!found) return false;
  std::memmove(data_ + i * width_, data_ + (i + 1) * width_,
               (count_ - i - 1) * width_);
  --count_;
  if (count_ == 0) {
    std::free(data_);
    data_ = nullptr;
  } else {
    char* p = static_cast<char*>(std::realloc(data_, count_ * width_));
    if (p != nullptr) data_ = p;
  }
  return true;
}

}  // namespace luakv
