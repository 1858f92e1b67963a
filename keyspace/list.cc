#include "keyspace/list.h"

#include <algorithm>
#include <utility>

#include "keyspace/util/malloc_size.h"

namespace luakv {

size_t ListValue::HeapBytes() const {
  return chunk_bytes_ + MallocSize(chunks_.capacity() * sizeof(Listpack));
}

ListValue ListValue::Clone() const {
  ListValue out;
  out.chunks_.reserve(chunks_.size());
  for (const Listpack& c : chunks_) out.chunks_.push_back(c.Clone());
  out.size_ = size_;
  out.chunk_bytes_ = chunk_bytes_;
  return out;
}

template <typename Fn>
void ListValue::Mutate(size_t c, Fn&& fn) {
  const size_t before = chunks_[c].HeapBytes();
  fn(chunks_[c]);
  chunk_bytes_ = chunk_bytes_ - before + chunks_[c].HeapBytes();
}

void ListValue::RemoveChunks(size_t first, size_t n) {
  for (size_t i = first; i < first + n; ++i) {
    chunk_bytes_ -= chunks_[i].HeapBytes();
  }
  chunks_.erase(chunks_.begin() + static_cast<ptrdiff_t>(first),
                chunks_.begin() + static_cast<ptrdiff_t>(first + n));
  // Give back the chunk vector of a list that shrank a lot (LTRIM).
  if (chunks_.capacity() > 8 && chunks_.size() < chunks_.capacity() / 4) {
    chunks_.shrink_to_fit();
  }
}

void ListValue::PushFront(std::string_view s) {
  if (chunks_.empty() ||
      (!chunks_.front().empty() &&
       chunks_.front().bytes() + Listpack::EntrySize(s.size()) > kChunkBytes)) {
    chunks_.insert(chunks_.begin(), Listpack());
  }
  Mutate(0, [s](Listpack& lp) { lp.PushFront(s); });
  ++size_;
}

void ListValue::PushBack(std::string_view s) {
  if (chunks_.empty() ||
      (!chunks_.back().empty() &&
       chunks_.back().bytes() + Listpack::EntrySize(s.size()) > kChunkBytes)) {
    chunks_.emplace_back();
  }
  Mutate(chunks_.size() - 1, [s](Listpack& lp) { lp.PushBack(s); });
  ++size_;
}

std::string ListValue::PopFront() {
  std::string out(chunks_.front().Get(0));
  Mutate(0, [](Listpack& lp) { lp.Erase(0); });
  if (chunks_.front().empty()) RemoveChunks(0, 1);
  --size_;
  return out;
}

std::string ListValue::PopBack() {
  const size_t c = chunks_.size() - 1;
  const size_t last = chunks_[c].Last();
  std::string out(chunks_[c].Get(last));
  Mutate(c, [last](Listpack& lp) { lp.Erase(last); });
  if (chunks_[c].empty()) RemoveChunks(c, 1);
  --size_;
  return out;
}

ListValue::Iter ListValue::Seek(size_t index) const {
  Iter it;
  it.index = index;
  size_t local = index;
  if (index < size_ / 2) {
    size_t c = 0;
    while (local >= chunks_[c].count()) local -= chunks_[c++].count();
    it.chunk = c;
  } else {
    size_t c = chunks_.size() - 1;
    size_t from_end = size_ - 1 - index;
    while (from_end >= chunks_[c].count()) from_end -= chunks_[c--].count();
    it.chunk = c;
    local = chunks_[c].count() - 1 - from_end;
  }
  const Listpack& lp = chunks_[it.chunk];
  if (local <= lp.count() / 2) {
    size_t pos = lp.Begin();
    for (size_t i = 0; i < local; ++i) pos = lp.Next(pos);
    it.pos = pos;
  } else {
    size_t pos = lp.Last();
    for (size_t i = lp.count() - 1; i > local; --i) pos = lp.Prev(pos);
    it.pos = pos;
  }
  return it;
}

std::string_view ListValue::Get(const Iter& it) const {
  return chunks_[it.chunk].Get(it.pos);
}

bool ListValue::Next(Iter& it) const {
  if (it.index + 1 >= size_) return false;
  ++it.index;
  it.pos = chunks_[it.chunk].Next(it.pos);
  if (it.pos == chunks_[it.chunk].End()) {
    ++it.chunk;
    it.pos = 0;
  }
  return true;
}

bool ListValue::Prev(Iter& it) const {
  if (it.index == 0) return false;
  --it.index;
  if (it.pos == 0) {
    --it.chunk;
    it.pos = chunks_[it.chunk].Last();
  } else {
    it.pos = chunks_[it.chunk].Prev(it.pos);
  }
  return true;
}

std::string_view ListValue::At(size_t index) const { return Get(Seek(index)); }

void ListValue::Set(size_t index, std::string_view s) {
  const Iter it = Seek(index);
  Mutate(it.chunk, [&](Listpack& lp) { lp.Replace(it.pos, s); });
  MaybeSplit(it.chunk);
}

void ListValue::Insert(size_t index, std::string_view s) {
  if (index == 0) return PushFront(s);
  if (index == size_) return PushBack(s);
  const Iter it = Seek(index);
  Mutate(it.chunk, [&](Listpack& lp) { lp.Insert(it.pos, s); });
  ++size_;
  MaybeSplit(it.chunk);
}

void ListValue::MaybeSplit(size_t c) {
  if (chunks_[c].bytes() <= kChunkBytes || chunks_[c].count() < 2) return;
  size_t pos = chunks_[c].Begin();
  const size_t half = chunks_[c].count() / 2;
  for (size_t i = 0; i < half; ++i) pos = chunks_[c].Next(pos);
  Listpack tail;
  Mutate(c, [&](Listpack& lp) { tail = lp.SplitAt(pos); });
  chunk_bytes_ += tail.HeapBytes();
  chunks_.insert(chunks_.begin() + static_cast<ptrdiff_t>(c + 1),
                 std::move(tail));
}

void ListValue::MaybeMerge(size_t c) {
  if (c == 0 || c >= chunks_.size()) return;
  if (chunks_[c - 1].bytes() + chunks_[c].bytes() > kChunkBytes / 2) return;
  chunk_bytes_ -= chunks_[c].HeapBytes();
  Listpack moved = std::move(chunks_[c]);
  chunks_.erase(chunks_.begin() + static_cast<ptrdiff_t>(c));
  Mutate(c - 1, [&](Listpack& lp) { lp.Append(std::move(moved)); });
}

void ListValue::Erase(size_t index, size_t n, std::vector<std::string>* removed) {
  if (n == 0) return;
  Iter it = Seek(index);
  size_t c = it.chunk;
  size_t pos = it.pos;
  size_t left = n;
  size_t first_empty = c;  // first chunk of a run of chunks to drop
  size_t empty_run = 0;
  while (left > 0) {
    Listpack& lp = chunks_[c];
    size_t in_chunk = 0;
    size_t end = pos;
    while (end != lp.End() && in_chunk < left) {
      if (removed) removed->emplace_back(lp.Get(end));
      end = lp.Next(end);
      ++in_chunk;
    }
    if (pos == lp.Begin() && end == lp.End()) {
      // The whole chunk goes; drop the run in one erase below.
      if (empty_run == 0) first_empty = c;
      ++empty_run;
    } else {
      Mutate(c, [&](Listpack& l) { l.Erase(pos, in_chunk); });
    }
    left -= in_chunk;
    ++c;
    pos = 0;
  }
  size_ -= n;
  if (empty_run > 0) RemoveChunks(first_empty, empty_run);
  // Where the erase ended, two partly emptied chunks may now fit in one.
  const size_t at = empty_run > 0 ? first_empty : it.chunk + 1;
  MaybeMerge(at);
}

void ListValue::EraseIndexes(const std::vector<size_t>& indexes) {
  if (indexes.empty()) return;
  size_t next = 0;  // next index of `indexes` to remove
  size_t base = 0;  // list index of the chunk's first element
  std::vector<size_t> offsets;
  for (size_t c = 0; c < chunks_.size() && next < indexes.size(); ++c) {
    const size_t count = chunks_[c].count();
    offsets.clear();
    size_t pos = chunks_[c].Begin();
    size_t i = base;
    while (next < indexes.size() && indexes[next] < base + count) {
      while (i < indexes[next]) {
        pos = chunks_[c].Next(pos);
        ++i;
      }
      offsets.push_back(pos);
      ++next;
    }
    base += count;
    if (offsets.empty()) continue;
    // Erase back to front so the earlier offsets stay valid.
    Mutate(c, [&](Listpack& lp) {
      for (size_t k = offsets.size(); k-- > 0;) lp.Erase(offsets[k]);
    });
  }
  size_ -= indexes.size();
  for (size_t c = chunks_.size(); c-- > 0;) {
    if (chunks_[c].empty()) RemoveChunks(c, 1);
  }
}

// --- ListEdit

void ListEdit::PushFront(std::string_view s) {
  list_.PushFront(s);
  scope_.Record([](Database& db, std::string_view key, Entry& e) {
    ListEdit(db, key, e.value.list()).list_.PopFront();
  });
}

void ListEdit::PushBack(std::string_view s) {
  list_.PushBack(s);
  scope_.Record([](Database& db, std::string_view key, Entry& e) {
    ListEdit(db, key, e.value.list()).list_.PopBack();
  });
}

std::string ListEdit::PopFront() {
  std::string out = list_.PopFront();
  if (scope_.journaling()) {
    scope_.Record([v = out](Database& db, std::string_view key, Entry& e) {
      ListEdit(db, key, e.value.list()).list_.PushFront(v);
    });
  }
  return out;
}

std::string ListEdit::PopBack() {
  std::string out = list_.PopBack();
  if (scope_.journaling()) {
    scope_.Record([v = out](Database& db, std::string_view key, Entry& e) {
      ListEdit(db, key, e.value.list()).list_.PushBack(v);
    });
  }
  return out;
}

void ListEdit::Set(size_t index, std::string_view s) {
  if (scope_.journaling()) {
    scope_.Record([index, old = std::string(list_.At(index))](
                      Database& db, std::string_view key, Entry& e) {
      ListEdit(db, key, e.value.list()).list_.Set(index, old);
    });
  }
  list_.Set(index, s);
}

void ListEdit::Insert(size_t index, std::string_view s) {
  list_.Insert(index, s);
  scope_.Record([index](Database& db, std::string_view key, Entry& e) {
    ListEdit(db, key, e.value.list()).list_.Erase(index, 1, nullptr);
  });
}

void ListEdit::EraseIndexes(const std::vector<size_t>& indexes) {
  if (scope_.journaling()) {
    std::vector<std::string> values;
    values.reserve(indexes.size());
    for (size_t i : indexes) values.emplace_back(list_.At(i));
    scope_.Record([indexes, values = std::move(values)](
                      Database& db, std::string_view key, Entry& e) {
      ListEdit edit(db, key, e.value.list());
      // Ascending order puts every element back at its old index.
      for (size_t k = 0; k < indexes.size(); ++k) {
        edit.list_.Insert(indexes[k], values[k]);
      }
    });
  }
  list_.EraseIndexes(indexes);
}

void ListEdit::Trim(size_t start, size_t n) {
  const size_t size = list_.size();
  std::vector<std::string> head;
  std::vector<std::string> tail;
  const bool journal = scope_.journaling();
  list_.Erase(start + n, size - start - n, journal ? &tail : nullptr);
  list_.Erase(0, start, journal ? &head : nullptr);
  if (journal && (!head.empty() || !tail.empty())) {
    scope_.Record([head = std::move(head), tail = std::move(tail)](
                      Database& db, std::string_view key, Entry& e) {
      ListEdit edit(db, key, e.value.list());
      for (size_t k = head.size(); k-- > 0;) edit.list_.PushFront(head[k]);
      for (const std::string& v : tail) edit.list_.PushBack(v);
    });
  }
}

}  // namespace luakv
