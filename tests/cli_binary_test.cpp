// The spelunk binary: exit statuses, stderr warnings, output formats.
#include <doctest/doctest.h>

#include "test_env.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/wait.h>

namespace fs = std::filesystem;

namespace {

struct Run {
  int status = -1;
  std::string out, err;
};

std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

Run run(const std::string& args) {
  fs::path err_file = fs::temp_directory_path() / ("spelunk_cli_test_" + std::to_string(::getpid()) + ".err");
  std::string cmd = std::string(SPELUNK_BINARY) + " " + args + " 2>" + quote(err_file.string());
  Run r;
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p);
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int st = pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  std::ifstream in(err_file);
  std::stringstream ss;
  ss << in.rdbuf();
  r.err = ss.str();
  fs::remove(err_file);
  return r;
}

std::string xml_dir() { return spelunk::test::shared_dir() + "/data/evtx-attack-samples-xml"; }

std::string one_file() {
  return xml_dir() + "/Discovery_discovery_sysmon_18_Invoke_UserHunter_NetSessionEnum_DC-srvsvc.evtx.xml";
}

}  // namespace

TEST_CASE("cli binary: exit status 2 for input errors") {
  CHECK(run("").status == 2);
  CHECK(run("-d /nonexistent/path 'index=main'").status == 2);
  CHECK(run("-d . -o xml 'x'").status == 2);
  CHECK(run("--help").status == 0);
}

TEST_CASE("cli binary: query errors exit 1 with line, column and caret; warnings on stderr") {
  if (!spelunk::test::shared_available(xml_dir())) return;
  std::string data = fs::exists(one_file()) ? one_file() : xml_dir();
  Run bad = run("-d " + quote(data) + " 'EventCode=1 | frobnicate x'");
  CHECK(bad.status == 1);
  CHECK(bad.err.find("command `frobnicate` is not supported yet") != std::string::npos);
  CHECK(bad.err.find("line 1, column ") != std::string::npos);
  CHECK(bad.err.find("^") != std::string::npos);

  Run warn = run("-d " + quote(data) + " -o csv 'Message=*net* | table EventCode'");
  CHECK(warn.status == 0);
  CHECK(warn.err.find("`Message`: no event has this field") != std::string::npos);
  CHECK(warn.out.find("Message") == std::string::npos);
  CHECK(warn.out == "EventCode\r\n");
}

TEST_CASE("cli binary: the seed's Sysmon search in every output format") {
  if (!spelunk::test::shared_available(xml_dir())) return;
  std::string q = std::string(SPELUNK_SOURCE_DIR) + "/queries/T1049-sysmon.spl";
  Run csv = run("-d " + quote(xml_dir()) + " -o csv -f " + quote(q));
  CHECK(csv.status == 0);
  CHECK(csv.out.rfind("_time,process_name,cmdline,parent_process,user,host\r\n", 0) == 0);
  CHECK(std::count(csv.out.begin(), csv.out.end(), '\n') == 5);
  Run json = run("-d " + quote(xml_dir()) + " -o json -f " + quote(q));
  CHECK(json.status == 0);
  CHECK(std::count(json.out.begin(), json.out.end(), '\n') == 4);
  CHECK(json.out.find("\"cmdline\":\"net  user\"") != std::string::npos);
  Run table = run("-d " + quote(xml_dir()) + " -f " + quote(q) + " --tz Europe/Paris");
  CHECK(table.status == 0);
  CHECK(std::count(table.out.begin(), table.out.end(), '\n') == 6);
}

namespace {

// Events of the shipped sample whose time lies in [from, to) (epoch seconds), counted from the
// file's text, independently of the engine: Sysmon's UtcTime when the event has one (R10.7),
// else SystemTime.
std::size_t sample_events_between(double from, double to) {
  std::ifstream in(std::string(SPELUNK_SOURCE_DIR) + "/samples/sysmon_sample.xml");
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  auto seconds = [&](std::size_t at, const char* format) {
    std::tm tm{};
    const char* rest = strptime(text.c_str() + at, format, &tm);
    REQUIRE(rest);
    return static_cast<double>(timegm(&tm)) + std::strtod(rest, nullptr);  // ".024303000Z"
  };
  std::size_t count = 0;
  for (std::size_t at = text.find("<Event "); at != std::string::npos;) {
    const std::size_t next = text.find("<Event ", at + 1);
    const std::size_t end = next == std::string::npos ? text.size() : next;
    const std::size_t utc = text.find("Name='UtcTime'>", at);
    const std::size_t system = text.find("SystemTime='", at);
    double t = utc < end ? seconds(utc + 15, "%Y-%m-%d %H:%M:%S") : seconds(system + 12, "%Y-%m-%dT%H:%M:%S");
    if (t >= from && t < to) ++count;
    at = next;
  }
  return count;
}

std::size_t count_of(const Run& r) {
  auto at = r.out.find_last_of('\n', r.out.size() - 2);
  return static_cast<std::size_t>(std::stoul(r.out.substr(at + 1)));
}

}  // namespace

TEST_CASE("cli binary: --earliest / --latest, as the time range picker") {
  const std::string sample = quote(std::string(SPELUNK_SOURCE_DIR) + "/samples/sysmon_sample.xml");
  const double t0 = 1709539200;  // 2024-03-04T08:00:00Z; the sample spans 08:00:00 to 08:03:48
  Run all = run("-d " + sample + " -o csv '* | stats count'");
  REQUIRE(all.status == 0);
  CHECK(count_of(all) == 3000);

  // Absolute bounds: earliest inclusive, latest exclusive.
  Run window = run("-d " + sample + " -o csv --earliest " + std::to_string(t0 + 60) + " --latest " +
                   std::to_string(t0 + 120) + " '* | stats count'");
  REQUIRE(window.status == 0);
  const std::size_t expected = sample_events_between(t0 + 60, t0 + 120);
  CHECK(expected > 0);
  CHECK(expected < 3000);
  CHECK(count_of(window) == expected);

  // Relative to a pinned now, with snapping: -1m@m from 08:02:30 is 08:01:00.
  Run relative = run("-d " + sample + " -o csv --now 2024-03-04T08:02:30 --earliest -1m@m --latest now '* | stats count'");
  REQUIRE(relative.status == 0);
  CHECK(count_of(relative) == sample_events_between(t0 + 60, t0 + 150));

  // A time modifier in the search overrides the picker (Splunk's rule); latest then defaults to now.
  Run overridden = run("-d " + sample + " -o csv --earliest " + std::to_string(t0 + 60) +
                       " --latest " + std::to_string(t0 + 120) + " 'earliest=0 | stats count'");
  REQUIRE(overridden.status == 0);
  CHECK(count_of(overridden) == 3000);

  Run bad = run("-d " + sample + " --earliest yesterday '* | stats count'");
  CHECK(bad.status == 2);
  CHECK(bad.err.find("cannot read --earliest `yesterday`") != std::string::npos);
}
