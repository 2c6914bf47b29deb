// The detection test runner: the .test format, expectations, diffs, JUnit, exit codes, markdown.
#include <doctest/doctest.h>
#include <pugixml.hpp>

#include "cli/markdown.hpp"
#include "cli/test_file.hpp"
#include "cli/test_runner.hpp"
#include "runner_util.hpp"

using namespace spelunk;
using namespace spelunk::cli;
using spelunk::test::ScratchDir;

namespace {

Result people() {
  Result r = Result::table({"user", "host", "count"});
  r.add_row({Value::of("CORP\\eve"), Value::of("WS-1"), Value::of(3.0)});
  r.add_row({Value::of("CORP\\bob"), Value::of("WS-2"), Value::of(1.0)});
  return r;
}

TestCase expect(std::string_view text) {
  auto tests = parse_test_text(std::string("query: x\ndata: d\n") + std::string(text), "t.test");
  REQUIRE(tests.size() == 1);
  REQUIRE(tests[0].problem == "");
  return tests[0];
}

}  // namespace

TEST_CASE("test file: keys, block query, inheritance across ---") {
  std::string text =
      "# a comment\n"
      "name: fires\n"
      "query: |\n"
      "  sourcetype=x\n"
      "  | table a b\n"
      "data: ../data/a.xml\n"
      "data: b.xml\n"
      "now: 2024-03-05\n"
      "rows: 2\n"
      "match: a=\"x y*\" b=1\n"
      "no_match: a=z\n"
      "result: expected/a.csv\n"
      "order: any\n"
      "---\n"
      "name: quiet\n"
      "data: quiet.xml\n"
      "max_rows: 0\n";
  auto tests = parse_test_text(text, "dir/sub/t.test");
  REQUIRE(tests.size() == 2);
  const TestCase& a = tests[0];
  CHECK(a.problem == "");
  CHECK(a.name == "fires");
  CHECK(a.query == "sourcetype=x\n| table a b");
  CHECK(a.query_line == 4);
  CHECK(a.line == 2);
  CHECK(a.data == std::vector<std::string>{"dir/data/a.xml", "dir/sub/b.xml"});
  CHECK(a.now == "2024-03-05");
  CHECK(a.rows == 2u);
  REQUIRE(a.match.size() == 1);
  CHECK(a.match[0].fields == std::vector<std::pair<std::string, std::string>>{{"a", "x y*"}, {"b", "1"}});
  CHECK(a.no_match.size() == 1);
  CHECK(a.result_file == "dir/sub/expected/a.csv");
  CHECK(a.unordered);
  const TestCase& b = tests[1];
  CHECK(b.problem == "");
  CHECK(b.query == a.query);  // inherited
  CHECK(b.data == std::vector<std::string>{"dir/sub/quiet.xml"});  // replaced
  CHECK(b.now == "2024-03-05");
  CHECK(b.max_rows == 0u);
  CHECK(!b.rows);
  CHECK(b.match.empty());
}

TEST_CASE("test file: problems name the file and line") {
  auto tests = parse_test_text("query: x\ndata: d\nrows: many\n", "t.test");
  REQUIRE(tests.size() == 1);
  CHECK(tests[0].problem == "t.test:3: `rows` needs a whole number");
  tests = parse_test_text("query: x\ndata: d\ncolour: red\n", "t.test");
  CHECK(tests[0].problem == "t.test:3: unknown key `colour`");
  tests = parse_test_text("name: n\ndata: d\n", "t.test");
  CHECK(tests[0].problem.find("no search") != std::string::npos);
  tests = parse_test_text("query: x\nmatch: a=\"open\n", "t.test");
  CHECK(tests[0].problem.find("unclosed quote") != std::string::npos);
  tests = parse_test_text("query: x\ndata: d\nsearch: missing.spl\n", "t.test");
  CHECK(tests[0].problem.find("cannot read search file") != std::string::npos);
}

TEST_CASE("row patterns") {
  std::string problem;
  auto p = parse_row_pattern(R"(user="CORP\\eve" host=WS-*  empty="")", problem);
  REQUIRE(p);
  CHECK(p->fields == std::vector<std::pair<std::string, std::string>>{{"user", "CORP\\eve"}, {"host", "WS-*"}, {"empty", ""}});
  CHECK(!parse_row_pattern("just words", problem));
  CHECK(!parse_row_pattern("=x", problem));
  CHECK(!parse_row_pattern("", problem));
}

