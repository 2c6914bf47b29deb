// `-o chart`: bars for categories, a column chart for one time series, sparklines for several;
// Unicode eighths on a UTF-8 terminal, ASCII elsewhere; results that are no chart say why.
#include <doctest/doctest.h>

#include <cmath>
#include <sstream>

#include "cli/chart_data.hpp"
#include "cli/output.hpp"
#include "runner_util.hpp"

using namespace spelunk;
using namespace spelunk::cli;

namespace {

Result counts(std::vector<std::pair<std::string, double>> rows) {
  Result r = Result::table({"host", "count"});
  for (auto& [h, c] : rows) r.add_row({Value::of(h), Value::of(c)});
  return r;
}

std::string chart(const Result& r, bool unicode, std::size_t width) {
  std::ostringstream out;
  std::string why_not;
  REQUIRE_MESSAGE(write_chart(r, out, unicode, width, why_not), why_not);
  return out.str();
}

Result series(std::vector<std::string> names, std::vector<std::vector<std::optional<double>>> rows, double t0 = 1709539200,
              double step = 60) {
  names.insert(names.begin(), "_time");
  Result r = Result::table(names);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    std::vector<Value> row{Value::of(t0 + step * static_cast<double>(i))};
    for (auto& v : rows[i]) row.push_back(v ? Value::of(*v) : Value::null());
    r.add_row(std::move(row));
  }
  return r;
}

}  // namespace

TEST_CASE("chart: categories as bars scaled to the largest, ASCII") {
  std::string text = chart(counts({{"ws-1", 40}, {"ws-22", 10}, {"ws-3", 0}, {"ws-4", 1}}), false, 40);
  CHECK(text ==
        "count by host\n"
        "ws-1   ############################# 40\n"   // 40 - 5 label - 2 value - 4 = 29 cells
        "ws-22  #######                       10\n"   // 10/40 of 29 cells
        "ws-3                                 0\n"
        "ws-4   #                             1\n");  // above zero: at least one cell
}

TEST_CASE("chart: bars in eighths of a block on a UTF-8 terminal; a small value stays visible") {
  std::string text = chart(counts({{"a", 80}, {"b", 45}, {"c", 0.01}}), true, 40);
  // 40 columns: label 8, two spaces, bar 28 (40 - 8 - 2 value - 4 + 2 padding rules).
  std::istringstream lines(text);
  std::string title, a, b, c;
  std::getline(lines, title);
  std::getline(lines, a);
  std::getline(lines, b);
  std::getline(lines, c);
  CHECK(title == "count by host");
  const std::string full = "\u2588";
  auto blocks = [&](const std::string& line) {
    std::size_t n = 0;
    for (std::size_t at = line.find(full); at != std::string::npos; at = line.find(full, at + full.size())) ++n;
    return n;
  };
  const std::size_t width = blocks(a);
  CHECK(width >= 20);
  CHECK(a.ends_with(" 80"));
  // 45/80 of the bar: whole blocks, then the eighth that rounds the rest.
  const double cells = 45.0 / 80.0 * static_cast<double>(width);
  const auto eighths = static_cast<std::size_t>(std::llround(cells * 8));
  CHECK(blocks(b) == eighths / 8);
  static const char* const kEighths[] = {"", "\u258f", "\u258e", "\u258d", "\u258c", "\u258b", "\u258a", "\u2589"};
  if (eighths % 8) CHECK(b.find(std::string(kEighths[eighths % 8])) != std::string::npos);
  CHECK(c.find("\u258f") != std::string::npos);  // 0.01 of 80 is still one eighth wide
  CHECK(c.ends_with(" 0.01"));
}

TEST_CASE("chart: one time series as columns with axis labels, ASCII") {
  Result r = series({"count"}, {{4}, {8}, {0}, {2}, {std::nullopt}, {6}});
  std::string text = chart(r, false, 60);
  CHECK(text ==
        "count over time\n"
        " 8 | #\n"
        "   | #\n"
        "   | #   #\n"
        "   | #   #\n"
        "   |##   #\n"
        "   |##   #\n"
        "   |## # #\n"
        "   |## # #\n"
        " 0 +------\n"
        "    2024-03-04 08:00:00.000  .. 2024-03-04 08:05:00.000\n"
        "    6 buckets of 1m\n");
}

TEST_CASE("chart: several series as sparklines on one scale; more buckets than columns fold by maximum") {
  std::vector<std::vector<std::optional<double>>> rows;
  for (int i = 0; i < 200; ++i) rows.push_back({i == 150 ? 70.0 : 0.0, static_cast<double>(i % 8)});
  std::string text = chart(series({"spiky", "saw"}, rows, 0, 3600), false, 60);
  std::istringstream lines(text);
  std::string head, spiky, saw, axis, note;
  std::getline(lines, head);
  std::getline(lines, spiky);
  std::getline(lines, saw);
  std::getline(lines, axis);
  std::getline(lines, note);
  CHECK(head == "one line per series, on one scale (max 70)");
  // 60 - 5 label - 22 - 4 = 29 columns: 200 buckets fold 7 to a column; bucket 150 is in column 21.
  CHECK(spiky.rfind("spiky  ", 0) == 0);
  CHECK(spiky.substr(7, 29) == std::string(21, '_') + "#" + std::string(7, '_'));
  CHECK(spiky.substr(36) == "  max 70  total 70");
  CHECK(saw.substr(7, 29) == std::string(29, '.'));  // 7 of 70: the lowest mark above zero
  CHECK(note == "       200 buckets of 1h; each column is the largest of 7 buckets");
}

TEST_CASE("chart: events and rows without numbers are no chart, and -o chart says so") {
  std::string why_not;
  std::ostringstream out;
  Result events = Result::table({"_time", "EventCode"});
  events.add_row({Value::of(1709539300.0), Value::of("1")});
  events.add_row({Value::of(1709539200.0), Value::of("3")});  // newest first: events
  CHECK_FALSE(write_chart(events, out, false, 80, why_not));
  CHECK(why_not.rfind("the rows are events", 0) == 0);
  Result words = Result::table({"host", "user"});
  words.add_row({Value::of("a"), Value::of("b")});
  CHECK_FALSE(write_chart(words, out, false, 80, why_not));
  CHECK(why_not == "no numeric column besides `host`");
  CHECK(out.str().empty());

  test::ScratchDir dir("chart");
  std::string log = dir.write("log.xml", test::small_sysmon_log());
  auto table = test::run_spelunk({"-d", log, "-o", "chart", "EventCode=1 | table _time user"});
  CHECK(table.status == 0);
  CHECK(table.err.find("-o chart: the rows are events") != std::string::npos);
  CHECK(table.out.rfind("_time", 0) == 0);  // printed as a table instead
  auto bars = test::run_spelunk({"-d", log, "-o", "chart", "EventCode=1 | stats count by user"});
  CHECK(bars.status == 0);
  CHECK(bars.out.find("count by user\nCORP\\bob") != std::string::npos);
}

TEST_CASE("chart: hostile labels are escaped before the terminal") {
  std::string text = chart(counts({{"evil\x1b[31m", 3}, {"ok", 1}}), false, 50);
  CHECK(text.find('\x1b') == std::string::npos);
  CHECK(text.find("evil\\x1b[31m") != std::string::npos);
}
