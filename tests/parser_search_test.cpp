// The search expression: terms, phrases, comparisons, IN, wildcards, escapes, precedence
// (R2.4: NOT > OR > AND), TERM/CASE, time modifiers, subsearches.
#include <doctest/doctest.h>

#include "tests/parser_test_util.hpp"

using spelunk::test::Case;
using spelunk::test::search_of;

TEST_CASE("search: precedence is ( ) > NOT > OR > AND") {
  const Case cases[] = {
      {"a b OR c", "(AND a (OR b c))"},
      {"A=1 AND B=2 OR C=3", "(AND A=1 (OR B=2 C=3))"},
      {"error NOT 403 OR 404", "(AND error (OR (NOT 403) 404))"},
      {"a OR b c OR d", "(AND (OR a b) (OR c d))"},
      {"NOT a b", "(AND (NOT a) b)"},
      {"NOT (a b)", "(NOT (AND a b))"},
      {"(a OR b) AND c", "(AND (OR a b) c)"},
      {"a OR b OR c", "(OR a b c)"},
      {"a AND b c", "(AND a b c)"},
      {"NOT NOT a", "(NOT (NOT a))"},
      {"a (b OR c) d", "(AND a (OR b c) d)"},
      {"((a))", "a"},
  };
  for (const auto& c : cases) {
    INFO(c.query);
    CHECK(search_of(c.query) == c.expected);
  }
}

TEST_CASE("search: operators are capitals only; lower-case and/or/not are terms (R2.3)") {
  CHECK(search_of("cmd or powershell") == "(AND cmd or powershell)");
  CHECK(search_of("a and b not c") == "(AND a and b not c)");
  CHECK(search_of("error \"AND\"") == "(AND error \"AND\")");
  CHECK(search_of("ANDROID ORACLE NOTE") == "(AND ANDROID ORACLE NOTE)");
}

TEST_CASE("search: terms, phrases and comparisons") {
  const Case cases[] = {
      {"mimikatz", "mimikatz"},
      {"\"access denied\"", "\"access denied\""},
      {"EventCode=1", "EventCode=1"},
      {"EventCode = 1", "EventCode=1"},
      {"User!=\"NT AUTHORITY\\\\SYSTEM\"", "User!=\"NT AUTHORITY\\SYSTEM\""},
      {"DestinationPort<1024", "DestinationPort<1024"},
      {"x<=2 y>3 z>=4", "(AND x<=2 y>3 z>=4)"},
      {"ParentImage=*", "ParentImage=*"},
      {"Image=*\\\\cmd.exe", "Image=*\\cmd.exe"},
      {"CommandLine=\"*-enc*\"", "CommandLine=\"*-enc*\""},
      {"\"New Process Name\"=\"*cmd.exe\"", "\"New Process Name\"=\"*cmd.exe\""},
      {"field=\"\"", "field=\"\""},
      {"CommandLine=*Invoke-Mimikatz -DumpCreds*", "(AND CommandLine=*Invoke-Mimikatz -DumpCreds*)"},
      {"error \"startswith=foo\"", "(AND error \"startswith=foo\")"},
      {"index=main sourcetype=XmlWinEventLog host=h1 source=s", "(AND index=main sourcetype=XmlWinEventLog host=h1 source=s)"},
      {"*", "*"},
      {"my*host *x* \"fail*\"", "(AND my*host *x* \"fail*\")"},
      {"DestinationIp=10.0.0.0/8", "DestinationIp=10.0.0.0/8"},
  };
  for (const auto& c : cases) {
    INFO(c.query);
    CHECK(search_of(c.query) == c.expected);
  }
}