TEST_CASE("expectations: counts, must-match, must-not-match") {
  Result r = people();
  CHECK(check_expectations(expect("rows: 2\nmin_rows: 1\nmax_rows: 2\n"), r, std::nullopt).status == TestStatus::Pass);
  auto o = check_expectations(expect("rows: 3\n"), r, std::nullopt);
  CHECK(o.status == TestStatus::Fail);
  CHECK(o.message == "expected 3 rows, got 2");
  CHECK(o.details.find("CORP\\eve") != std::string::npos);  // the actual rows are shown
  CHECK(check_expectations(expect("min_rows: 3\n"), r, std::nullopt).status == TestStatus::Fail);
  CHECK(check_expectations(expect("max_rows: 1\n"), r, std::nullopt).status == TestStatus::Fail);
  // Wildcards, case-insensitive, all pairs in the same row.
  CHECK(check_expectations(expect("match: user=corp\\E* host=ws-1\n"), r, std::nullopt).status == TestStatus::Pass);
  CHECK(check_expectations(expect("match: user=*eve host=WS-2\n"), r, std::nullopt).status == TestStatus::Fail);
  CHECK(check_expectations(expect("match: count=3\n"), r, std::nullopt).status == TestStatus::Pass);
  CHECK(check_expectations(expect("match: missing=*\n"), r, std::nullopt).status == TestStatus::Fail);
  CHECK(check_expectations(expect("match: missing=\"\"\n"), r, std::nullopt).status == TestStatus::Pass);
  o = check_expectations(expect("no_match: user=*bob\n"), r, std::nullopt);
  CHECK(o.status == TestStatus::Fail);
  CHECK(o.message == "1 row match `user=*bob`, expected none");
  CHECK(o.details.find("WS-2") != std::string::npos);
  CHECK(check_expectations(expect("no_match: user=*mallory\n"), r, std::nullopt).status == TestStatus::Pass);
}

TEST_CASE("expectations: exact result file with a diff") {
  Result r = people();
  TestCase t = expect("result: expected.csv\n");
  CHECK(check_expectations(t, r, std::string("user,host,count\nCORP\\eve,WS-1,3\nCORP\\bob,WS-2,1\n")).status == TestStatus::Pass);
  CHECK(check_expectations(t, r, std::string("user,host,count\r\nCORP\\eve,WS-1,3\r\nCORP\\bob,WS-2,1\r\n")).status == TestStatus::Pass);
  auto o = check_expectations(t, r, std::string("user,host,count\nCORP\\eve,WS-1,4\nCORP\\bob,WS-2,1\n"));
  CHECK(o.status == TestStatus::Fail);
  CHECK(o.details.find("- CORP\\eve,WS-1,4") != std::string::npos);
  CHECK(o.details.find("+ CORP\\eve,WS-1,3") != std::string::npos);
  // Order matters unless `order: any`.
  std::string swapped = "user,host,count\nCORP\\bob,WS-2,1\nCORP\\eve,WS-1,3\n";
  CHECK(check_expectations(t, r, swapped).status == TestStatus::Fail);
  t.unordered = true;
  CHECK(check_expectations(t, r, swapped).status == TestStatus::Pass);
}

TEST_CASE("line diff keeps changes with context") {
  std::vector<std::string> a{"h", "1", "2", "3", "4", "5", "6"}, b{"h", "1", "2", "3", "x", "5", "6", "7"};
  std::string d = line_diff(a, b);
  CHECK(d == "  ...\n  3\n- 4\n+ x\n  5\n  6\n+ 7\n");
  CHECK(line_diff(a, a) == "");
}

TEST_CASE("markdown: the fenced searches of a detection document") {
  std::string doc =
      "# Title\n\n```\nnot a search\n```\n"
      "## Splunk Searches\nIntro.\n\nInput Source: Sysmon\n```\nindex=a\n| table x\n```\n"
      "Input Source: Other\n~~~\nindex=b\n~~~\n"
      "## Notes\n```\nnot this either\n```\n```spl\nindex=c\n```\n";
  auto found = extract_markdown_searches(doc);
  REQUIRE(found.size() == 3);
  CHECK(found[0].label == "Input Source: Sysmon");
  CHECK(found[0].text == "index=a\n| table x");
  CHECK(found[0].line == 11);
  CHECK(found[1].label == "Input Source: Other");
  CHECK(found[1].text == "index=b");
  CHECK(found[2].text == "index=c");
  CHECK(select_markdown_search(found, "sysmon") == &found[0]);
  CHECK(select_markdown_search(found, "2") == &found[1]);
  CHECK(select_markdown_search(found, "input source") == nullptr);  // ambiguous
  CHECK(select_markdown_search(found, "99999999999999999999") == nullptr);
}

