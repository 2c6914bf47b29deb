// The ClickHouse engine against the in-memory one, on events built to hit every rule of
// search_filter.cpp (case, wildcards, absent vs empty, multi-values, != vs NOT, numbers, IN, CIDR,
// time ranges, terms, calculated fields, subsearches) and every pushed command. Each search runs
// both ways and the results must be identical: same columns, same rows, same order.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "tests/clickhouse_util.hpp"

using namespace spelunk;

namespace {

namespace fs = std::filesystem;

struct Event {
  double time_s;
  std::string raw;
  std::vector<std::pair<std::string, std::vector<std::string>>> fields;
};

std::shared_ptr<const Store> semantics_store() {
  using std::string;
  const string sysmon = "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational";
  std::vector<Event> events = {
      {1000, "<Event>C:\\Windows\\System32\\cmd.exe /c whoami: access denied ip=10.1.2.3</Event>",
       {{"Image", {"C:\\Windows\\System32\\cmd.exe"}}, {"CommandLine", {"cmd.exe /c whoami"}},
        {"host", {"x' OR 1=1 --"}}, {"tag", {"a", "b"}}, {"port", {"443"}}, {"ip", {"10.1.2.3"}},
        {"EventCode", {"1"}}, {"source", {sysmon}}, {"User", {"CORP\\bob"}}, {"num", {"0.1"}}}},
      {2000, "Access denied for CMD.EXE",
       {{"Image", {"C:\\x\\CMD.EXE"}}, {"host", {"a\\b"}}, {"tag", {"b"}}, {"port", {"8080"}},
        {"ip", {"10.0.0.256"}}, {"empty", {""}}, {"EventCode", {"3"}}, {"source", {sysmon}},
        {"User", {"NT AUTHORITY\\SYSTEM"}}, {"num", {"1234567.123456789"}}}},
      {2000, "denied access cmd.exe",
       {{"Image", {"cmd.exe"}}, {"host", {"\"q\""}}, {"tag", {"c", "c", "a"}}, {"port", {"80.5"}},
        {"ip", {"192.168.1.1"}}, {"EventCode", {"3"}}, {"DestinationIp", {"2001:db8::1"}}, {"source", {sysmon}}}},
      {500, string("powershell.exe -enc AAAA\0tail", 30),
       {{"Image", {"powershell.exe"}}, {"host", {string("a\0b", 3)}}, {"port", {"1e3"}}, {"ip", {"010.1.2.3"}},
        {"EventCode", {"1"}}}},
      {3000, "net use \\\\srv\\share\nline two",
       {{"Image", {"C:\\Temp\\NET.exe"}}, {"host", {"line1\nline2"}}, {"port", {"+5"}}, {"ip", {"::1"}},
        {"EventCode", {"1"}}, {"source", {sysmon}}, {"num", {"2e-324"}}}},
      {3000, "\xff\xfe bytes 127.0.0.1 - admin",
       {{"host", {"\xff\xfe bytes"}}, {"port", {"-0"}}, {"ip", {"10.255.255.255"}},
        {"CommandLine", {"net use \\\\srv"}}, {"num", {"+-5"}}}},
      {100, "ip=127.0.0.1 *star* TERM",
       {{"host", {"x"}}, {"port", {"abc"}}, {"ip", {"11.0.0.0"}}, {"tag", {""}}, {"CommandLine", {"*star*"}},
        {"num", {"1e400"}}}},
      {4000, "cmdkey.exe run by admin (Get-NetTCPConnection)",
       {{"host", {"X"}}, {"port", {"007"}}, {"Image", {"C:\\Windows\\System32\\cmd.exe"}}, {"source", {sysmon}},
        {"EventCode", {"3"}}, {"Initiated", {"true"}}, {"num", {"100"}}, {"tag", {"B", "a"}}}},
  };
  StoreBuilder b;
  for (const auto& e : events) {
    b.begin_event();
    b.set_time(static_cast<std::int64_t>(e.time_s * 1e6));
    b.set_raw(e.raw);
    for (const auto& [name, values] : e.fields)
      for (const auto& v : values) b.append(b.field(name), v);
    b.end_event();
  }
  return std::make_shared<const Store>(b.finish());
}

const char* kProps =
    "[source::XmlWinEventLog:Microsoft-Windows-Sysmon/Operational]\n"
    "FIELDALIAS-t = tag AS t2\n"
    "EVAL-port_class = if(port < 1024, \"low\", \"high\")\n"
    // A calculated field that is also extracted in some events (tag).
    "EVAL-tag = upper(tag)\n";

struct Engines {
  cli::Session memory, remote;
};

Engines& engines() {
  static std::unique_ptr<Engines> e = [] {
    auto out = std::make_unique<Engines>();
    const fs::path props = fs::temp_directory_path() / ("spelunk_ch_props_" + std::to_string(::getpid()) + ".conf");
    std::ofstream(props) << kProps;
    for (auto* s : {&out->memory, &out->remote}) {
      REQUIRE(s->load_props({props.string()}).empty());
      s->set_now(3500LL * 1'000'000);
    }
    auto store = semantics_store();
    out->memory.set_store(store);
    chtest::load(store, out->memory.knowledge(), "semantics", true);
    out->remote.set_remote(chtest::open("semantics"));
    fs::remove(props);
    return out;
  }();
  return *e;
}

// Runs `query` both ways; returns the remote outcome after checking they agree.
cli::SearchOutcome both(const std::string& query) {
  auto& e = engines();
  cli::SearchOutcome m = e.memory.run(query);
  cli::SearchOutcome r = e.remote.run(query);
  INFO("query: " << query);
  CHECK(m.ok == r.ok);
  if (m.ok && r.ok) CHECK(chtest::dump(m.result) == chtest::dump(r.result));
  if (!m.ok && !r.ok) CHECK(m.error == r.error);
  if (m.ok != r.ok) CHECK((m.error + " | " + r.error) == "");
  return r;
}

}  // namespace

