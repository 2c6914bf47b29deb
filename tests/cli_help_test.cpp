// --version, the manual page of each command, -o chart / html on the command line, and the
// REPL's .explain and .output chart.
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "runner_util.hpp"

using namespace spelunk;

namespace {

std::string pipe_output(const std::string& command) {
  FILE* p = popen(command.c_str(), "r");
  REQUIRE(p);
  std::string out;
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  CHECK(pclose(p) == 0);
  return out;
}

}  // namespace

TEST_CASE("cli: --version names the version and the commit") {
  for (const char* flag : {"--version", "-V"}) {
    auto r = test::run_spelunk({flag});
    CHECK(r.status == 0);
    CHECK(r.out.rfind("spelunk 0.1.0 (git ", 0) == 0);
    CHECK(r.out.ends_with(")\n"));
  }
}

TEST_CASE("cli: every command has a manual page with the same sections") {
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"--help"}, {"explain", "--help"}, {"test", "--help"}, {"lint", "--help"}, {"load", "--help"}}) {
    auto r = test::run_spelunk(args);
    CAPTURE(args.front());
    CHECK(r.status == 0);
    for (const char* section : {"NAME\n", "\nSYNOPSIS\n", "\nDESCRIPTION\n", "\nOPTIONS\n", "\nEXIT STATUS\n", "\nEXAMPLES\n"})
      CHECK(r.out.find(section) != std::string::npos);
  }
  CHECK(test::run_spelunk({"--help"}).out.find("-o, --output FMT") != std::string::npos);
  CHECK(test::run_spelunk({"test", "--help"}).out.find("--html FILE") != std::string::npos);
  // A mistake still gets the short usage on stderr, exit status 2.
  auto bad = test::run_spelunk({"--frobnicate"});
  CHECK(bad.status == 2);
  CHECK(bad.err.find("unknown option --frobnicate") != std::string::npos);
  CHECK(bad.err.find("spelunk explain|test|lint|load") != std::string::npos);
}

TEST_CASE("cli: -o html needs a file; -o chart falls back to a table with a reason") {
  test::ScratchDir dir("cli-out");
  std::string log = dir.write("log.xml", test::small_sysmon_log());
  auto missing = test::run_spelunk({"-d", log, "EventCode=1", "-o", "html"});
  CHECK(missing.status == 2);
  CHECK(missing.err.find("-o html needs a file name") != std::string::npos);
  auto repl = test::run_spelunk({"-d", log, "-o", "html", dir.file("x.html")});
  CHECK(repl.status == 2);
  auto page = test::run_spelunk({"-d", log, "-o", "html", dir.file("p.html"), "EventCode=1 | stats count by user"});
  CHECK(page.status == 0);
  CHECK(page.err == "spelunk: wrote 2 row(s) to " + dir.file("p.html") + "\n");
  std::ifstream in(dir.file("p.html"));
  std::stringstream html;
  html << in.rdbuf();
  CHECK(html.str().find("<svg class=\"chart bar-chart\"") != std::string::npos);
  CHECK(html.str().find("<td>CORP\\bob</td><td class=\"num\">2</td>") != std::string::npos);
}

TEST_CASE("repl: .explain and .output chart") {
  test::ScratchDir dir("repl-explain");
  std::string data = dir.write("s.xml", test::small_sysmon_log());
  std::string input = dir.write("in.txt",
                                ".explain process_name=net.exe OR Message=*use*\n"
                                ".explain --event 2 process_name=net.exe\n"
                                ".output chart\n"
                                "EventCode=1 | stats count by user\n");
  std::string out = pipe_output(std::string("'") + SPELUNK_BINARY + "' -d '" + data + "' < '" + input + "' 2>&1");
  INFO(out);
  CHECK(out.find("  process_name=net.exe OR Message=*use*\n") != std::string::npos);
  CHECK(out.find("  Message       absent      no event has this field") != std::string::npos);
  CHECK(out.find("event event #2 in the order read (no event has EventRecordID 2)") != std::string::npos);
  CHECK(out.find("  no   process_name=net.exe   (process_name = \"NETSTAT.EXE\")") != std::string::npos);
  CHECK(out.find("count by user\nCORP\\bob") != std::string::npos);
}
