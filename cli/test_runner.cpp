#include "cli/test_runner.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <thread>

#include "cli/args.hpp"
#include "cli/contentctl/detection_runner.hpp"
#include "cli/help.hpp"
#include "cli/output.hpp"
#include "cli/session.hpp"
#include "evaluator/glob.hpp"

namespace spelunk::cli {

namespace fs = std::filesystem;

namespace {

bool is_search_document(const std::string& path) {
  return path.ends_with(".md") || path.ends_with(".markdown") || path.ends_with(".spl");
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::string line;
  std::istringstream in(text);
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

std::string indent(const std::string& text, const std::string& prefix) {
  std::string out;
  for (const auto& line : split_lines(text)) out += prefix + escape_for_terminal(line) + "\n";
  return out;
}

std::string csv_of(const Result& result) {
  std::ostringstream out;
  write_csv(result, out);
  return out.str();
}

bool row_matches(const Result& result, std::size_t row, const RowPattern& pattern) {
  for (const auto& [field, wanted] : pattern.fields) {
    int col = result.find(field);
    std::vector<std::string> values;
    if (col >= 0) values = cell_values(result, static_cast<std::size_t>(col), row);
    if (wanted.empty()) {
      if (!std::all_of(values.begin(), values.end(), [](const std::string& v) { return v.empty(); })) return false;
      continue;
    }
    GlobPattern glob(wanted);
    if (!std::any_of(values.begin(), values.end(), [&](const std::string& v) { return glob.matches(v); })) return false;
  }
  return true;
}

std::string rows_text(std::size_t n) { return std::to_string(n) + (n == 1 ? " row" : " rows"); }

// Data sets: one Session per distinct (data paths, props files), loaded once.
struct DataSets {
  std::vector<std::string> conf_dirs;  // --conf, loaded into every session
  std::map<std::string, std::shared_ptr<Session>> sessions;
  std::map<std::string, std::string> errors;

  static std::string key(const TestCase& t) {
    std::string k;
    for (const auto& d : t.data) k += d + '\n';
    k += '\0';
    for (const auto& p : t.props) k += p + '\n';
    return k;
  }

  void load(const TestCase& t) {
    std::string k = key(t);
    if (sessions.count(k) || errors.count(k)) return;
    auto session = std::make_shared<Session>();
    std::vector<std::string> messages;
    for (const auto& d : t.data)
      if (!fs::exists(d)) messages.push_back("data not found: " + d);
    if (!messages.empty() || !session->load(t.data, messages)) {
      std::string text;
      for (const auto& m : messages) text += m + "\n";
      errors[k] = text.empty() ? "cannot load the data\n" : text;
      return;
    }
    auto problems = session->load_props(t.props);
    for (const auto& dir : conf_dirs)
      for (auto& p : session->load_conf_dir(dir)) problems.push_back(std::move(p));
    if (!problems.empty()) {
      std::string text;
      for (const auto& m : problems) text += m + "\n";
      errors[k] = text;
      return;
    }
    sessions[k] = std::move(session);
  }
};


TestOutcome error_outcome(std::string message, std::string details = {}) {
  TestOutcome o;
  o.status = TestStatus::Error;
  o.message = std::move(message);
  o.details = std::move(details);
  return o;
}

TestOutcome run_one(const TestCase& test, const DataSets& sets, const TestRunOptions& options) {
  if (!test.problem.empty()) return error_outcome(test.problem);
  std::string k = DataSets::key(test);
  if (auto e = sets.errors.find(k); e != sets.errors.end()) return error_outcome("cannot load the test's data", e->second);
  const Session& session = *sets.sessions.at(k);
  std::optional<std::int64_t> now;
  if (test.now) {
    auto t = parse_now(*test.now);
    if (!t) return error_outcome("cannot read now: `" + *test.now + "`");
    now = *t;
  }
  SearchOutcome run = session.run(test.query, nullptr, now);
  std::string warnings;
  for (const auto& w : run.warnings) warnings += "warning: " + w + "\n";
  if (!run.ok) {
    auto o = error_outcome("the search failed", run.error + "\n" + warnings);
    o.milliseconds = run.milliseconds;
    return o;
  }
  std::optional<std::string> expected_csv;
  if (test.result_file && options.update) {
    std::error_code ec;
    fs::create_directories(fs::path(*test.result_file).parent_path(), ec);
    std::ofstream file(*test.result_file, std::ios::binary);
    file << csv_of(run.result);
    if (!file) return error_outcome("cannot write " + *test.result_file);
    expected_csv = csv_of(run.result);
  } else if (test.result_file) {
    std::string text;
    if (!read_whole_file(*test.result_file, text))
      return error_outcome("cannot read the result file " + *test.result_file + " (write it with --update)");
    expected_csv = std::move(text);
  }
  TestOutcome o = check_expectations(test, run.result, expected_csv);
  o.milliseconds = run.milliseconds;
  o.result = std::make_shared<const Result>(detached(run.result, kRowsKeptForReport));
  if (o.status != TestStatus::Pass) o.details += warnings;
  return o;
}

}  // namespace

// A copy of the first `max_rows` rows that owns its values: an event view reads calculated
// fields from columns the session's knowledge owns, and the sessions go when the run ends.
Result detached(const Result& r, std::size_t max_rows) {
  std::vector<std::string> names;
  for (const auto& c : r.columns()) names.push_back(c.name);
  Result out = Result::table(names);
  for (std::size_t row = 0; row < r.size() && row < max_rows; ++row) {
    std::vector<Value> values;
    for (std::size_t c = 0; c < names.size(); ++c) values.push_back(r.get(c, row));
    out.add_row(std::move(values));
  }
  return out;
}

std::string sample_rows(const Result& result, std::size_t limit) {
  auto lines = split_lines(csv_of(result));
  std::string out;
  for (std::size_t i = 0; i < lines.size() && i <= limit; ++i) out += lines[i] + "\n";
  if (lines.size() > limit + 1) out += "... (" + std::to_string(result.size()) + " rows in all)\n";
  return out;
}

std::string line_diff(const std::vector<std::string>& expected, const std::vector<std::string>& actual,
                      std::size_t max_lines) {
  std::vector<std::string> out;
  std::size_t n = expected.size(), m = actual.size();
  if (n * m <= 4'000'000) {
    // Longest common subsequence table, then walk it from the start.
    std::vector<std::vector<std::uint32_t>> lcs(n + 1, std::vector<std::uint32_t>(m + 1, 0));
    for (std::size_t i = n; i-- > 0;)
      for (std::size_t j = m; j-- > 0;)
        lcs[i][j] = expected[i] == actual[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    std::size_t i = 0, j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && expected[i] == actual[j]) out.push_back("  " + expected[i++]), ++j;
      else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) out.push_back("- " + expected[i++]);
      else out.push_back("+ " + actual[j++]);
    }
  } else {
    for (std::size_t i = 0; i < std::max(n, m); ++i) {
      if (i < n && i < m && expected[i] == actual[i]) { out.push_back("  " + expected[i]); continue; }
      if (i < n) out.push_back("- " + expected[i]);
      if (i < m) out.push_back("+ " + actual[i]);
    }
  }
  // Keep the changed lines and one line of context around them.
  std::vector<bool> keep(out.size(), false);
  for (std::size_t k = 0; k < out.size(); ++k)
    if (out[k][0] != ' ')
      for (std::size_t c = (k ? k - 1 : 0); c <= k + 1 && c < out.size(); ++c) keep[c] = true;
  std::string text;
  std::size_t written = 0;
  bool skipped = false;
  for (std::size_t k = 0; k < out.size(); ++k) {
    if (!keep[k]) { skipped = true; continue; }
    if (skipped) text += "  ...\n";
    skipped = false;
    if (written++ == max_lines) {
      text += "  ... (diff cut)\n";
      break;
    }
    text += out[k] + "\n";
  }
  return text;
}

