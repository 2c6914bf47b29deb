// stats sparkline: per group, its event count in time buckets shared by all groups.
#include <doctest/doctest.h>

#include "cli/session.hpp"
#include "tests/cmd_util.hpp"

using namespace spelunk;
using spelunk::testing::Ev;

TEST_CASE("stats sparkline count by F: counts per bucket over the rows' time range") {
  cli::Session s;
  // 100 s to 190 s: the smallest span keeping <= 20 buckets is 5 s; buckets 100..190 (19).
  s.set_store(spelunk::testing::make_store({
      Ev{{{"h", {"a"}}}, 100}, Ev{{{"h", {"a"}}}, 101}, Ev{{{"h", {"b"}}}, 107},
      Ev{{{"h", {"a"}}}, 190}, Ev{{{"h", {"b"}}}, 104.9},
  }));
  auto out = s.run("* | stats sparkline count by h");
  REQUIRE_MESSAGE(out.ok, out.error);
  auto a = out.result.get("sparkline", 0).values();
  auto b = out.result.get("sparkline", 1).values();
  REQUIRE(a.size() == 20);  // marker + 19 buckets
  CHECK(a[0] == "##__SPARKLINE__##");
  CHECK(a[1] == "2");   // 100, 101
  CHECK(a[19] == "1");  // 190
  CHECK(b[1] == "1");   // 104.9
  CHECK(b[2] == "1");   // 107
  std::size_t total = 0;
  for (std::size_t i = 1; i < a.size(); ++i) total += std::stoul(a[i]);
  CHECK(total == 3);
  CHECK(out.result.get("count", 0).to_string() == "3");
  CHECK(s.run("* | stats sparkline(count) by h").ok);
  auto bad = s.run("* | stats sparkline(avg(x)) by h");
  CHECK(bad.error.find("only `sparkline` and `sparkline(count)` are supported") != std::string::npos);
}
