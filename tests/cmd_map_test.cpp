// `map`: one search per input row with $field$ substitution, macros expanded when each runs.
#include <doctest/doctest.h>

#include "cli/session.hpp"
#include "parser/parser.hpp"
#include "tests/cmd_util.hpp"

using namespace spelunk;
using spelunk::testing::Ev;

namespace {

cli::Session logon_session() {
  cli::Session s;
  s.set_store(spelunk::testing::make_store({
      Ev{{{"EventCode", {"4624"}}, {"TargetLogonId", {"0x1"}}, {"user", {"ann"}}}, 1},
      Ev{{{"EventCode", {"4624"}}, {"TargetLogonId", {"0x2"}}, {"user", {"bob"}}}, 2},
      Ev{{{"EventCode", {"4672"}}, {"SubjectLogonId", {"0x2"}}}, 3},
      Ev{{{"EventCode", {"4672"}}, {"SubjectLogonId", {"0x1"}}}, 4},
      Ev{{{"EventCode", {"4672"}}, {"SubjectLogonId", {"0x9"}}}, 5},
  }));
  auto macros = std::make_shared<MacroTable>();
  macros->add({"logons", {}, "EventCode=4624"});
  s.set_macros(macros);
  return s;
}

std::vector<std::string> column(const Result& r, const std::string& name) {
  return spelunk::testing::col(r, name);
}

}  // namespace

TEST_CASE("map runs its search once per row, in row order, with $field$ and macros") {
  cli::Session s = logon_session();
  // The 4672 events, newest first: 0x9 (t=5), 0x1 (t=4), 0x2 (t=3); 0x9 has no logon.
  auto out = s.run("EventCode=4672 | map search=\"search `logons` TargetLogonId=$SubjectLogonId$ "
                   "| eval n=$_serial_id$\"");
  REQUIRE_MESSAGE(out.ok, out.error);
  CHECK(column(out.result, "user") == std::vector<std::string>{"ann", "bob"});  // 0x9 finds nothing
  CHECK(column(out.result, "n") == std::vector<std::string>{"2", "3"});
}

TEST_CASE("map: $$field$$, the [subsearch] form, maxsearches and its warning") {
  cli::Session s = logon_session();
  auto doubled = s.run("EventCode=4672 | map search=\"search `logons` TargetLogonId=$$SubjectLogonId$$\"");
  REQUIRE_MESSAGE(doubled.ok, doubled.error);
  CHECK(column(doubled.result, "user") == std::vector<std::string>{"ann", "bob"});
  auto bracket = s.run("EventCode=4672 | map [search `logons` TargetLogonId=$SubjectLogonId$]");
  REQUIRE_MESSAGE(bracket.ok, bracket.error);
  CHECK(column(bracket.result, "user") == std::vector<std::string>{"ann", "bob"});
  auto capped = s.run("EventCode=4672 | map maxsearches=2 search=\"search `logons` TargetLogonId=$SubjectLogonId$\"");
  REQUIRE_MESSAGE(capped.ok, capped.error);
  CHECK(column(capped.result, "user") == std::vector<std::string>{"ann"});
  REQUIRE(capped.warnings.size() == 1);
  CHECK(capped.warnings[0] == "map: ran 2 of 3 searches (maxsearches=2)");
}

TEST_CASE("map: bad arguments and a bad inner search are errors, not crashes") {
  cli::Session s = logon_session();
  auto none = s.run("EventCode=4672 | map maxsearches=2");
  CHECK_FALSE(none.ok);
  CHECK(none.error.find("map needs search=\"...\" or a [subsearch]") != std::string::npos);
  auto zero = s.run("EventCode=4672 | map maxsearches=0 search=\"search x\"");
  CHECK(zero.error.find("maxsearches must be a positive whole number") != std::string::npos);
  auto broken = s.run("EventCode=4672 | map search=\"search (TargetLogonId=$SubjectLogonId$\"");
  CHECK_FALSE(broken.ok);
  CHECK(broken.error.find("map: search 1 `search (TargetLogonId=0x9`") != std::string::npos);
}