TestOutcome check_expectations(const TestCase& test, const Result& result,
                               const std::optional<std::string>& expected_csv) {
  TestOutcome o;
  o.rows = result.size();
  std::vector<std::string> failures;
  std::string details;
  bool show_rows = false;
  if (test.rows && result.size() != *test.rows) failures.push_back("expected " + rows_text(*test.rows) + ", got " + std::to_string(result.size()));
  if (test.min_rows && result.size() < *test.min_rows) failures.push_back("expected at least " + rows_text(*test.min_rows) + ", got " + std::to_string(result.size()));
  if (test.max_rows && result.size() > *test.max_rows) failures.push_back("expected at most " + rows_text(*test.max_rows) + ", got " + std::to_string(result.size()));
  if (!failures.empty()) show_rows = true;
  for (const auto& pattern : test.match) {
    bool found = false;
    for (std::size_t r = 0; r < result.size() && !found; ++r) found = row_matches(result, r, pattern);
    if (!found) {
      failures.push_back("no row matches `" + pattern.text + "`");
      show_rows = true;
    }
  }
  for (const auto& pattern : test.no_match) {
    std::vector<std::size_t> hits;
    for (std::size_t r = 0; r < result.size(); ++r)
      if (row_matches(result, r, pattern)) hits.push_back(r);
    if (hits.empty()) continue;
    failures.push_back(rows_text(hits.size()) + " match `" + pattern.text + "`, expected none");
    Result matching = result;
    matching.select_rows(hits);
    details += "rows matching `" + pattern.text + "`:\n" + sample_rows(matching, 10);
  }
  if (expected_csv) {
    auto expected = split_lines(*expected_csv);
    auto actual = split_lines(csv_of(result));
    if (test.unordered) {
      if (expected.size() > 1) std::sort(expected.begin() + 1, expected.end());
      if (actual.size() > 1) std::sort(actual.begin() + 1, actual.end());
    }
    if (expected != actual) {
      failures.push_back("rows differ from " + *test.result_file);
      details += "--- expected (" + *test.result_file + ")\n+++ actual\n" + line_diff(expected, actual);
      show_rows = false;
    }
  }
  if (show_rows) details = "actual rows:\n" + sample_rows(result, 20) + details;
  if (failures.empty()) {
    o.status = TestStatus::Pass;
    return o;
  }
  o.status = TestStatus::Fail;
  o.message = failures[0];
  for (std::size_t i = 1; i < failures.size(); ++i) o.message += "; " + failures[i];
  o.details = details;
  return o;
}

