// Helpers for the keyspace tests of collection types: a keyspace with a
// journal, and checks that undo restores contents and byte counts.

#ifndef LUAKV_TESTS_KEYSPACE_COLLECTION_TESTING_H_
#define LUAKV_TESTS_KEYSPACE_COLLECTION_TESTING_H_

#include <string>
#include <string_view>

#include "gtest/gtest.h"
#include "keyspace/journal.h"
#include "keyspace/keyspace.h"

namespace luakv::testing {

class CollectionTest : public ::testing::Test {
 protected:
  CollectionTest() : ks_(16, 42) {
    // A neighbour key keeps the table's bucket array at one size, so byte
    // counts compare exactly.
    db().Set("neighbour", Value::StringFromCommand("x"));
    empty_bytes_ = db().memory_bytes();
  }

  Database& db() { return ks_.db(0); }
  Keyspace& ks() { return ks_; }

  void OpenJournal() { ks_.set_journal(&journal_); }
  void Rollback() {
    ks_.set_journal(nullptr);
    journal_.Rollback(ks_);
  }
  void Commit() {
    ks_.set_journal(nullptr);
    journal_.Commit();
  }
  Journal& journal() { return journal_; }

  // Bytes of the database when only the neighbour key exists.
  size_t empty_bytes() const { return empty_bytes_; }

  Value* Find(std::string_view key) {
    Entry* e = db().FindRaw(key);
    return e ? &e->value : nullptr;
  }

 private:
  Keyspace ks_;
  Journal journal_;
  size_t empty_bytes_ = 0;
};

}  // namespace luakv::testing

#endif  // LUAKV_TESTS_KEYSPACE_COLLECTION_TESTING_H_