TEST_CASE("markdown: the seed document") {
  std::string path = test::shared_dir() + "/seed/T1049-system-network-connections-discovery.md";
  std::string doc;
  if (!test::shared_available(path)) return;
  REQUIRE(read_whole_file(path, doc));
  auto found = extract_markdown_searches(doc);
  REQUIRE(found.size() == 2);
  CHECK(found[0].label == "Input Source: Sysmon");
  CHECK(found[1].label == "Input Source: Powershell");
  CHECK(found[0].text.starts_with("sourcetype=\"XmlWinEventLog:Microsoft-Windows-Sysmon/Operational\""));
  CHECK(found[0].text.ends_with("| table _time process_name, cmdline, parent_process, user, host"));
  CHECK(found[1].text.find("Get-NetTCPConnection") != std::string::npos);
  // The extracted searches are the ones shipped in queries/.
  std::string sysmon;
  REQUIRE(read_whole_file(test::source_dir() + "/queries/T1049-sysmon.spl", sysmon));
  while (!sysmon.empty() && sysmon.back() == '\n') sysmon.pop_back();
  CHECK(found[0].text == sysmon);
}

namespace {

// A folder with data and three tests: one passing, one failing, one erroring.
struct Suite {
  ScratchDir dir{"runner"};
  Suite() {
    dir.write("data/sysmon.xml", test::small_sysmon_log());
    dir.write("pass.test",
              "name: discovery fires\n"
              "query: |\n"
              "  sourcetype=\"XmlWinEventLog:Microsoft-Windows-Sysmon/Operational\"\n"
              "  (process_name=\"net.exe\" AND cmdline=\"*use*\") OR process_name=\"netstat.exe\"\n"
              "  | table process_name cmdline user\n"
              "data: data/sysmon.xml\n"
              "rows: 2\n"
              "match: process_name=net.exe cmdline=\"net use*\"\n"
              "no_match: user=*bob\n"
              "---\n"
              "name: same search, exact rows\n"
              "result: expected.csv\n");
    dir.write("expected.csv", "process_name,cmdline,user\nNETSTAT.EXE,netstat -ano,CORP\\eve\nnet.exe,net use \\\\srv\\c$,CORP\\eve\n");
    dir.write("fail.test",
              "name: wrong count <&>\n"
              "query: process_name=notepad.exe | table process_name\n"
              "data: data/sysmon.xml\n"
              "rows: 5\n");
    dir.write("error.test",
              "name: bad search\n"
              "query: process_name=x | nosuchcommand\n"
              "data: data/sysmon.xml\n");
  }
};

}  // namespace

TEST_CASE("spelunk test: pass, fail, error and the exit status") {
  Suite s;
  auto pass = test::run_spelunk({"test", s.dir.file("pass.test")});
  INFO(pass.out << pass.err);
  CHECK(pass.status == 0);
  CHECK(pass.out.find("PASS ") != std::string::npos);
  CHECK(pass.out.find("2 passed, 0 failed, 0 errors (2 tests") != std::string::npos);

  auto fail = test::run_spelunk({"test", s.dir.file("fail.test")});
  INFO(fail.out);
  CHECK(fail.status == 1);
  CHECK(fail.out.find("FAIL ") != std::string::npos);
  CHECK(fail.out.find("expected 5 rows, got 1") != std::string::npos);
  CHECK(fail.out.find("| notepad.exe") != std::string::npos);  // the actual rows

  auto error = test::run_spelunk({"test", s.dir.file("error.test")});
  INFO(error.out);
  CHECK(error.status == 1);
  CHECK(error.out.find("ERROR") != std::string::npos);
  CHECK(error.out.find("nosuchcommand") != std::string::npos);

  auto all = test::run_spelunk({"test", s.dir.path.string()});
  CHECK(all.status == 1);
  CHECK(all.out.find("2 passed, 1 failed, 1 errors (4 tests") != std::string::npos);

  CHECK(test::run_spelunk({"test"}).status == 2);
  CHECK(test::run_spelunk({"test", s.dir.file("nothing-here")}).status == 2);
  CHECK(test::run_spelunk({"test", "--bogus", s.dir.file("pass.test")}).status == 2);
}

TEST_CASE("spelunk test: a wrong result file shows a diff; --update rewrites it") {
  Suite s;
  s.dir.write("expected.csv", "process_name,cmdline,user\nNETSTAT.EXE,netstat -ano,CORP\\eve\n");
  auto r = test::run_spelunk({"test", s.dir.file("pass.test")});
  CHECK(r.status == 1);
  CHECK(r.out.find("+ net.exe,net use \\\\srv\\c$,CORP\\eve") != std::string::npos);
  CHECK(test::run_spelunk({"test", "--update", s.dir.file("pass.test")}).status == 0);
  CHECK(test::run_spelunk({"test", s.dir.file("pass.test")}).status == 0);
}