std::vector<TestCase> collect_tests(const std::vector<std::string>& paths, const TestRunOptions& options,
                                    std::vector<std::string>& problems, std::vector<std::string>* detection_files) {
  std::vector<TestCase> tests;
  auto add = [&](std::vector<TestCase> found) {
    for (auto& t : found) {
      t.props.insert(t.props.end(), options.props.begin(), options.props.end());
      tests.push_back(std::move(t));
    }
  };
  for (const auto& path : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      std::vector<std::string> files;
      for (auto it = fs::recursive_directory_iterator(path, fs::directory_options::skip_permission_denied, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
        if (it->is_regular_file(ec) && it->path().extension() == ".test") files.push_back(it->path().string());
      std::sort(files.begin(), files.end());
      auto detections = contentctl::find_detection_files(path);
      if (files.empty() && detections.empty()) problems.push_back(path + ": no .test or detection .yml file in this folder");
      for (const auto& f : files) add(read_test_file(f));
      if (detection_files) detection_files->insert(detection_files->end(), detections.begin(), detections.end());
    } else if (!fs::exists(path, ec)) {
      problems.push_back(path + ": no such file or folder");
    } else if (path.ends_with(".test")) {
      add(read_test_file(path));
    } else if (contentctl::is_detection_file_name(path) && detection_files) {
      detection_files->push_back(path);
    } else if (is_search_document(path)) {
      auto found = tests_from_search_file(path);
      for (auto& t : found) {
        t.data = options.data;
        t.now = options.now;
        t.rows = options.rows;
        t.min_rows = options.min_rows;
        t.max_rows = options.max_rows;
        if (t.data.empty() && t.problem.empty()) t.problem = path + ": give the data to run it on (-d PATH)";
      }
      add(std::move(found));
    } else {
      problems.push_back(path + ": not a .test, .spl, .md or detection .yml file");
    }
  }
  return tests;
}

std::vector<TestOutcome> run_tests(const std::vector<TestCase>& tests, const TestRunOptions& options) {
  DataSets sets;
  sets.conf_dirs = options.conf_dirs;
  for (const auto& t : tests)
    if (t.problem.empty()) sets.load(t);  // ingest is itself parallel: one data set at a time
  std::vector<TestOutcome> outcomes(tests.size());
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < tests.size();) outcomes[i] = run_one(tests[i], sets, options);
  };
  unsigned threads = std::max(1u, std::min<unsigned>(options.threads, static_cast<unsigned>(tests.size())));
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& th : pool) th.join();
  return outcomes;
}

