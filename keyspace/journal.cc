#include "keyspace/journal.h"

#include <cstring>
#include <utility>

#include "keyspace/keyspace.h"

namespace luakv {

void Journal::RecordKey(int db, std::string_view key,
                        std::optional<Entry> before) {
  records_.emplace_back(KeyUndo{db, Keep(key), std::move(before)});
}

void Journal::RecordExpire(int db, std::string_view key,
                           int64_t expire_at_ms) {
  records_.emplace_back(ExpireUndo{db, Keep(key), expire_at_ms});
}

void Journal::RecordTruncate(int db, std::string_view key, size_t len,
                             size_t capacity, StringEncoding encoding) {
  records_.emplace_back(
      TruncateUndo{db, Keep(key), len, capacity, encoding});
}

void Journal::RecordString(int db, std::string_view key,
                           std::string_view bytes, StringEncoding encoding) {
  StringUndo undo{db, Keep(key), encoding,
                  static_cast<uint8_t>(bytes.size()), {}};
  std::memcpy(undo.bytes, bytes.data(), bytes.size());
  records_.emplace_back(undo);
}

void Journal::RecordMove(int src_db, std::string_view src, int dst_db,
                         std::string_view dst) {
  records_.emplace_back(
      MoveUndo{src_db, Keep(src), dst_db, Keep(dst)});
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
        [this, &ks](auto& r) {
          using T = std::decay_t<decltype(r)>;
          if constexpr (std::is_same_v<T, KeyUndo>) {
            ks.db(r.db).RestoreKey(Key(r.key), std::move(r.before));
          } else if constexpr (std::is_same_v<T, ExpireUndo>) {
            ks.db(r.db).SetExpire(Key(r.key), r.expire_at_ms);
          } else if constexpr (std::is_same_v<T, TruncateUndo>) {
            Database& db = ks.db(r.db);
            std::optional<Entry> e = db.TakeRaw(Key(r.key));
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
            db.RestoreKey(Key(r.key), std::move(e));
          } else if constexpr (std::is_same_v<T, StringUndo>) {
            Entry* e = ks.db(r.db).FindRaw(Key(r.key));
            e->value.mutable_str().assign(r.bytes, r.size);
            e->value.set_string_encoding(r.encoding);
          } else if constexpr (std::is_same_v<T, MoveUndo>) {
            std::optional<Entry> e = ks.db(r.dst_db).TakeRaw(Key(r.dst));
            ks.db(r.src_db).RestoreKey(Key(r.src), std::move(e));
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
  Commit();
  ks.set_journal(open);
}

Journal::KeyRef Journal::Keep(std::string_view key) {
  const KeyRef ref{keys_.size(), key.size()};
  keys_.append(key);
  return ref;
}

void Journal::Commit() {
  records_.clear();
  // A script that wrote many or huge keys does not keep their buffer.
  constexpr size_t kKeepBytes = 64 * 1024;
  if (keys_.capacity() > kKeepBytes) {
    std::string().swap(keys_);
  } else {
    keys_.clear();
  }
}

}  // namespace luakv