TEST_CASE("spelunk test --junit: a well-formed report with the right counts") {
  Suite s;
  std::string junit = s.dir.file("report.xml");
  auto r = test::run_spelunk({"test", "--junit", junit, "-j", "2", s.dir.path.string()});
  CHECK(r.status == 1);
  pugi::xml_document doc;
  auto parsed = doc.load_file(junit.c_str());
  REQUIRE(parsed);
  // The JUnit schema's shape: testsuites > testsuite > testcase > (failure | error)?, with
  // tests/failures/errors counts that add up.
  pugi::xml_node suites = doc.child("testsuites");
  REQUIRE(suites);
  CHECK(std::string(suites.attribute("tests").value()) == "4");
  CHECK(std::string(suites.attribute("failures").value()) == "1");
  CHECK(std::string(suites.attribute("errors").value()) == "1");
  int suite_count = 0, cases = 0, failures = 0, errors = 0;
  for (pugi::xml_node suite : suites.children()) {
    CHECK(std::string(suite.name()) == "testsuite");
    CHECK(suite.attribute("name"));
    ++suite_count;
    int s_cases = 0, s_failures = 0, s_errors = 0;
    for (pugi::xml_node tc : suite.children()) {
      CHECK(std::string(tc.name()) == "testcase");
      CHECK(tc.attribute("name"));
      CHECK(tc.attribute("classname"));
      CHECK(tc.attribute("time").as_double(-1) >= 0);
      ++s_cases;
      for (pugi::xml_node outcome : tc.children()) {
        std::string tag = outcome.name();
        CHECK((tag == "failure" || tag == "error"));
        CHECK(outcome.attribute("message"));
        (tag == "failure" ? s_failures : s_errors)++;
      }
    }
    CHECK(suite.attribute("tests").as_int(-1) == s_cases);
    CHECK(suite.attribute("failures").as_int(-1) == s_failures);
    CHECK(suite.attribute("errors").as_int(-1) == s_errors);
    cases += s_cases;
    failures += s_failures;
    errors += s_errors;
  }
  CHECK(suite_count == 3);
  CHECK(cases == 4);
  CHECK(failures == 1);
  CHECK(errors == 1);
  // Names are escaped, not dropped.
  CHECK(doc.select_node("//testcase[@name='wrong count <&>']"));
}

TEST_CASE("junit: hostile text stays well-formed XML") {
  TestCase t;
  t.file = "f.test";
  t.name = "a\x01\"b<";
  TestOutcome o;
  o.status = TestStatus::Fail;
  o.message = "bad \x1b[31m value \xff";
  o.details = "]]> & </failure>";
  std::ostringstream out;
  write_junit({t}, {o}, out);
  pugi::xml_document doc;
  REQUIRE(doc.load_string(out.str().c_str()));
  auto failure = doc.select_node("//failure").node();
  REQUIRE(failure);
  CHECK(std::string(failure.child_value()) == "]]> & </failure>");
  CHECK(std::string(failure.attribute("message").value()).find("\\x1b") != std::string::npos);
}

TEST_CASE("spelunk test doc.md -d: every search of a markdown document runs") {
  ScratchDir dir("md");
  dir.write("data/sysmon.xml", test::small_sysmon_log());
  std::string doc = dir.write("doc.md",
                              "# T\n## Splunk Searches\nSysmon\n```\nprocess_name=net.exe | table cmdline\n```\n"
                              "Broken\n```\nprocess_name=x | nosuchcommand\n```\n");
  auto r = test::run_spelunk({"test", doc, "-d", dir.file("data")});
  INFO(r.out << r.err);
  CHECK(r.status == 1);
  CHECK(r.out.find("PASS ") != std::string::npos);
  CHECK(r.out.find("ERROR") != std::string::npos);
  CHECK(r.out.find("1 passed, 0 failed, 1 errors") != std::string::npos);
  // Row expectations from the command line.
  dir.write("doc.md", "## Searches\n```\nprocess_name=net.exe | table cmdline\n```\n");
  CHECK(test::run_spelunk({"test", doc, "-d", dir.file("data"), "--expect-rows", "1"}).status == 0);
  CHECK(test::run_spelunk({"test", doc, "-d", dir.file("data"), "--min-rows", "2"}).status == 1);
  // Without data it cannot run.
  CHECK(test::run_spelunk({"test", doc}).status == 1);
}

TEST_CASE("spelunk test: the seed document over the shipped samples") {
  std::string seed = test::shared_dir() + "/seed/T1049-system-network-connections-discovery.md";
  if (!test::shared_available(seed)) return;
  auto r = test::run_spelunk({"test", seed, "-d", test::source_dir() + "/samples"});
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  CHECK(r.out.find("2 passed, 0 failed, 0 errors") != std::string::npos);
}

TEST_CASE("queries/: the shipped detection tests pass") {
  auto r = test::run_spelunk({"test", test::source_dir() + "/queries"});
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  CHECK(r.out.find(" 0 failed, 0 errors") != std::string::npos);
}
