#include <doctest/doctest.h>

#include "storage/store.hpp"

using namespace spelunk;

TEST_CASE("store: dictionary codes, absent values, multi-values, raw") {
  StoreBuilder b;
  auto image = b.field("Image");
  auto tag = b.field("tag");
  b.begin_event();
  b.set(image, "C:\\a\\cmd.exe");
  b.set(image, "ignored: first wins");
  b.append(tag, "x");
  b.append(tag, "y");
  b.set_time(5 * kMicrosPerSecond);
  b.set_raw("<Event>one</Event>");
  b.end_event();
  b.begin_event();
  b.set_raw("<Event>two</Event>");
  b.end_event();
  b.begin_event();
  b.set(image, "C:\\a\\cmd.exe");
  b.set_raw("<Event>three</Event>");
  b.end_event();
  Store s = b.finish();

  REQUIRE(s.rows() == 3);
  const Column* c = s.column("Image");
  REQUIRE(c != nullptr);
  CHECK(c->dict().size() == 1);
  CHECK(c->code(0) == c->code(2));
  CHECK(c->code(1) == kAbsent);
  CHECK(c->dict().value(c->code(0)) == "C:\\a\\cmd.exe");
  CHECK(s.column("image") == nullptr);  // names are case-sensitive
  const Column* t = s.column("tag");
  REQUIRE(t->values(0).size() == 2);
  CHECK(t->dict().value(t->values(0)[1]) == "y");
  CHECK(t->values(1).empty());
  CHECK(s.times()[0] == 5 * kMicrosPerSecond);
  CHECK(s.raw().get(1) == "<Event>two</Event>");
}

TEST_CASE("store: append re-maps codes") {
  auto make = [](std::string_view v, int n) {
    StoreBuilder b;
    for (int i = 0; i < n; ++i) {
      b.begin_event();
      b.set("host", v);
      b.set_raw(v);
      b.end_event();
    }
    return b.finish();
  };
  Store a = make("alpha", 300);
  a.append(make("beta", 300));
  REQUIRE(a.rows() == 600);
  const Column* h = a.column("host");
  CHECK(h->dict().size() == 2);
  CHECK(h->dict().value(h->code(599)) == "beta");
  CHECK(a.raw().get(599) == "beta");
  CHECK(a.raw().get(0) == "alpha");
}

TEST_CASE("store: sparse and dense layouts give the same answers") {
  StoreBuilder b;
  auto rare = b.field("rare");
  auto common = b.field("common");
  for (int i = 0; i < 1000; ++i) {
    b.begin_event();
    b.set(common, i % 3 == 0 ? "x" : "y");
    if (i % 10 == 0) b.set(rare, "r" + std::to_string(i % 30));
    if (i == 500) {
      b.append(rare, "m1");  // multi-value on a row that already has one
    }
    b.end_event();
  }
  Store s = b.finish();
  const Column* r = s.column("rare");
  const Column* c = s.column("common");
  REQUIRE(r != nullptr);
  REQUIRE(c != nullptr);
  CHECK(r->is_sparse());
  CHECK_FALSE(c->is_sparse());
  CHECK(r->rows() == 1000);
  CHECK(r->code(11) == kAbsent);
  CHECK(r->dict().value(r->code(20)) == "r20");
  REQUIRE(r->values(500).size() == 2);
  CHECK(r->dict().value(r->values(500)[0]) == "r20");
  CHECK(r->dict().value(r->values(500)[1]) == "m1");
  // codes() on a sparse column: the dense view agrees with code().
  auto codes = r->codes();
  REQUIRE(codes.size() == 1000);
  for (std::size_t i = 0; i < 1000; ++i) CHECK(codes[i] == r->code(i));
  std::size_t present = 0;
  r->for_each_present(100, 200, [&](std::size_t row, Code code) {
    CHECK(row % 10 == 0);
    CHECK(code == r->code(row));
    ++present;
  });
  CHECK(present == 10);
  std::size_t dense_present = 0;
  c->for_each_present(0, 1000, [&](std::size_t, Code) { ++dense_present; });
  CHECK(dense_present == 1000);
}