TEST_CASE("clickhouse engine: field values as search compares them") {
  REQUIRE_CLICKHOUSE();
  for (const char* q : {
           // case-insensitive values, whole-value match, wildcards anywhere (R3.1-R3.3)
           "Image=cmd.exe", "Image=CMD.EXE", "Image=*\\\\cmd.exe", "Image=\"*\\\\CMD.exe\"", "Image=c*d*e",
           "Image=C:*System32*cmd*", "Image=*", "Image=**", "Image=CASE(*CMD.EXE)", "Image=CASE(cmd.exe)",
           "CommandLine=\"*star*\"", "CommandLine=*net*use*", "Image=*w*s*s*3*e",
           // values that must never reach SQL unescaped
           "host=\"x' OR 1=1 --\"", "host=\"x' OR 1=1 --\" OR host=x", "host=\"a\\\\b\"", "host=\"\\\"q\\\"\"",
           "host=*\\\\*", "host=*'*", "host=\"line1*\"", "host=*\\\"*", "host=x", "host=CASE(X)",
           // absent versus empty, multi-values, != versus NOT (R3.5, R4.1, R4.3)
           "empty=\"\"", "empty=*", "NOT empty=*", "tag=a", "tag=A", "tag!=a", "NOT tag=a", "tag=*", "NOT tag=*",
           "tag!=*", "tag=\"\"", "tag!=b", "NOT tag!=b", "missing=x", "missing!=x", "NOT missing=x",
           // numbers and text in <, > (R5.1)
           "port<1024", "port<=443", "port>100", "port>=80.5", "port<1e3", "port>abc", "port<0", "port>-1",
           "num>0.1", "num<0.2", "num>1234567.1234", "num<1e300", "num>=0", "num<100.0",
           // IN and CIDR (R2.8, R3.8)
           "ip IN (10.1.2.3, \"192.168.*\")", "Image IN (\"*\\\\cmd.exe\", \"*net*\")", "ip=10.0.0.0/8",
           "ip!=10.0.0.0/8", "NOT ip=10.0.0.0/8", "ip=10.1.2.3/32", "ip=0.0.0.0/0", "ip=192.168.0.0/16",
           "DestinationIp=2001:db8::/32", "ip=::1/128", "ip=10.0.0.0/33",
           // time ranges (R7.1), the picker's bounds come from the context
           "earliest=1500 latest=3500", "earliest=-30m", "latest=@h", "earliest=-1h@h EventCode=3",
           "_time>2500", "_time=2000",
           // bare terms and phrases against _raw (R6)
           "cmd", "CMD", "\"access denied\"", "denied", "cmd.exe", "TERM(127.0.0.1)", "127.0.0.1", "admin",
           "*NetTCP*", "*cmd*", "cmd*", "CASE(Access)", "Get-NetTCPConnection", "\"whoami: access\"", "tail",
           "srv", "\\\\srv", "_raw=*denied*", "_raw!=*denied*", "*", "star",
           // Boolean structure (R2.4, R2.5)
           "EventCode=1 OR EventCode=3 tag=a", "NOT (tag=a OR tag=b)", "NOT NOT tag=c", "(Image=*cmd* OR cmd) NOT host=x",
       })
    both(q);
}