// ------------------------------------------------------------------ JUnit XML

namespace {

std::string xml_escape(std::string_view text, bool attribute) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += attribute ? "&quot;" : "\""; break;
      case '\n': out += attribute ? "&#10;" : "\n"; break;
      default: out += c;
    }
  }
  return out;
}

// Any text into XML-safe text: control characters and invalid UTF-8 as visible escapes.
std::string xml_text(std::string_view text, bool attribute) {
  std::string safe;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    if (start) safe += '\n';
    safe += escape_for_terminal(text.substr(start, end - start));
    start = end + 1;
  }
  return xml_escape(safe, attribute);
}

std::string seconds(double ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", ms / 1000.0);
  return buf;
}

}  // namespace

void write_junit(const std::vector<TestCase>& tests, const std::vector<TestOutcome>& outcomes, std::ostream& out) {
  std::vector<std::string> files;
  std::map<std::string, std::vector<std::size_t>> by_file;
  for (std::size_t i = 0; i < tests.size(); ++i) {
    if (!by_file.count(tests[i].file)) files.push_back(tests[i].file);
    by_file[tests[i].file].push_back(i);
  }
  auto count = [&](const std::vector<std::size_t>& idx, TestStatus s) {
    return std::count_if(idx.begin(), idx.end(), [&](std::size_t i) { return outcomes[i].status == s; });
  };
  std::vector<std::size_t> all(tests.size());
  double total_ms = 0;
  for (std::size_t i = 0; i < tests.size(); ++i) all[i] = i, total_ms += outcomes[i].milliseconds;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << "<testsuites name=\"spelunk\" tests=\"" << tests.size() << "\" failures=\"" << count(all, TestStatus::Fail)
      << "\" errors=\"" << count(all, TestStatus::Error) << "\" skipped=\"" << count(all, TestStatus::Skip)
      << "\" time=\"" << seconds(total_ms) << "\">\n";
  for (std::size_t s = 0; s < files.size(); ++s) {
    const auto& idx = by_file[files[s]];
    double ms = 0;
    for (auto i : idx) ms += outcomes[i].milliseconds;
    out << "  <testsuite name=\"" << xml_text(files[s], true) << "\" id=\"" << s << "\" tests=\"" << idx.size()
        << "\" failures=\"" << count(idx, TestStatus::Fail) << "\" errors=\"" << count(idx, TestStatus::Error)
        << "\" skipped=\"" << count(idx, TestStatus::Skip) << "\" time=\"" << seconds(ms) << "\">\n";
    for (auto i : idx) {
      const TestCase& t = tests[i];
      const TestOutcome& o = outcomes[i];
      out << "    <testcase name=\"" << xml_text(t.name, true) << "\" classname=\"" << xml_text(t.file, true)
          << "\" file=\"" << xml_text(t.file, true) << "\" line=\"" << t.line << "\" time=\""
          << seconds(o.milliseconds) << "\"";
      if (o.status == TestStatus::Pass) {
        out << "/>\n";
        continue;
      }
      if (o.status == TestStatus::Skip) {
        out << ">\n      <skipped message=\"" << xml_text(o.message, true) << "\"/>\n    </testcase>\n";
        continue;
      }
      const char* tag = o.status == TestStatus::Fail ? "failure" : "error";
      out << ">\n      <" << tag << " message=\"" << xml_text(o.message, true) << "\" type=\""
          << (o.status == TestStatus::Fail ? "expectation" : "error") << "\">"
          << xml_text(o.details.empty() ? o.message : o.details, false) << "</" << tag << ">\n    </testcase>\n";
    }
    out << "  </testsuite>\n";
  }
  out << "</testsuites>\n";
}

