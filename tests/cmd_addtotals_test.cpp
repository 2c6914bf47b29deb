// `addtotals`: row sums of numeric fields, and a column-sum row.
#include <doctest/doctest.h>

#include "cli/session.hpp"
#include "tests/cmd_util.hpp"

using namespace spelunk;

namespace {

cli::SearchOutcome run(const std::string& pipeline) {
  cli::Session s;
  return s.run("| makeresults count=3 | streamstats count as n | eval a=n*2, b=if(n=2, \"x\", n), c=mvappend(n, 10), "
               "name=\"h\".n | fields - _time" + pipeline);
}

std::vector<std::string> column(const cli::SearchOutcome& out, const std::string& name) {
  return spelunk::testing::col(out.result, name);
}

}  // namespace

TEST_CASE("addtotals: a row's numbers summed, non-numbers ignored, fields chosen with wildcards") {
  auto all = run(" | addtotals");
  REQUIRE_MESSAGE(all.ok, all.error);
  // n + a + b + c: row 1: 1+2+1+(1+10), row 2: 2+4+(b not a number)+(2+10), row 3: 3+6+3+13
  CHECK(column(all, "Total") == std::vector<std::string>{"15", "18", "25"});
  auto some = run(" | addtotals fieldname=Score a, b");
  CHECK(column(some, "Score") == std::vector<std::string>{"3", "4", "9"});
  auto wild = run(" | addtotals fieldname=S [ab]");  // no field matches: no value
  CHECK(column(wild, "S") == std::vector<std::string>{"", "", ""});
}

TEST_CASE("addtotals col=t: a last row of column sums, labelled") {
  auto out = run(" | addtotals row=f col=t labelfield=name label=Sum a n");
  REQUIRE_MESSAGE(out.ok, out.error);
  REQUIRE(out.result.size() == 4);
  CHECK(column(out, "a")[3] == "12");
  CHECK(column(out, "n")[3] == "6");
  CHECK(column(out, "b")[3] == "");  // not listed
  CHECK(column(out, "name") == std::vector<std::string>{"h1", "h2", "h3", "Sum"});
  CHECK(run(" | addtotals row=maybe").error.find("row must be true or false") != std::string::npos);
}