TEST_CASE("clickhouse engine: calculated fields are the in-memory ones") {
  REQUIRE_CLICKHOUSE();
  for (const char* q : {"t2=a", "t2=*", "port_class=low", "port_class=high | stats count by port_class",
                        "tag=A", "tag=a | table tag t2", "EventCode=3 | table *", "* | fields - _raw",
                        "tag=* | stats count by tag", "source=XmlWin* | stats values(tag) values(t2)"})
    both(q);
}

TEST_CASE("clickhouse engine: pushed commands give the in-memory rows") {
  REQUIRE_CLICKHOUSE();
  for (const char* q : {
           "* | stats count", "missing=x | stats count dc(tag) values(tag) min(_time) max(_time)",
           "* | stats count by tag", "* | stats count by tag Image", "* | stats count by port",
           "* | stats dc(Image) values(tag) min(_time) max(_time) earliest(host) latest(host) first(tag) last(tag) "
           "count(tag) earliest(_time) latest(_time) first(_time) last(_time) by EventCode",
           "* | stats count by _time", "* | stats values(_raw) by EventCode", "* | stats first(_raw) last(_raw)",
           "* | stats count AS n by host | sort - n", "* | rename tag AS t | stats count by t",
           "* | rename tag AS EventCode, EventCode AS e | stats count by e EventCode",
           "* | rename nothing AS tag | stats count by tag", "* | top tag", "* | top limit=2 host by EventCode",
           "* | rare Image", "* | top tag countfield=n showperc=f", "* | head 3", "* | head limit=2",
           "EventCode=3 | head 1", "* | head 0", "* | search tag=a | stats count", "* | search cmd | head 2",
           "* | stats count by missing", "* | stats sum(port)", "* | stats avg(port) by EventCode",
           "* | stats count by tag | where count > 1", "tag=a | eval x=upper(Image) | table x tag",
           "* | stats count(eval(tag=\"a\")) AS n", "* | stats count by ip | head 2",
       }) {
    cli::SearchOutcome r = both(q);
    INFO(q);
    CHECK(r.remote_pushed >= 1);
  }
}

TEST_CASE("clickhouse engine: what is pushed and what is re-checked") {
  REQUIRE_CLICKHOUSE();
  struct Case {
    const char* query;
    std::size_t pushed;
    bool exact;
  };
  for (const Case& c : std::initializer_list<Case>{
           {"tag=a | stats count by Image", 2, true},
           {"tag=a | rename Image AS i | stats count by i | sort - count", 3, true},
           {"tag=a | head 2 | table Image", 2, true},
           {"tag=a | search Image=*cmd* | top Image", 3, true},
           {"*NetTCP* | stats count", 1, false},  // a wildcard term: a superset, then the search here
           {"DestinationIp=2001:db8::/32", 1, false},
           {"tag=a | eval x=1 | stats count by x", 1, true},
           {"| makeresults | eval x=1", 0, false},
       }) {
    cli::SearchOutcome r = both(c.query);
    INFO(c.query);
    CHECK(r.remote_pushed == c.pushed);
    if (c.pushed) CHECK(r.remote_exact == c.exact);
  }
}

TEST_CASE("clickhouse engine: subsearches, the time picker and errors") {
  REQUIRE_CLICKHOUSE();
  both("[search tag=c | fields host] | table host Image");
  both("tag=* [search EventCode=3 | stats count by Image | fields Image]");
  both("[search missing=1 | fields host]");
  both("earliest=nonsense");
  both("* | stats nosuch(x)");
  both("* | nosuchcommand");
  auto& e = engines();
  e.memory.set_time_range("-45m", "");
  e.remote.set_time_range("-45m", "");
  both("* | stats count by host");
  both("earliest=0 | stats count");
  e.memory.set_time_range("", "");
  e.remote.set_time_range("", "");
}