// ------------------------------------------------------------------ the subcommand

namespace {

std::string test_usage() {
  return "usage: spelunk test [options] PATH...\n"
         "  PATH            .test files, folders of them, .md / .spl searches (those need -d), detection .yml\n"
         "  -d PATH         data for .md / .spl searches (repeatable)\n"
         "  --props FILE    add a props.conf for every test (repeatable)\n"
         "  --conf DIR      a Splunk app folder (.conf files, lookups/) for every test (repeatable)\n"
         "  --now TIME      pinned now for .md / .spl searches\n"
         "  --expect-rows N / --min-rows N / --max-rows N   expectations for .md / .spl searches\n"
         "  --junit FILE    also write JUnit XML\n"
         "  --html FILE     also write an HTML page (each detection, its verdict, rows and diff)\n"
         "  -j N            tests run in parallel (default: one per core)\n"
         "  --update        write the actual rows into each test's result: file\n"
         "Detections in Splunk's YAML format (security_content; docs/contentctl.md):\n"
         "  PATH            a detection .yml, or a folder (a repository: the .yml under detections/)\n"
         "  --attack-data DIR  a checkout of splunk/attack_data: test data URLs under\n"
         "                  https://media.githubusercontent.com/media/splunk/attack_data/master/ are read there\n"
         "  --macros DIR    macros/*.yml beyond the repository's own (repeatable)\n"
         "  --lookups DIR   lookups/*.yml and their CSV files beyond the repository's own (repeatable)\n"
         "  --searches-only run each detection's search once over -d data (none: over no events)\n"
         "                  instead of its tests: checks that every search runs\n"
         "  --strict-risk-objects  every result row must carry the risk objects (contentctl stops\n"
         "                  checking at the first row carrying all of them)\n";
}

bool parse_size(const std::string& text, std::size_t& out) {
  if (text.empty() || text.size() > 12 || text.find_first_not_of("0123456789") != std::string::npos) return false;
  out = std::stoull(text);
  return true;
}

}  // namespace

