#include "cli/test_file.hpp"

#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/markdown.hpp"

namespace spelunk::cli {

namespace fs = std::filesystem;

bool read_whole_file(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::stringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string relative_to(const std::string& file, std::string_view path) {
  fs::path p{std::string(path)};
  if (p.is_absolute()) return p.lexically_normal().string();
  return (fs::path(file).parent_path() / p).lexically_normal().string();
}

bool parse_count(std::string_view text, std::size_t& out) {
  text = trim(text);
  if (text.empty() || text.size() > 12) return false;
  out = 0;
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    out = out * 10 + static_cast<std::size_t>(c - '0');
  }
  return true;
}

void add_problem(TestCase& t, std::size_t line, const std::string& what) {
  if (!t.problem.empty()) return;  // the first problem is the one to fix first
  t.problem = t.file + ":" + std::to_string(line) + ": " + what;
}

// `search: file.spl` or `search: doc.md#label`: fills query, query_origin and query_line.
void load_search_reference(TestCase& t, std::string_view ref, std::size_t line) {
  std::string target(trim(ref));
  std::string selector;
  if (auto hash = target.find('#'); hash != std::string::npos) {
    selector = target.substr(hash + 1);
    target.resize(hash);
  }
  std::string path = relative_to(t.file, target);
  std::string text;
  if (!read_whole_file(path, text)) return add_problem(t, line, "cannot read search file " + path);
  t.query_origin = path;
  bool markdown = path.size() > 3 && (path.ends_with(".md") || path.ends_with(".markdown"));
  if (!markdown) {
    if (!selector.empty()) return add_problem(t, line, "`#" + selector + "` selects a block of a markdown file only");
    t.query = text;
    t.query_line = 1;
    return;
  }
  auto searches = extract_markdown_searches(text);
  const MarkdownSearch* chosen = nullptr;
  if (selector.empty() && searches.size() == 1) chosen = &searches[0];
  else if (!selector.empty()) chosen = select_markdown_search(searches, selector);
  if (!chosen)
    return add_problem(t, line, "cannot tell which search of " + path + " to run (" +
                                    std::to_string(searches.size()) + " found; add #N or #label)");
  t.query = chosen->text;
  t.query_line = chosen->line;
}

}  // namespace

std::optional<RowPattern> parse_row_pattern(std::string_view text, std::string& problem) {
  RowPattern pattern;
  pattern.text = std::string(trim(text));
  std::size_t i = 0;
  auto skip_space = [&] { while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i; };
  skip_space();
  while (i < text.size()) {
    std::size_t eq = text.find('=', i);
    if (eq == std::string_view::npos || eq == i) {
      problem = "expected field=value in `" + pattern.text + "`";
      return std::nullopt;
    }
    std::string field(trim(text.substr(i, eq - i)));
    if (field.find_first_of(" \t\"") != std::string::npos) {
      problem = "expected field=value in `" + pattern.text + "`";
      return std::nullopt;
    }
    i = eq + 1;
    std::string value;
    if (i < text.size() && text[i] == '"') {
      ++i;
      bool closed = false;
      while (i < text.size()) {
        char c = text[i++];
        if (c == '\\' && i < text.size() && (text[i] == '"' || text[i] == '\\')) value += text[i++];
        else if (c == '"') { closed = true; break; }
        else value += c;
      }
      if (!closed) {
        problem = "unclosed quote in `" + pattern.text + "`";
        return std::nullopt;
      }
    } else {
      while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) value += text[i++];
    }
    pattern.fields.emplace_back(std::move(field), std::move(value));
    skip_space();
  }
  if (pattern.fields.empty()) {
    problem = "empty row pattern";
    return std::nullopt;
  }
  return pattern;
}

