// Commands driven through parse_query, to check that what the parser builds runs as Splunk does.
#include <doctest/doctest.h>

#include "cmd_util.hpp"

using namespace spelunk;
using namespace spelunk::testing;

namespace {

std::vector<Ev> procs() {  // newest first
  return {
      {{{"host", {"h2"}}, {"Image", {"C:\\w\\cmd.exe"}}, {"EventCode", {"1"}}, {"bytes", {"100"}}}, 50},
      {{{"host", {"h1"}}, {"Image", {"C:\\w\\ps.exe"}}, {"EventCode", {"3"}}, {"bytes", {"7"}}}, 40},
      {{{"host", {"h1"}}, {"Image", {"C:\\w\\cmd.exe"}}, {"EventCode", {"1"}}, {"bytes", {"30"}}}, 30},
      {{{"host", {"h3"}}, {"EventCode", {"3"}}}, 20},
      {{{"Image", {"C:\\w\\cmd.exe"}}, {"EventCode", {"1"}}}, 10},
  };
}

}  // namespace

TEST_CASE("query: stats with AS, BY, several functions") {
  Result r = run_query("x | stats count AS n dc(Image) AS images sum(bytes) by host", view(procs()));
  CHECK(names(r) == S{"host", "n", "images", "sum(bytes)"});
  CHECK(col(r, "host") == S{"h1", "h2", "h3"});
  CHECK(col(r, "n") == S{"2", "1", "1"});
  CHECK(col(r, "images") == S{"2", "1", "0"});
  CHECK(col(r, "sum(bytes)") == S{"37", "100", ""});
}

TEST_CASE("query: sort variants parse and order as Splunk") {
  Result counts = run_query("x | stats count by Image | sort - count", view(procs()));
  CHECK(col(counts, "count") == S{"3", "1"});
  CHECK(col(run_query("x | sort bytes d", view(procs())), "bytes") == S{"100", "30", "7", "", ""});
  CHECK(col(run_query("x | sort 2 -num(bytes)", view(procs())), "bytes") == S{"100", "30"});
  CHECK(col(run_query("x | sort str(bytes)", view(procs())), "bytes") == S{"100", "30", "7", "", ""});
}

TEST_CASE("query: top N, rare, dedup, tail, rename wildcard, fillnull, eventstats") {
  Result t = run_query("x | top 1 Image", view(procs()));
  CHECK(col(t, "Image") == S{"C:\\w\\cmd.exe"});
  CHECK(col(t, "percent") == S{"75.000000"});
  CHECK(col(run_query("x | rare limit=1 EventCode", view(procs())), "EventCode") == S{"3"});
  CHECK(col(run_query("x | dedup host sortby +bytes", view(procs())), "host") == S{"h1", "h2", "h3"});
  CHECK(col(run_query("x | tail 2", view(procs())), "EventCode") == S{"1", "3"});
  Result ren = run_query("x | stats count by host | rename count AS \"Event Count\", h* AS H*", view(procs()));
  CHECK(names(ren) == S{"Host", "Event Count"});
  CHECK(col(run_query("x | fillnull value=NONE host | stats count by host", view(procs())), "host") ==
        S{"NONE", "h1", "h2", "h3"});
  CHECK(col(run_query("x | eventstats avg(bytes) as avgb by host", view(procs())), "avgb") ==
        S{"100", "18.5", "18.5", "", ""});
}

TEST_CASE("query: bucket alias, timechart by, streamstats window") {
  Result b = run_query("x | bucket _time span=20s | stats count by _time", view(procs()));
  CHECK(col(b, "_time") == S{"0", "20", "40"});
  CHECK(col(b, "count") == S{"1", "2", "2"});
  Result tc = run_query("x | timechart span=20s count by host usenull=f", view(procs()));
  CHECK(names(tc) == S{"_time", "h1", "h2", "h3"});
  CHECK(col(tc, "_time") == S{"20", "40"});  // the row without host is dropped (usenull=f)
  CHECK(col(tc, "h1") == S{"1", "1"});
  Result ss = run_query("x | streamstats window=2 count as c", view(procs()));
  CHECK(col(ss, "c") == S{"1", "2", "2", "2", "2"});
}
