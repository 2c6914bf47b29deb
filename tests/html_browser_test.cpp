// The HTML pages (`-o html FILE`, `spelunk test --html FILE`) in a real browser: headless
// Chromium (Debian's `chromium`, a test-only dependency) loads each page; the tests read the DOM
// it built and the pixels it painted. Event values are hostile: a value holding <script> must be
// shown as text, never run. Skips without chromium, except under CI=true (test_env.hpp).
#include <doctest/doctest.h>

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "png_reader.hpp"
#include "runner_util.hpp"
#include "test_env.hpp"

using namespace spelunk;
namespace fs = std::filesystem;

namespace {

std::string chromium_path() {
  for (const char* p : {"/usr/bin/chromium", "/usr/bin/chromium-browser"})
    if (fs::exists(p)) return p;
  return "/usr/bin/chromium";
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Runs headless Chromium on `page` with a new empty profile; `mode` is "--dump-dom" (the DOM
// after load goes to `out`) or "--screenshot=FILE". Returns the exit status.
int run_chromium(const std::string& page, const std::string& mode, const std::string& out, const test::ScratchDir& dir) {
  const std::string profile = (dir.path / ("profile-" + std::to_string(std::rand()))).string();
  fs::create_directories(profile);
  // --no-sandbox: the suite may run as root (CI containers). Everything that could reach the
  // network or update itself is off; the page's own CSP forbids fetches anyway.
  const std::string command = "timeout 120 " + chromium_path() +
                              " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
                              " --disable-background-networking --disable-component-update --disable-sync"
                              " --hide-scrollbars --window-size=1000,800 --user-data-dir='" + profile + "' " + mode +
                              " 'file://" + page + "' > '" + out + "' 2>/dev/null";
  int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

// An event log whose User and CommandLine values are hostile markup.
std::string hostile_log() {
  const std::string script = "&lt;script&gt;document.title='pwned'&lt;/script&gt;";
  const std::string img = "&lt;img src=x onerror=alert(1)&gt;";
  std::string log;
  for (int minute = 0; minute < 6; ++minute) {
    std::string t = "2024-03-04T10:0" + std::to_string(minute) + ":00.000Z";
    log += test::sysmon_event(t, "C:\\Windows\\System32\\net.exe", "net use " + img, "CORP\\eve");
    for (int k = 0; k <= minute % 3; ++k) log += test::sysmon_event(t, "C:\\Windows\\System32\\cmd.exe", "cmd /c " + img, script);
  }
  return log;
}

bool have_chromium() { return test::available(chromium_path(), "headless Chromium, a test-only package (scripts/setup.sh installs it)"); }

}  // namespace

TEST_CASE("html: a time chart page, rendered by Chromium, shows the chart and hostile values as text") {
  if (!have_chromium()) return;
  test::ScratchDir dir("html");
  const std::string log = dir.write("hostile.xml", hostile_log());
  const std::string page = dir.file("chart.html");
  auto run = test::run_spelunk({"-d", log, "-o", "html", page, "EventCode=1 | timechart span=1m count by User"});
  REQUIRE_MESSAGE(run.status == 0, run.err);
  // The file itself: the value escaped, a CSP that forbids scripts, nothing fetched.
  const std::string html = read_file(page);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;") != std::string::npos);
  CHECK(html.find("Content-Security-Policy\" content=\"default-src 'none'") != std::string::npos);
  CHECK(html.find("http://") == html.find("http://www.w3.org/2000/svg"));  // the SVG namespace only
  CHECK(html.find("https://") == std::string::npos);

  const std::string dom_file = dir.file("chart.dom");
  REQUIRE(run_chromium(page, "--dump-dom", dom_file, dir) == 0);
  const std::string dom = read_file(dom_file);
  REQUIRE(dom.find("<h1>spelunk results</h1>") != std::string::npos);
  CHECK(dom.find("<script") == std::string::npos);  // the browser built no script element
  CHECK(dom.find("<title>spelunk: EventCode=1 | timechart span=1m count by User</title>") != std::string::npos);
  // Two series (CORP\eve and the hostile user): two groups, each one unbroken line over six buckets.
  CHECK(count(dom, "<g class=\"series\"") == 2);
  CHECK(count(dom, "<polyline ") == 2);
  CHECK(count(dom, "<circle ") == 12);
  // The legend names both series; the hostile one as text.
  const std::string legend = dom.substr(std::min(dom.size(), dom.find("<g class=\"legend\">")));
  CHECK(legend.find("\">CORP\\eve</text>") != std::string::npos);
  CHECK(legend.find("\">&lt;script&gt;document.title='pwned'&lt;/script&gt;</text>") != std::string::npos);
  // The table: a header per column, six rows; the counts per minute (the hostile user sorts first).
  CHECK(dom.find("<th>&lt;script&gt;document.title='pwned'&lt;/script&gt;</th>") != std::string::npos);
  CHECK(count(dom, "<tr>") == 7);
  std::regex cells("<td class=\"num\">([0-9]+)</td><td class=\"num\">([0-9]+)</td></tr>");
  std::string counts;
  for (auto it = std::sregex_iterator(dom.begin(), dom.end(), cells); it != std::sregex_iterator(); ++it)
    counts += (*it)[1].str() + "/" + (*it)[2].str() + " ";
  CHECK(counts == "1/1 2/1 3/1 1/1 2/1 3/1 ");

  // The pixels: a 1000x800 screenshot with the first series' colour (#1f77b4) drawn as a line,
  // and far from blank.
  const std::string shot = dir.file("chart.png");
  REQUIRE(run_chromium(page, "--screenshot=" + shot, dir.file("shot.log"), dir) == 0);
  test::Image img = test::decode_png(read_file(shot));
  REQUIRE_MESSAGE(img.error.empty(), img.error);
  CHECK(img.width == 1000);
  CHECK(img.height == 800);
  std::size_t blue = 0, orange = 0, ink = 0;
  for (std::uint32_t y = 0; y < img.height; ++y)
    for (std::uint32_t x = 0; x < img.width; ++x) {
      const auto* p = img.pixel(x, y);
      blue += p[0] == 0x1f && p[1] == 0x77 && p[2] == 0xb4;
      orange += p[0] == 0xff && p[1] == 0x7f && p[2] == 0x0e;
      ink += p[0] < 200 || p[1] < 200 || p[2] < 200;
    }
  CHECK(blue > 1000);    // a 2-px line across 900 px, dots and the legend swatch
  CHECK(orange > 1000);
  CHECK(ink > 10000);    // text, grid, table: not a blank page
}

TEST_CASE("html: the test report page shows each detection, its verdict, rows and diff") {
  if (!have_chromium()) return;
  test::ScratchDir dir("html-report");
  dir.write("data/log.xml", hostile_log());
  dir.write("expected.csv", "User,count\nCORP\\eve,6\n");
  dir.write("t.test",
            "name: net use <b>bold</b> fires\n"
            "query: EventCode=1 CommandLine=\"net use*\" | stats count by User\n"
            "data: data/log.xml\n"
            "rows: 1\n"
            "---\n"
            "name: cmd runs are counted per user\n"
            "query: EventCode=1 CommandLine=\"cmd*\" | stats count by User\n"
            "data: data/log.xml\n"
            "result: expected.csv\n");
  const std::string page = dir.file("report.html");
  auto run = test::run_spelunk({"test", "--html", page, dir.file("t.test")});
  CHECK(run.status == 1);  // the second test fails: its rows differ
  const std::string dom_file = dir.file("report.dom");
  REQUIRE(run_chromium(page, "--dump-dom", dom_file, dir) == 0);
  const std::string dom = read_file(dom_file);
  CHECK(dom.find("<p class=\"totals\">1 passed, 1 failed, 0 errors (2 tests)</p>") != std::string::npos);
  CHECK(dom.find("<script") == std::string::npos);
  CHECK(count(dom, "<section class=\"test\"") == 2);
  CHECK(dom.find("data-verdict=\"PASS\" id=\"test-0\">\n<h2><span class=\"verdict PASS\">PASS</span>net use "
                 "&lt;b&gt;bold&lt;/b&gt; fires</h2>") != std::string::npos);
  CHECK(dom.find("<b>") == std::string::npos);
  CHECK(dom.find("data-verdict=\"FAIL\" id=\"test-1\"") != std::string::npos);
  CHECK(dom.find("<span class=\"del\">- CORP\\eve,6</span>") != std::string::npos);
  CHECK(dom.find("<span class=\"add\">+ &lt;script&gt;document.title='pwned'&lt;/script&gt;,12</span>") !=
        std::string::npos);
  // The rows each search returned.
  CHECK(dom.find("<td>CORP\\eve</td><td class=\"num\">6</td>") != std::string::npos);
  CHECK(dom.find("<td>&lt;script&gt;document.title='pwned'&lt;/script&gt;</td><td class=\"num\">12</td>") !=
        std::string::npos);
}