std::vector<TestCase> parse_test_text(std::string_view text, const std::string& path) {
  std::vector<TestCase> tests;
  std::vector<std::string_view> lines;
  for (std::size_t start = 0; start <= text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    start = end + 1;
  }
  TestCase current;
  bool has_content = false;
  auto begin_test = [&](std::size_t line) {
    TestCase next;
    next.file = path;
    next.line = line;
    if (!tests.empty()) {  // a later test reuses the search and data of the one before
      const TestCase& prev = tests.back();
      next.query = prev.query;
      next.query_origin = prev.query_origin;
      next.query_line = prev.query_line;
      next.data = prev.data;
      next.props = prev.props;
      next.now = prev.now;
    }
    current = std::move(next);
    has_content = false;
  };
  auto end_test = [&] {
    if (!has_content) return;
    if (current.name.empty()) current.name = "test at line " + std::to_string(current.line);
    if (current.query.empty() && current.problem.empty()) add_problem(current, current.line, "no search (`search:` or `query:`)");
    if (current.data.empty() && current.problem.empty()) add_problem(current, current.line, "no data (`data:`)");
    tests.push_back(std::move(current));
  };
  begin_test(1);
  bool explicit_data = false;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::size_t lineno = i + 1;
    std::string_view raw = lines[i];
    std::string_view line = trim(raw);
    if (line.empty() || line[0] == '#') continue;
    if (line == "---") {
      end_test();
      begin_test(lineno + 1);
      explicit_data = false;
      continue;
    }
    if (!has_content) current.line = lineno;
    has_content = true;
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      add_problem(current, lineno, "expected `key: value`, found `" + std::string(line) + "`");
      continue;
    }
    std::string key(trim(line.substr(0, colon)));
    std::string_view value = trim(line.substr(colon + 1));
    std::size_t count = 0;
    std::string problem;
    if (key == "name") {
      current.name = std::string(value);
    } else if (key == "search") {
      load_search_reference(current, value, lineno);
    } else if (key == "query" && value == "|") {
      // Block: the following lines indented deeper than the key (or blank) belong to it.
      std::string block;
      std::size_t j = i + 1;
      std::size_t indent = std::string_view::npos;
      for (; j < lines.size(); ++j) {
        std::string_view l = lines[j];
        if (trim(l).empty()) { block += '\n'; continue; }
        std::size_t lead = l.find_first_not_of(" \t");
        if (lead == 0) break;
        if (indent == std::string_view::npos) {
          indent = lead;
          current.query_line = j + 1;
        }
        block += std::string(l.substr(std::min(lead, indent))) + '\n';
      }
      while (!block.empty() && block.back() == '\n') block.pop_back();
      current.query = block;
      current.query_origin = path;
      i = j - 1;
      if (block.empty()) add_problem(current, lineno, "empty `query: |` block");
    } else if (key == "query") {
      current.query = std::string(value);
      current.query_origin = path;
      current.query_line = lineno;
    } else if (key == "data") {
      if (!explicit_data) current.data.clear();  // a test's own data replaces the inherited data
      explicit_data = true;
      current.data.push_back(relative_to(path, value));
    } else if (key == "props") {
      current.props.push_back(relative_to(path, value));
    } else if (key == "now") {
      current.now = std::string(value);
    } else if (key == "rows" || key == "min_rows" || key == "max_rows") {
      if (!parse_count(value, count)) {
        add_problem(current, lineno, "`" + key + "` needs a whole number");
        continue;
      }
      (key == "rows" ? current.rows : key == "min_rows" ? current.min_rows : current.max_rows) = count;
    } else if (key == "match" || key == "no_match") {
      auto pattern = parse_row_pattern(value, problem);
      if (!pattern) add_problem(current, lineno, problem);
      else (key == "match" ? current.match : current.no_match).push_back(std::move(*pattern));
    } else if (key == "result") {
      current.result_file = relative_to(path, value);
    } else if (key == "order") {
      if (value == "any") current.unordered = true;
      else if (value == "exact") current.unordered = false;
      else add_problem(current, lineno, "`order` is `exact` or `any`");
    } else {
      add_problem(current, lineno, "unknown key `" + key + "`");
    }
  }
  end_test();
  return tests;
}

std::vector<TestCase> read_test_file(const std::string& path) {
  std::string text;
  if (!read_whole_file(path, text)) {
    TestCase t;
    t.file = path;
    t.name = path;
    t.problem = path + ": cannot read the file";
    return {t};
  }
  auto tests = parse_test_text(text, path);
  if (tests.empty()) {
    TestCase t;
    t.file = path;
    t.name = path;
    t.problem = path + ": no test in the file";
    tests.push_back(t);
  }
  return tests;
}

std::vector<TestCase> tests_from_search_file(const std::string& path) {
  std::string text;
  TestCase base;
  base.file = path;
  base.query_origin = path;
  if (!read_whole_file(path, text)) {
    base.name = path;
    base.problem = path + ": cannot read the file";
    return {base};
  }
  bool markdown = path.ends_with(".md") || path.ends_with(".markdown");
  if (!markdown) {
    base.name = fs::path(path).filename().string();
    base.query = text;
    return {base};
  }
  std::vector<TestCase> tests;
  for (const auto& s : extract_markdown_searches(text)) {
    TestCase t = base;
    t.name = s.label;
    t.line = s.line;
    t.query = s.text;
    t.query_line = s.line;
    tests.push_back(std::move(t));
  }
  if (tests.empty()) {
    base.name = path;
    base.problem = path + ": no fenced search found (a `## ... Searches` section or ```spl blocks)";
    tests.push_back(base);
  }
  return tests;
}

}  // namespace spelunk::cli