TEST_CASE("store: cancel_event drops values of a sparse column") {
  StoreBuilder b;
  auto f = b.field("f");
  b.begin_event();
  b.set(f, "kept");
  b.end_event();
  b.begin_event();
  b.set(f, "dropped");
  b.cancel_event();
  b.begin_event();
  b.end_event();
  Store s = b.finish();
  REQUIRE(s.rows() == 2);
  const Column* c = s.column("f");
  CHECK(c->dict().value(c->code(0)) == "kept");
  CHECK(c->code(1) == kAbsent);
}

TEST_CASE("store: alias columns share values, trimmed when asked") {
  StoreBuilder b;
  b.alias("RecordID", "EventRecordID");
  b.alias("TimeCreated", "SystemTime", 1);
  b.alias("Unused", "NeverSet");
  for (int i = 0; i < 5000; ++i) {
    b.begin_event();
    b.set("EventRecordID", std::to_string(i));
    b.set("SystemTime", "'t" + std::to_string(i) + "'");
    b.end_event();
  }
  Store s = b.finish();
  const Column* id = s.column("RecordID");
  const Column* tc = s.column("TimeCreated");
  REQUIRE(id != nullptr);
  REQUIRE(tc != nullptr);
  CHECK(s.column("Unused") == nullptr);
  CHECK(id->name() == "RecordID");
  CHECK(id->dict().value(id->code(4321)) == "4321");
  CHECK(tc->dict().value(tc->code(17)) == "t17");
  CHECK(tc->dict().find("t4999") == tc->code(4999));
  CHECK_FALSE(tc->dict().find("'t1'"));
  CHECK(s.column("SystemTime")->dict().find("'t1'") == s.column("SystemTime")->code(1));
}

TEST_CASE("store: append keeps aliases, sparse columns and large dictionaries right") {
  auto make = [](int from, int n, const char* tag) {
    StoreBuilder b;
    b.alias("id2", "id");
    for (int i = from; i < from + n; ++i) {
      b.begin_event();
      b.set("id", std::to_string(i));  // unique: a large, compacted dictionary
      if (i % 7 == 0) b.set("rare", tag);
      b.set_raw("e" + std::to_string(i));
      b.end_event();
    }
    return b.finish();
  };
  Store a = make(0, 6000, "A");
  a.append(make(6000, 6000, "B"));
  REQUIRE(a.rows() == 12000);
  const Column* id = a.column("id");
  CHECK(id->dict().size() == 12000);
  CHECK(id->dict().find("11999") == id->code(11999));
  CHECK(id->dict().value(id->code(6001)) == "6001");
  const Column* id2 = a.column("id2");
  REQUIRE(id2 != nullptr);
  CHECK(id2->dict().value(id2->code(11999)) == "11999");
  const Column* rare = a.column("rare");
  CHECK(rare->is_sparse());
  CHECK(rare->dict().value(rare->code(7)) == "A");
  CHECK(rare->dict().value(rare->code(6006)) == "B");  // 6006 = 7 * 858
  CHECK(rare->code(6007) == kAbsent);
  CHECK(a.raw().get(11999) == "e11999");
}

TEST_CASE("store: dictionary interns, finds and survives compaction") {
  Dictionary d;
  for (int i = 0; i < 20000; ++i) CHECK(d.intern("v" + std::to_string(i)) == static_cast<Code>(i + 1));
  CHECK(d.intern("v123") == 124);
  CHECK(d.intern("") == 20001);
  CHECK(d.find("") == 20001);
  d.compact();
  CHECK(d.find("v19999") == 20000);
  CHECK_FALSE(d.find("nope"));
  CHECK(d.intern("v5") == 6);  // rebuilds the index
  CHECK(d.intern("new") == 20002);
  CHECK(d.value(20002) == "new");
}
