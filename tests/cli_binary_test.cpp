// The spelunk binary: exit statuses, stderr warnings, output formats.
#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
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

std::string xml_dir() {
  const char* env = std::getenv("SPELUNK_SHARED");
  return (env ? std::string(env) : std::string(SPELUNK_SOURCE_DIR) + "/../shared") + "/data/evtx-attack-samples-xml";
}

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
  if (!fs::exists(xml_dir())) {
    MESSAGE("skipped: " << xml_dir() << " absent");
    return;
  }
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
  if (!fs::exists(xml_dir())) {
    MESSAGE("skipped: " << xml_dir() << " absent");
    return;
  }
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