TEST_CASE("search: backslash escapes (R1.4)") {
  // "C:\\Windows" and "C:\Windows" both give C:\Windows.
  CHECK(search_of(R"(Image="C:\\Windows\\System32\\cmd.exe")") == R"(Image="C:\Windows\System32\cmd.exe")");
  CHECK(search_of(R"(Image="C:\Windows\System32\cmd.exe")") == R"(Image="C:\Windows\System32\cmd.exe")");
  CHECK(search_of(R"(x="say \"hi\"")") == R"(x="say "hi"")");
  CHECK(search_of(R"("a \| b")") == R"("a | b")");
  CHECK(search_of(R"(x=a\*b)") == R"(x=a\*b)");  // '*' cannot be escaped: the backslash stays
  CHECK(search_of(R"(x="\d+\s")") == R"(x="\d+\s")");
  const auto r = spelunk::parse_query(R"(a="C:\\x" b="C:\x")");
  REQUIRE(r.pipeline);
  const auto& expr = *std::get<spelunk::ast::SearchCommand>(r.pipeline->commands[0].body).expr;
  CHECK(expr.children[0].values[0].text == R"(C:\x)");
  CHECK(expr.children[1].values[0].text == R"(C:\x)");
  CHECK(expr.children[0].values[0].quoted);
}

TEST_CASE("search: a quoted '|' does not split the pipeline (R1.3)") {
  CHECK(spelunk::test::parsed("search \"error | stats count\"") == "search \"error | stats count\"");
}

TEST_CASE("search: IN lists") {
  CHECK(search_of(R"(Image IN ("*\\cmd.exe", "*\\powershell.exe"))") == R"(Image IN ("*\cmd.exe", "*\powershell.exe"))");
  CHECK(search_of("x IN (v, \"w x\", *y*)") == "x IN (v, \"w x\", *y*)");
  CHECK(search_of("NOT x IN (a,b)") == "(NOT x IN (a, b))");
  CHECK(search_of("x IN (a b)") == "x IN (a, b)");
  CHECK(search_of("x in (a b)") == "(AND x in (AND a b))");  // lower-case in is a term
}

TEST_CASE("search: TERM(), CASE(), time modifiers") {
  CHECK(search_of("TERM(127.0.0.1)") == "TERM(127.0.0.1)");
  CHECK(search_of("CASE(%ASA-1*)") == "CASE(%ASA-1*)");
  CHECK(search_of("host=CASE(LOCALHOST)") == "host=CASE(LOCALHOST)");
  CHECK(search_of(R"(Image=CASE(*\\CMD.EXE))") == R"(Image=CASE(*\CMD.EXE))");
  CHECK(search_of("earliest=-24h@h latest=now x") == "(AND TIME(earliest=-24h@h) TIME(latest=now) x)");
  CHECK(search_of("earliest=\"10/19/2016:00:00:00\"") == "TIME(earliest=10/19/2016:00:00:00)");
  const auto r = spelunk::parse_query("TERM(a) CASE(B)");
  REQUIRE(r.pipeline);
  const auto& expr = *std::get<spelunk::ast::SearchCommand>(r.pipeline->commands[0].body).expr;
  CHECK(expr.children[0].values[0].term);
  CHECK(expr.children[1].values[0].case_sensitive);
}

TEST_CASE("search: Message=\"\"*x*\"\" is read as a wildcard value, with a warning (R1.5)") {
  const auto r = spelunk::parse_query(R"(OR (Message=""*Get-NetTCPConnection*""))");
  CHECK_FALSE(r.pipeline);  // a leading OR is an error
  const auto ok = spelunk::parse_query(R"(a OR (Message=""*Get-NetTCPConnection*""))");
  REQUIRE(ok.pipeline);
  CHECK(spelunk::to_string(*ok.pipeline) == "search (OR a Message=*Get-NetTCPConnection*)");
  REQUIRE(ok.warnings.size() == 1);
  CHECK(ok.warnings[0].message.find("*Get-NetTCPConnection*") != std::string::npos);
  CHECK(ok.warnings[0].pos.column == 15);
}

TEST_CASE("search: subsearches parse into nested pipelines") {
  CHECK(search_of("a [search b | fields host]") == "(AND a [search b | fields + host])");
  CHECK(search_of("NOT [| inputlookup bad.csv | fields ip]") == "(NOT [inputlookup bad.csv | fields + ip])");
  CHECK(search_of("[ search x [ search y ] ]") == "[search (AND x [search y])]");
}

TEST_CASE("search: positions of nodes") {
  const auto r = spelunk::parse_query("a\n  b=1 OR c");
  REQUIRE(r.pipeline);
  const auto& expr = *std::get<spelunk::ast::SearchCommand>(r.pipeline->commands[0].body).expr;
  const auto& b = expr.children[1].children[0];
  CHECK(b.field == "b");
  CHECK(b.pos.line == 2);
  CHECK(b.pos.column == 3);
  CHECK(b.pos.offset == 4);
}

TEST_CASE("search: the seed searches parse") {
  const char* seed1 = R"(sourcetype="XmlWinEventLog:Microsoft-Windows-Sysmon/Operational"
(process_name="netstat.exe") 
OR (process_name="net.exe" AND cmdline="*use*")
OR (process_name="net1.exe" AND cmdline="*file*")
| table _time process_name, cmdline, parent_process, user, host)";
  CHECK(spelunk::test::parsed(seed1) ==
        "search (AND sourcetype=\"XmlWinEventLog:Microsoft-Windows-Sysmon/Operational\" (OR process_name=\"netstat.exe\" "
        "(AND process_name=\"net.exe\" cmdline=\"*use*\") (AND process_name=\"net1.exe\" cmdline=\"*file*\"))) | "
        "table _time, process_name, cmdline, parent_process, user, host");
  const char* seed2 = R"(sourcetype="XmlWinEventLog:Microsoft-Windows-Sysmon/Operational"
(process_name="netstat.exe") 
OR (Message="*net1*" AND Message="*file*")
OR (Message=""*Get-NetTCPConnection*"")
| table _time EventCode Message host)";
  CHECK(spelunk::test::parsed(seed2) ==
        "search (AND sourcetype=\"XmlWinEventLog:Microsoft-Windows-Sysmon/Operational\" (OR process_name=\"netstat.exe\" "
        "(AND Message=\"*net1*\" Message=\"*file*\") Message=*Get-NetTCPConnection*)) | table _time, EventCode, Message, host");
}