TEST_CASE("clickhouse engine: values never reach SQL unescaped") {
  REQUIRE_CLICKHOUSE();
  // Each matches exactly one event, in both engines.
  for (const std::string& q : {std::string("host=\"x' OR 1=1 --\""), std::string("host=\"a\\\\b\""),
                               std::string("host=\"\\\"q\\\"\""), std::string("host=\"a\0b\"", 10),
                               std::string("host=\"line1\nline2\""), std::string("host=\"\xff\xfe bytes\"")}) {
    cli::SearchOutcome r = both(q);
    INFO(chtest::dump(r.result));
    CHECK(r.ok);
    CHECK(r.result.size() == 1);
    CHECK(r.remote_exact);
  }
  // A search that would be an injection if quoted naively matches nothing.
  cli::SearchOutcome r = both("host=\"' OR '1'='1\"");
  CHECK(r.result.size() == 0);
}

TEST_CASE("clickhouse sql text: every byte goes through sql_string and comes back") {
  REQUIRE_CLICKHOUSE();
  std::string all;
  for (int c = 0; c < 256; ++c) all += static_cast<char>(c);
  for (const std::string& s : {all, std::string("x' OR 1=1 --"), std::string("\\'"), std::string("`"), std::string(),
                               std::string("a\0b", 3), std::string("\n\r\t")}) {
    const std::string lit = clickhouse::sql_string(s);
    for (char c : lit) CHECK((static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7F));
    clickhouse::HttpClient client(chtest::endpoint(), {});
    std::string rows = client.select("SELECT " + lit + ", " + clickhouse::sql_identifier(s.empty() ? "x" : s) + " FROM (SELECT 1 AS " +
                                     clickhouse::sql_identifier(s.empty() ? "x" : s) + ")");
    clickhouse::RowBinaryReader in(rows);
    CHECK(in.string() == s);
  }
}

TEST_CASE("clickhouse engine: bin _time before stats") {
  REQUIRE_CLICKHOUSE();
  struct Case {
    const char* query;
    std::size_t pushed;
  };
  for (const Case& c : std::initializer_list<Case>{
           {"* | bin _time span=1h | stats count by _time", 3},
           {"* | bucket _time span=25m | stats count min(_time) max(_time) first(_time) last(_time) by _time tag", 3},
           {"* | bin span=7s _time | rename _time AS t | stats count earliest(_time) latest(_time) by t", 4},
           {"* | bin _time span=1.5s | stats count by _time", 3},
           {"* | bin _time span=1h | stats count earliest(host) by _time", 1},
           {"* | bin _time span=1mon | stats count by _time", 1},
           {"* | bin _time | stats count by _time", 1},
           {"* | bin _time span=1h | bin _time span=1d | stats count by _time", 1},
       }) {
    cli::SearchOutcome r = both(c.query);
    INFO(c.query);
    CHECK(r.remote_pushed == c.pushed);
  }
}

TEST_CASE("clickhouse engine: fillnull and renames before stats") {
  REQUIRE_CLICKHOUSE();
  struct Case {
    const char* query;
    std::size_t pushed;
  };
  for (const Case& c : std::initializer_list<Case>{
           {"* | fillnull value=NONE tag | stats count by tag", 3},
           {"* | fillnull tag missing | stats count values(missing) dc(tag) by tag missing", 3},
           {"* | fillnull | stats count by tag empty missing", 3},
           {"EventCode=3 | fillnull value=x | stats count by DestinationIp", 3},
           {"EventCode=1 | fillnull value=x | stats count by DestinationIp", 3},
           {"* | fillnull value=\"it's\" | stats values(empty) by host", 3},
           {"* | rename tag AS t | fillnull value=- t | rename t AS tag | stats count by tag", 5},
           {"* | fillnull value=0 | rename port AS p | bin _time span=1h | stats count by p _time", 5},
       }) {
    cli::SearchOutcome r = both(c.query);
    INFO(c.query);
    CHECK(r.remote_pushed == c.pushed);
  }
}