int run_test_command(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  TestRunOptions options;
  std::vector<std::string> paths;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](std::string& into) {
      if (i + 1 >= argc) return false;
      into = argv[++i];
      return true;
    };
    std::string v;
    std::size_t n = 0;
    bool ok = true;
    if (a == "-h" || a == "--help") {
      out << help_page("test");
      return 0;
    } else if (a == "-d" || a == "--data") {
      ok = value(v);
      options.data.push_back(v);
    } else if (a == "--props") {
      ok = value(v);
      options.props.push_back(v);
    } else if (a == "--conf") {
      ok = value(v);
      options.conf_dirs.push_back(v);
    } else if (a == "--now") {
      ok = value(v);
      options.now = v;
    } else if (a == "--junit") {
      ok = value(v);
      options.junit = v;
    } else if (a == "--html") {
      ok = value(v);
      options.html = v;
    } else if (a == "--update") {
      options.update = true;
    } else if (a == "--attack-data") {
      ok = value(v);
      options.attack_data = v;
    } else if (a == "--macros") {
      ok = value(v);
      options.macro_dirs.push_back(v);
    } else if (a == "--lookups") {
      ok = value(v);
      options.lookup_dirs.push_back(v);
    } else if (a == "--searches-only") {
      options.searches_only = true;
    } else if (a == "--strict-risk-objects") {
      options.strict_risk_objects = true;
    } else if (a == "--expect-rows" || a == "--min-rows" || a == "--max-rows" || a == "-j") {
      ok = value(v) && parse_size(v, n);
      if (a == "--expect-rows") options.rows = n;
      else if (a == "--min-rows") options.min_rows = n;
      else if (a == "--max-rows") options.max_rows = n;
      else options.threads = static_cast<unsigned>(std::clamp<std::size_t>(n, 1, 64));
    } else if (!a.empty() && a[0] == '-') {
      err << "spelunk test: unknown option " << a << "\n" << test_usage();
      return 2;
    } else {
      paths.push_back(a);
    }
    if (!ok) {
      err << "spelunk test: option " << a << " needs a value\n" << test_usage();
      return 2;
    }
  }
  if (paths.empty()) {
    err << "spelunk test: no test given\n" << test_usage();
    return 2;
  }
  std::vector<std::string> problems, detection_files;
  auto tests = collect_tests(paths, options, problems, &detection_files);
  for (const auto& p : problems) err << "spelunk test: " << escape_for_terminal(p) << "\n";
  auto need_folder = [&](const char* option, const std::string& dir) {
    std::error_code ec;
    if (fs::is_directory(dir, ec)) return;
    err << "spelunk test: " << option << ": not a folder: " << escape_for_terminal(dir) << "\n";
    problems.push_back(dir);
  };
  for (const auto& dir : options.macro_dirs) need_folder("--macros", dir);
  for (const auto& dir : options.lookup_dirs) need_folder("--lookups", dir);
  if (options.attack_data) need_folder("--attack-data", *options.attack_data);
  if (!problems.empty() || (tests.empty() && detection_files.empty())) return 2;

  auto started = std::chrono::steady_clock::now();
  auto outcomes = run_tests(tests, options);
  if (!detection_files.empty()) {
    contentctl::DetectionRunOptions d;
    d.attack_data_dir = options.attack_data;
    d.extra.macro_dirs = options.macro_dirs;
    d.extra.lookup_dirs = options.lookup_dirs;
    d.props = options.props;
    d.conf_dirs = options.conf_dirs;
    d.searches_only = options.searches_only;
    d.data = options.data;
    d.every_row = options.strict_risk_objects;
    d.threads = options.threads;
    d.keep_rows = options.html.has_value();
    auto run = contentctl::run_detections(detection_files, d);
    for (const auto& w : run.warnings) err << "spelunk test: warning: " << escape_for_terminal(w) << "\n";
    tests.insert(tests.end(), std::make_move_iterator(run.tests.begin()), std::make_move_iterator(run.tests.end()));
    outcomes.insert(outcomes.end(), std::make_move_iterator(run.outcomes.begin()),
                    std::make_move_iterator(run.outcomes.end()));
  }
  double total_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  std::size_t passed = 0, failed = 0, errors = 0, skipped = 0;
  for (std::size_t i = 0; i < tests.size(); ++i) {
    const TestOutcome& o = outcomes[i];
    const char* word = o.status == TestStatus::Pass   ? "PASS "
                       : o.status == TestStatus::Fail ? "FAIL "
                       : o.status == TestStatus::Skip ? "SKIP "
                                                      : "ERROR";
    (o.status == TestStatus::Pass   ? passed
     : o.status == TestStatus::Fail ? failed
     : o.status == TestStatus::Skip ? skipped
                                    : errors)++;
    char timing[64];
    std::snprintf(timing, sizeof timing, "%8zu rows %6.0f ms", o.rows, o.milliseconds);
    out << word << " " << timing << "  " << escape_for_terminal(tests[i].file) << ":" << tests[i].line << "  "
        << escape_for_terminal(tests[i].name) << "\n";
    if (o.status != TestStatus::Pass) {
      out << indent(o.message, "      ");
      if (!o.details.empty()) out << indent(o.details, "      | ");
    }
  }
  char summary[200];
  std::string skips = skipped ? ", " + std::to_string(skipped) + " skipped" : "";
  std::snprintf(summary, sizeof summary, "%zu passed, %zu failed, %zu errors%s (%zu tests, %.0f ms)\n", passed,
                failed, errors, skips.c_str(), tests.size(), total_ms);
  out << summary;
  out.flush();
  if (options.junit) {
    std::ofstream file(*options.junit, std::ios::binary);
    write_junit(tests, outcomes, file);
    if (!file) {
      err << "spelunk test: cannot write " << *options.junit << "\n";
      return 2;
    }
  }
  if (options.html) {
    std::ofstream file(*options.html, std::ios::binary);
    write_html_report(tests, outcomes, file);
    if (!file) {
      err << "spelunk test: cannot write " << *options.html << "\n";
      return 2;
    }
  }
  return failed || errors ? 1 : 0;
}

}  // namespace spelunk::cli
