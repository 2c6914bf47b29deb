// transaction startswith= / endswith= / keepevicted / keeporphans, and stats functions over
// eval(...) expressions.
#include <doctest/doctest.h>

#include "cmd_util.hpp"

using namespace spelunk;
using namespace spelunk::testing;

namespace {

Ev event(double time, std::string user, std::string code) {
  Ev e;
  e.time = time;
  if (!user.empty()) e.fields.push_back({"u", {user}});
  e.fields.push_back({"EventCode", {code}});
  return e;
}

Result scheduled_tasks() {
  return view({event(100, "a", "4698"), event(110, "a", "1"), event(120, "a", "4699"), event(130, "a", "1"),
               event(140, "b", "4698"), event(150, "", "4698")});
}

}  // namespace

TEST_CASE("transaction: startswith/endswith as search expressions (corpus form)") {
  Result r = run_query("| transaction u startswith=(EventCode=4698) endswith=(EventCode=4699)", scheduled_tasks());
  CHECK(col(r, "_time") == S{"100"});
  CHECK(col(r, "eventcount") == S{"3"});
  CHECK(col(r, "duration") == S{"20"});
  CHECK(col(r, "EventCode") == S{"1|4698|4699"});
  CHECK(r.find("closed_txn") < 0);
  // Quoted search string and eval(...) forms give the same transaction.
  Result q = run_query("| transaction u startswith=\"EventCode=4698\" endswith=eval(EventCode==4699)", scheduled_tasks());
  CHECK(col(q, "eventcount") == S{"3"});
}

TEST_CASE("transaction: keepevicted keeps unfinished transactions with closed_txn=0") {
  Result r = run_query("| transaction u startswith=eval(EventCode=4698) endswith=eval(EventCode=4699) keepevicted=t",
                       scheduled_tasks());
  CHECK(col(r, "_time") == S{"140", "100"});
  CHECK(col(r, "closed_txn") == S{"0", "1"});
  CHECK(col(r, "eventcount") == S{"1", "3"});
}

TEST_CASE("transaction: keeporphans passes events outside transactions through, newest first") {
  Result r = run_query("| transaction u startswith=(EventCode=4698) endswith=(EventCode=4699) keeporphans=true",
                       scheduled_tasks());
  CHECK(col(r, "_time") == S{"150", "130", "100"});
  CHECK(col(r, "_txn_orphan") == S{"1", "1", ""});
  CHECK(col(r, "eventcount") == S{"", "", "3"});
}

TEST_CASE("transaction: a second start closes the open transaction unfinished; endswith alone") {
  Result in = view({event(200, "c", "S"), event(210, "c", "S"), event(220, "c", "E"), event(230, "c", "x")});
  Result r = run_query("| transaction u startswith=eval(EventCode=\"S\") endswith=eval(EventCode=\"E\")", in);
  CHECK(col(r, "_time") == S{"210"});
  CHECK(col(r, "eventcount") == S{"2"});
  // endswith only: events open transactions freely; the one after the end never completes.
  Result e = run_query("| transaction u endswith=eval(EventCode=\"E\") keepevicted=1", in);
  CHECK(col(e, "_time") == S{"230", "200"});
  CHECK(col(e, "eventcount") == S{"1", "3"});
  CHECK(col(e, "closed_txn") == S{"0", "1"});
}

TEST_CASE("transaction: bad startswith/endswith and options are errors") {
  auto message = [](const char* q) {
    try {
      run_query(q, scheduled_tasks());
    } catch (const QueryError& e) {
      return e.message;
    }
    return std::string("no error");
  };
  CHECK(message("| transaction u startswith=eval(nosuchfn(x))").find("transaction startswith=: ") == 0);
  CHECK(message("| transaction u keeporphans=maybe") == "transaction: keeporphans=maybe is not a Boolean");
}

TEST_CASE("stats: functions over eval(...) expressions, not only count") {
  Result in = view({{{{"g", {"a"}}, {"x", {"1"}}, {"u", {"Ann"}}}}, {{{"g", {"a"}}, {"x", {"3"}}, {"u", {"ann"}}}},
                    {{{"g", {"b"}}, {"x", {"5"}}, {"u", {"Bob"}}}}, {{{"g", {"b"}}, {"u", {"bob"}}}}});
  Result r = run_query(
      "| stats sum(eval(x*2)) AS s dc(eval(lower(u))) AS d values(eval(if(x>1, u, null()))) AS v "
      "avg(eval(x+1)) AS a max(eval(len(u))) AS m count(eval(x>2)) AS c by g",
      in);
  CHECK(col(r, "g") == S{"a", "b"});
  CHECK(col(r, "s") == S{"8", "10"});
  CHECK(col(r, "d") == S{"1", "1"});
  CHECK(col(r, "v") == S{"ann", "Bob"});
  CHECK(col(r, "a") == S{"3", "6"});
  CHECK(col(r, "m") == S{"3", "3"});
  CHECK(col(r, "c") == S{"1", "1"});
  // A Boolean-valued expression adds nothing to a non-count function.
  CHECK(col(run_query("| stats values(eval(x>1)) AS b", in), "b") == S{""});
  // eventstats and streamstats share the code.
  CHECK(col(run_query("| eventstats sum(eval(x*10)) AS t by g", in), "t") == S{"40", "40", "50", "50"});
  CHECK(col(run_query("| streamstats sum(eval(x*10)) AS t", in), "t") == S{"10", "40", "90", "90"});
}
