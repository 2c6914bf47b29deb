// bin without span=: the span is chosen so that at most `bins` (default 100) bins cover the
// values (evaluator/commands/bin.cpp): for time the smallest of 1s, 5s, 10s, 30s, 1m, 5m, 10m,
// 30m, 1h, 1d, 1mon, 1y; for numbers a power of ten.
#include <doctest/doctest.h>

#include <set>

#include "query_fixture.hpp"

using namespace spelunk;
using Strings = std::vector<std::string>;

namespace {

// Values 3, 10, 45, 87 (field v); times 0 s, 17 s, 120 s, 230 s after 2024-03-04 08:00:00.
std::shared_ptr<const Store> spread() {
  const std::int64_t t0 = 1709539200;
  return test::make_store({{{{"v", "3"}}, t0, "a"},
                           {{{"v", "10"}}, t0 + 17, "b"},
                           {{{"v", "45"}}, t0 + 120, "c"},
                           {{{"v", "87"}, {"w", "x"}}, t0 + 230, "d"}});
}

std::set<std::string> distinct(const Result& r, std::string_view column) {
  auto v = test::strings(r, column);
  return {v.begin(), v.end()};
}

}  // namespace

TEST_CASE("bin without span: numbers get a power-of-ten span giving at most `bins` bins") {
  // 3..87 spans 84: a span of 1 gives 84 bins (fewer than 100).
  CHECK(test::strings(test::run_spl(spread(), "* | bin v | sort v"), "v") == Strings{"10-11", "3-4", "45-46", "87-88"});
  // bins=10: a span of 10 gives 9 bins.
  CHECK(test::strings(test::run_spl(spread(), "* | bin bins=10 v AS b | sort - v"), "b") ==
        Strings{"80-90", "40-50", "10-20", "0-10"});
  // bins=5: 84/10 is not below 5, so 100.
  CHECK(distinct(test::run_spl(spread(), "* | bin bins=5 v"), "v") == std::set<std::string>{"0-100"});
}

TEST_CASE("bin without span: _time gets the smallest usual span under `bins` bins") {
  const double t0 = 1709539200;
  auto starts = [&](const std::string& q) {
    std::set<double> out;
    Result r = test::run_spl(spread(), q);
    for (std::size_t i = 0; i < r.size(); ++i) out.insert(r.get("_time", i).number - t0);
    return out;
  };
  // 230 s: 1 s would give 230 bins; 5 s gives 46.
  CHECK(starts("* | bin _time") == std::set<double>{0, 15, 120, 230});
  // bins=10: 30 s gives 7.7 bins.
  CHECK(starts("* | bin bins=10 _time") == std::set<double>{0, 120, 210});
  // bins=3: 30 s gives 7.7, 1 m gives 3.8, 5 m gives 0.8 bins.
  CHECK(starts("* | bin bins=3 _time") == std::set<double>{0});
}
