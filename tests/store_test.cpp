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
