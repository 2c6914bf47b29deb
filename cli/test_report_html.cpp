// `spelunk test --html FILE`: one page per run. A summary (counts, one line per detection with a
// link), then a section per detection: verdict, where it is, the search, the data, why it failed
// with the diff of expected and actual rows, and the rows it returned.
#include <fmt/format.h>

#include "cli/html.hpp"
#include "cli/output.hpp"
#include "cli/test_runner.hpp"

namespace spelunk::cli {

namespace {

const char* verdict(TestStatus s) {
  return s == TestStatus::Pass ? "PASS" : s == TestStatus::Fail ? "FAIL" : s == TestStatus::Skip ? "SKIP" : "ERROR";
}

// The diff lines of a failure, removals and additions marked for colour.
std::string diff_html(const std::string& details) {
  std::string out = "<pre class=\"diff\">";
  std::size_t start = 0;
  while (start < details.size()) {
    std::size_t end = details.find('\n', start);
    if (end == std::string::npos) end = details.size();
    std::string_view line(details.data() + start, end - start);
    const bool del = line.starts_with("- ") || line.starts_with("---");
    const bool add = line.starts_with("+ ") || line.starts_with("+++");
    out += del ? "<span class=\"del\">" : add ? "<span class=\"add\">" : "<span>";
    out += html_escape(line) + "</span>\n";
    start = end + 1;
  }
  return out + "</pre>\n";
}

}  // namespace

void write_html_report(const std::vector<TestCase>& tests, const std::vector<TestOutcome>& outcomes, std::ostream& out) {
  constexpr std::size_t kRowsShown = 200;
  std::size_t passed = 0, failed = 0, errors = 0, skipped = 0;
  for (const auto& o : outcomes)
    (o.status == TestStatus::Pass   ? passed
     : o.status == TestStatus::Fail ? failed
     : o.status == TestStatus::Skip ? skipped
                                    : errors)++;
  out << html::page_start("spelunk test report");
  out << "<h1>spelunk test report</h1>\n";
  const std::string skips = skipped ? fmt::format(", {} skipped", skipped) : "";
  out << fmt::format("<p class=\"totals\">{} passed, {} failed, {} errors{} ({} tests)</p>\n", passed, failed, errors,
                     skips, tests.size());
  out << "<ul class=\"summary\">\n";
  for (std::size_t i = 0; i < tests.size(); ++i) {
    const char* v = verdict(outcomes[i].status);
    out << fmt::format("<li><span class=\"verdict {}\">{}</span><a href=\"#test-{}\">{}</a> <span class=\"note\">{}:{}</span></li>\n",
                       v, v, i, html_escape(tests[i].name), html_escape(tests[i].file), tests[i].line);
  }
  out << "</ul>\n";
  for (std::size_t i = 0; i < tests.size(); ++i) {
    const TestCase& t = tests[i];
    const TestOutcome& o = outcomes[i];
    const char* v = verdict(o.status);
    out << fmt::format("<section class=\"test\" data-verdict=\"{}\" id=\"test-{}\">\n<h2><span class=\"verdict {}\">{}</span>{}</h2>\n",
                       v, i, v, v, html_escape(t.name));
    out << fmt::format("<p class=\"where note\">{}:{} &middot; {} rows &middot; {:.0f} ms</p>\n", html_escape(t.file), t.line,
                       o.rows, o.milliseconds);
    if (!t.query.empty()) out << "<pre class=\"search\">" << html_escape(t.query, true) << "</pre>\n";
    if (!t.data.empty()) {
      out << "<p class=\"data note\">data:";
      for (const auto& d : t.data) out << " " << html_escape(d);
      out << "</p>\n";
    }
    if (o.status != TestStatus::Pass) {
      out << "<p class=\"message\">" << html_escape(o.message) << "</p>\n";
      if (!o.details.empty()) out << diff_html(o.details);
    }
    if (o.result) {
      std::string why_not;
      if (o.result->size() > 1)
        if (auto chart = chart_data(*o.result, why_not); chart && chart->kind == ChartData::Kind::TimeSeries)
          out << html::svg_chart(*chart) << "\n";
      if (o.result->size() > 0) out << html::table(*o.result, kRowsShown);
      else out << "<p class=\"note\">no rows</p>\n";
    }
    out << "</section>\n";
  }
  out << html::page_end();
}

}  // namespace spelunk::cli
