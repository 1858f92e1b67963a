#include "keyspace/keyspace.h"

namespace luakv {

Keyspace::Keyspace(int databases, uint64_t seed) : rng_(seed) {
  dbs_.reserve(static_cast<size_t>(databases));
  for (int i = 0; i < databases; ++i) {
    dbs_.push_back(std::make_unique<Database>(this, i));
  }
}

void Keyspace::MoveKey(int src_db, std::string_view src, int dst_db,
                       std::string_view dst) {
  std::optional<Entry> e = dbs_[src_db]->TakeRaw(src);
  dbs_[dst_db]->RestoreKey(dst, std::move(e));
  if (journal_) journal_->RecordMove(src_db, src, dst_db, dst);
}

void Keyspace::SwapDb(int a, int b) {
  if (a == b) return;
  dbs_[a]->SwapContents(*dbs_[b]);
  if (journal_) journal_->RecordSwapDb(a, b);
}

void Keyspace::FlushAll() {
  for (auto& db : dbs_) db->Flush();
}

size_t Keyspace::memory_bytes() const {
  size_t total = 0;
  for (const auto& db : dbs_) total += db->memory_bytes();
  return total;
}

size_t Keyspace::total_keys() const {
  size_t total = 0;
  for (const auto& db : dbs_) total += db->size();
  return total;
}

}  // namespace luakv