TEST_CASE("clickhouse engine: where pushed down when its SQL is exact") {
  REQUIRE_CLICKHOUSE();
  struct Case {
    const char* query;
    std::size_t pushed;
  };
  for (const Case& c : std::initializer_list<Case>{
           {"* | where isnull(empty)", 2},
           {"* | where isnotnull(DestinationIp) OR isnull(tag)", 2},
           {"* | where isnull(nosuchfield)", 2},
           {"* | where isnotnull(nosuchfield)", 2},
           {"* | where host=\"x' OR 1=1 --\"", 2},
           {"* | where \"a\\\\b\"=host", 2},
           {"* | where host!=\"x\"", 2},
           {"* | where tag=\"a\"", 2},                 // any value of a multi-value
           {"* | where tag!=\"a\"", 2},                // some value other than a
           {"* | where NOT tag=\"a\"", 2},             // null for rows without tag: dropped
           {"* | where NOT (tag=\"a\" AND host=\"x\")", 2},
           {"* | where NOT (tag=\"a\" OR isnull(tag))", 2},
           {"* | where nosuchfield!=\"a\" OR host=\"X\"", 2},
           {"* | where NOT nosuchfield=\"a\"", 2},
           {"* | where empty=\"\"", 2},
           {"* | where port > 100", 2},                // numbers when both parse, else bytes
           {"* | where port <= \"80.5\"", 1},      // a value equals the Float64 literal: the probe keeps it local
           {"* | where port <= \"80\"", 2},
           {"* | where 100 < port", 2},
           {"* | where port >= \"abc\"", 2},
           {"* | where num < 1e300", 2},
           {"* | where like(Image, \"%cmd%\")", 2},
           {"* | where Image LIKE \"C:\\\\%.exe\"", 2},
           {"* | where like(host, \"line1%2\")", 2},   // % across a newline
           {"* | where like(host, \"%bytes\")", 2},
           {"* | where NOT like(CommandLine, \"%srv%\")", 2},
           {"EventCode=1 | where isnotnull(User) | search Image=*cmd* | where tag!=\"zz\" | stats count by host", 5},
           {"* | where port=443", 1},                  // numeric equality stays local
           {"* | where like(host, \"_\")", 1},        // `_` is a UTF-8 character in ClickHouse
           {"* | where lower(host)=\"x\"", 1},
           {"* | where _time > 2000", 1},
           {"* | where host=\"x\" XOR tag=\"a\"", 1},
       }) {
    cli::SearchOutcome r = both(c.query);
    INFO(c.query);
    CHECK(r.remote_pushed == c.pushed);
  }
}

TEST_CASE("clickhouse engine: sort by _time and str() pushed down, ties in feed order") {
  REQUIRE_CLICKHOUSE();
  struct Case {
    const char* query;
    std::size_t pushed;
  };
  for (const Case& c : std::initializer_list<Case>{
           {"* | sort _time", 2},
           {"* | sort - _time", 2},
           {"* | sort 3 _time", 2},
           {"* | sort _time | head 2", 3},
           {"* | sort 0 -_time | head 4", 3},
           {"* | sort 2 _time | head 5", 3},
           {"* | sort str(host)", 2},
           {"* | sort -str(tag), _time", 2},         // multi-values by their first value; missing last
           {"* | sort str(nosuchfield) -_time", 2},
           {"EventCode=3 | where isnotnull(tag) | sort str(Image) | head 1", 4},
           {"* | sort host", 1},                      // auto order (numbers, IPs, text): local
           {"* | sort num(port)", 1},
           {"* | sort ip(_time)", 1},
           {"* | head 3 | sort _time", 2},
       }) {
    cli::SearchOutcome r = both(c.query);
    INFO(c.query);
    CHECK(r.remote_pushed == c.pushed);
  }
}

TEST_CASE("clickhouse engine: timechart with a fixed span and no BY pushed down") {
  REQUIRE_CLICKHOUSE();
  struct Case {
    const char* query;
    std::size_t pushed;
  };
  for (const Case& c : std::initializer_list<Case>{
           {"* | timechart span=1h count", 2},
           {"* | timechart span=7s count dc(tag) values(host)", 2},      // empty bins filled: 0 / empty
           {"EventCode=3 | timechart span=1d count min(_time) latest(host) first(Image)", 2},
           {"* | where isnotnull(tag) | timechart span=1.5s count(port)", 3},
           {"* | rename host AS h | timechart span=10m dc(h) values(nosuchfield)", 3},
           {"* | timechart span=1h count by host", 1},
           {"* | timechart count", 1},
           {"* | timechart span=1mon count", 1},
           {"* | timechart span=1h sum(port)", 1},
           {"* | bin _time span=1h | timechart span=1h count", 1},
       }) {
    cli::SearchOutcome r = both(c.query);
    INFO(c.query);
    CHECK(r.remote_pushed == c.pushed);
  }
}
