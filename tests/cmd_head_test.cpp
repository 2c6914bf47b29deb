// head: the default of 10 on more rows than that, limit=, and the condition form
// `head (expr) keeplast= null=` (R8.11; Search Reference, head: "returns results until the
// expression evaluates to false"; keeplast keeps "the result that caused the eval-expression to
// evaluate to false or NULL"; null= says whether NULL counts as true).
#include <doctest/doctest.h>

#include "query_fixture.hpp"

using namespace spelunk;
using Strings = std::vector<std::string>;

namespace {

// 25 events, n = 1..25, newest first in the results (time grows with n): n = 25, 24, ...
// Event 20 has no `n` (a null for the condition), event 17 has n = "x".
std::shared_ptr<const Store> numbered() {
  std::vector<test::Ev> evs;
  for (int i = 1; i <= 25; ++i) {
    test::Ev e{{{"id", std::to_string(i)}}, 1000 + i, "event " + std::to_string(i)};
    if (i != 20) e.fields.push_back({"n", i == 17 ? std::string("x") : std::to_string(i)});
    evs.push_back(e);
  }
  return test::make_store(evs);
}

}  // namespace

TEST_CASE("head: the default is 10 rows, the 10 newest, out of 25") {
  Result r = test::run_spl(numbered(), "* | head");
  CHECK(test::strings(r, "id") == Strings{"25", "24", "23", "22", "21", "20", "19", "18", "17", "16"});
  CHECK(test::run_spl(numbered(), "* | head 12").size() == 12);
  CHECK(test::run_spl(numbered(), "* | head limit=3").size() == 3);
  CHECK(test::run_spl(numbered(), "* | head 0").size() == 0);
  CHECK(test::run_spl(numbered(), "* | head 100").size() == 25);
}

TEST_CASE("head (expr): rows until the condition is false; keeplast keeps the row that stopped it") {
  // n = 25, 24, 23, 22, 21, then event 20 has no n: NULL stops the run (null=false by default).
  CHECK(test::strings(test::run_spl(numbered(), "* | head (n > 3)"), "id") == Strings{"25", "24", "23", "22", "21"});
  CHECK(test::strings(test::run_spl(numbered(), "* | head (n > 3) keeplast=t"), "id") ==
        Strings{"25", "24", "23", "22", "21", "20"});
  // null=t: a NULL counts as true and the run goes on, up to the first false (n = 22 fails n > 22).
  CHECK(test::strings(test::run_spl(numbered(), "* | head (n > 22) null=t"), "id") == Strings{"25", "24", "23"});
  CHECK(test::strings(test::run_spl(numbered(), "* | head (n >= 19) null=t"), "id") ==
        Strings{"25", "24", "23", "22", "21", "20", "19"});
  CHECK(test::strings(test::run_spl(numbered(), "* | head (n >= 19) null=f"), "id") ==
        Strings{"25", "24", "23", "22", "21"});
  // A false first row: nothing, or that row alone with keeplast.
  CHECK(test::run_spl(numbered(), "* | head (n < 3)").size() == 0);
  CHECK(test::strings(test::run_spl(numbered(), "* | head (n < 3) keeplast=true"), "id") == Strings{"25"});
  // The count still bounds the run: head 2 (n > 3) stops at two rows.
  CHECK(test::strings(test::run_spl(numbered(), "* | head 2 (n > 3)"), "id") == Strings{"25", "24"});
}
