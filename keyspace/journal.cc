#include "keyspace/journal.h"

#include <utility>

#include "keyspace/keyspace.h"

namespace luakv {

void Journal::RecordKey(int db, std::string_view key,
                        std::optional<Entry> before) {
  records_.emplace_back(KeyUndo{db, std::string(key), std::move(before)});
}

void Journal::RecordExpire(int db, std::string_view key,
                           int64_t expire_at_ms) {
  records_.emplace_back(ExpireUndo{db, std::string(key), expire_at_ms});
}

void Journal::RecordTruncate(int db, std::string_view key, size_t len,
                             size_t capacity, StringEncoding encoding) {
  records_.emplace_back(
      TruncateUndo{db, std::string(key), len, capacity, encoding});
}

void Journal::RecordMove(int src_db, std::string_view src, int dst_db,
                         std::string_view dst) {
  records_.emplace_back(
      MoveUndo{src_db, std::string(src), dst_db, std::string(dst)});
}

void Journal::RecordSwapDb(int a, int b) {
  records_.emplace_back(SwapDbUndo{a, b});
}

void Journal::RecordFlush(int db, Dict<Entry>&& table) {
  records_.emplace_back(
      FlushUndo{db, std::make_unique<Dict<Entry>>(std::move(table))});
}

void Journal::RecordCustom(std::function<void(Keyspace&)> undo) {
  records_.emplace_back(std::move(undo));
}

void Journal::Rollback(Keyspace& ks) {
  Journal* open = ks.journal();
  ks.set_journal(nullptr);
  for (auto it = records_.rbegin(); it != records_.rend(); ++it) {
    std::visit(
        [&ks](auto& r) {
          using T = std::decay_t<decltype(r)>;
          if constexpr (std::is_same_v<T, KeyUndo>) {
            ks.db(r.db).RestoreKey(r.key, std::move(r.before));
          } else if constexpr (std::is_same_v<T, ExpireUndo>) {
            ks.db(r.db).SetExpire(r.key, r.expire_at_ms);
          } else if constexpr (std::is_same_v<T, TruncateUndo>) {
            Database& db = ks.db(r.db);
            std::optional<Entry> e = db.TakeRaw(r.key);
            std::string& s = e->value.mutable_str();
            s.resize(r.len);
            if (s.capacity() != r.capacity) {
              // resize() keeps the grown buffer; a string constructed at
              // the old capacity gives it back.
              std::string restored(r.capacity, '\0');
              restored.resize(r.len);
              restored.replace(0, r.len, s);
              s.swap(restored);
            }
            e->value.set_string_encoding(r.encoding);
            db.RestoreKey(r.key, std::move(e));
          } else if constexpr (std::is_same_v<T, MoveUndo>) {
            std::optional<Entry> e = ks.db(r.dst_db).TakeRaw(r.dst);
            ks.db(r.src_db).RestoreKey(r.src, std::move(e));
          } else if constexpr (std::is_same_v<T, SwapDbUndo>) {
            ks.db(r.a).SwapContents(ks.db(r.b));
          } else if constexpr (std::is_same_v<T, FlushUndo>) {
            // Keys written after the flush are undone by later records,
            // which ran first; the table is empty again here.
            ks.db(r.db).RestoreTable(std::move(*r.table));
          } else {
            r(ks);
          }
        },
        *it);
  }
  records_.clear();
  ks.set_journal(open);
}

}  // namespace luakv
