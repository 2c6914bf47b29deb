// stats var / varp / stdev / stdevp: sample (n - 1) and population (n) variance, and their roots;
// non-numbers are ignored; one value gives a sample variance of 0.
#include <doctest/doctest.h>

#include <cmath>

#include "query_fixture.hpp"

using namespace spelunk;

TEST_CASE("stats: varp and stdevp divide by n, var and stdev by n - 1") {
  std::vector<test::Ev> evs;
  int i = 0;
  for (const char* v : {"2", "4", "4", "4", "5", "5", "7", "9", "n/a"}) evs.push_back({{{"v", v}, {"g", "a"}}, ++i, "r"});
  evs.push_back({{{"v", "3"}, {"g", "b"}}, ++i, "r"});
  Result r = test::run_spl(test::make_store(evs), "* | stats varp(v) stdevp(v) var(v) stdev(v) count(v) by g");
  REQUIRE(r.size() == 2);
  // a: mean 5, squared deviations sum to 32 over 8 numbers ("n/a" is no number).
  CHECK(r.get("varp(v)", 0).number == doctest::Approx(4.0));
  CHECK(r.get("stdevp(v)", 0).number == doctest::Approx(2.0));
  CHECK(r.get("var(v)", 0).number == doctest::Approx(32.0 / 7));
  CHECK(r.get("stdev(v)", 0).number == doctest::Approx(std::sqrt(32.0 / 7)));
  CHECK(r.get("count(v)", 0).to_string() == "9");
  // b: a single value.
  CHECK(r.get("varp(v)", 1).number == 0);
  CHECK(r.get("stdevp(v)", 1).number == 0);
  CHECK(r.get("var(v)", 1).number == 0);
  CHECK(r.get("stdev(v)", 1).number == 0);
}
