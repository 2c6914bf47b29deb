#include "cli/lint.hpp"

#include <algorithm>
#include <filesystem>
#include <set>

#include "cli/help.hpp"
#include "cli/output.hpp"
#include "cli/session.hpp"
#include "cli/test_file.hpp"
#include "evaluator/command.hpp"
#include "evaluator/eval.hpp"
#include "evaluator/pipeline.hpp"

namespace spelunk::cli {

namespace fs = std::filesystem;

std::string LintFinding::render() const {
  return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + (error ? "error: " : "warning: ") +
         message;
}

namespace {

// Every pipeline of a search: the main one and its subsearches (append, join, [ ... ]).
void collect_pipelines(const ast::Pipeline& p, std::vector<const ast::Pipeline*>& out, int depth = 0);

void collect_from_search(const ast::SearchExpr& e, std::vector<const ast::Pipeline*>& out, int depth) {
  if (e.subsearch) collect_pipelines(*e.subsearch, out, depth + 1);
  for (const auto& c : e.children) collect_from_search(c, out, depth);
}

void collect_pipelines(const ast::Pipeline& p, std::vector<const ast::Pipeline*>& out, int depth) {
  if (depth > 64) return;
  out.push_back(&p);
  for (const auto& cmd : p.commands) {
    if (const auto* s = std::get_if<ast::SearchCommand>(&cmd.body); s && s->expr) collect_from_search(*s->expr, out, depth);
    if (const auto* j = std::get_if<ast::JoinCommand>(&cmd.body); j && j->subsearch) collect_pipelines(*j->subsearch, out, depth + 1);
    if (const auto* a = std::get_if<ast::AppendCommand>(&cmd.body); a && a->subsearch) collect_pipelines(*a->subsearch, out, depth + 1);
    if (const auto* a = std::get_if<ast::AppendpipeCommand>(&cmd.body); a && a->subsearch) collect_pipelines(*a->subsearch, out, depth + 1);
  }
}

// Position in the file of a position in the search text.
void place(LintFinding& f, const ast::Position& pos, std::size_t first_line) {
  f.line = first_line + pos.line - 1;
  f.column = pos.column;
}

void check_expressions(const ast::Command& cmd, const std::string& file, std::size_t first_line,
                       std::vector<LintFinding>& out) {
  auto check = [&](const ast::Expr& e) {
    try {
      check_expression(e);
    } catch (const EvalError& error) {
      LintFinding f{file, 1, 1, true, error.message};
      place(f, error.pos, first_line);
      out.push_back(std::move(f));
    }
  };
  if (const auto* w = std::get_if<ast::WhereCommand>(&cmd.body)) check(w->expr);
  if (const auto* e = std::get_if<ast::EvalCommand>(&cmd.body))
    for (const auto& [field, expr] : e->assignments) check(expr);
}

}  // namespace

std::vector<LintFinding> lint_search(const std::string& query, const std::string& file, std::size_t first_line,
                                     const Session* session) {
  std::vector<LintFinding> out;
  ParseResult parsed = parse_query(query, session ? &session->macros() : nullptr);
  if (parsed.error) {
    LintFinding f{file, 1, 1, true, parsed.error->message};
    place(f, parsed.error->pos, first_line);
    out.push_back(std::move(f));
    return out;
  }
  for (const auto& w : parsed.warnings) {
    LintFinding f{file, 1, 1, false, w.message};
    place(f, w.pos, first_line);
    out.push_back(std::move(f));
  }
  std::vector<const ast::Pipeline*> pipelines;
  collect_pipelines(*parsed.pipeline, pipelines);
  const auto& registry = command_registry();
  for (const ast::Pipeline* p : pipelines) {
    for (std::size_t i = 0; i < p->commands.size(); ++i) {
      const ast::Command& cmd = p->commands[i];
      bool leading_search = i == 0 && cmd.name == "search";
      if (!leading_search && !registry.count(cmd.name)) {
        LintFinding f{file, 1, 1, true, "command `" + cmd.name + "` is not supported yet"};
        place(f, cmd.pos, first_line);
        out.push_back(std::move(f));
      }
      check_expressions(cmd, file, first_line, out);
    }
  }
  if (session && session->store()) {
    ExecContext ctx;
    ctx.store = session->store();
    ctx.knowledge = &session->knowledge();
    try {
      for (auto& w : missing_field_warnings(*parsed.pipeline, ctx)) out.push_back(LintFinding{file, first_line, 1, false, std::move(w)});
    } catch (const QueryError& e) {  // a calculated field that cannot be computed
      LintFinding f{file, 1, 1, true, e.message};
      place(f, e.pos, first_line);
      out.push_back(std::move(f));
    }
  }
  return out;
}

namespace {

std::string lint_usage() {
  return "usage: spelunk lint [-d PATH]... [--props FILE]... [--conf DIR]... [--strict] PATH...\n"
         "  PATH          .spl files, markdown detection documents, .test files, or folders\n"
         "                (folders: every .spl and .test below)\n"
         "  -d PATH       also check the fields each search names against this data\n"
         "  --props FILE  add a props.conf (calculated fields) after the shipped one\n"
         "  --conf DIR    a Splunk app folder (macros.conf, props.conf, transforms.conf)\n"
         "  --strict      warnings count as findings (exit status 1)\n";
}

// The searches of one file: (text, origin file, first line).
struct SearchSource {
  std::string text, file;
  std::size_t line = 1;
};

void sources_of(const std::string& path, std::vector<SearchSource>& out, std::vector<std::string>& problems,
                std::set<std::pair<std::string, std::size_t>>& seen) {
  auto tests = path.ends_with(".test") ? read_test_file(path) : tests_from_search_file(path);
  for (const auto& t : tests) {
    if (t.query.empty()) {
      if (!t.problem.empty()) problems.push_back(t.problem);
      continue;
    }
    if (!seen.insert({fs::path(t.query_origin).lexically_normal().string(), t.query_line}).second) continue;  // linted already
    out.push_back({t.query, t.query_origin.empty() ? path : t.query_origin, t.query_line});
  }
}

}  // namespace

int run_lint_command(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  std::vector<std::string> data, props, conf_dirs, paths;
  bool strict = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "-h" || a == "--help") {
      out << help_page("lint");
      return 0;
    } else if (a == "--strict") {
      strict = true;
    } else if (a == "-d" || a == "--data" || a == "--props" || a == "--conf") {
      if (i + 1 >= argc) {
        err << "spelunk lint: option " << a << " needs a value\n" << lint_usage();
        return 2;
      }
      (a == "--props" ? props : a == "--conf" ? conf_dirs : data).push_back(argv[++i]);
    } else if (!a.empty() && a[0] == '-') {
      err << "spelunk lint: unknown option " << a << "\n" << lint_usage();
      return 2;
    } else {
      paths.push_back(a);
    }
  }
  if (paths.empty()) {
    err << "spelunk lint: nothing to lint\n" << lint_usage();
    return 2;
  }
  std::vector<SearchSource> sources;
  std::vector<std::string> problems;
  std::set<std::pair<std::string, std::size_t>> seen;  // (file, line) of each search linted
  for (const auto& path : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      std::vector<std::string> files;
      for (auto it = fs::recursive_directory_iterator(path, fs::directory_options::skip_permission_denied, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        auto ext = it->path().extension();
        if (it->is_regular_file(ec) && (ext == ".spl" || ext == ".test")) files.push_back(it->path().string());
      }
      std::sort(files.begin(), files.end());
      for (const auto& f : files) sources_of(f, sources, problems, seen);
    } else if (!fs::exists(path, ec)) {
      problems.push_back(path + ": no such file or folder");
    } else {
      sources_of(path, sources, problems, seen);
    }
  }
  std::unique_ptr<Session> session;
  if (!data.empty() || !props.empty() || !conf_dirs.empty()) {
    session = std::make_unique<Session>();
    for (const auto& p : session->load_props(props)) problems.push_back(p);
    for (const auto& dir : conf_dirs)
      for (const auto& p : session->load_conf_dir(dir)) problems.push_back(p);
    std::vector<std::string> messages;
    if (!data.empty() && !session->load(data, messages)) {
      for (const auto& m : messages) err << "spelunk lint: " << escape_for_terminal(m) << "\n";
      return 2;
    }
  }
  std::size_t errors = 0, warnings = 0;
  for (const auto& p : problems) {
    out << escape_for_terminal(p) << "\n";
    ++errors;
  }
  for (const auto& s : sources) {
    for (const auto& f : lint_search(s.text, s.file, s.line, session.get())) {
      out << escape_for_terminal(f.render()) << "\n";
      (f.error ? errors : warnings)++;
    }
  }
  out << sources.size() << " search(es): " << errors << " error(s), " << warnings << " warning(s)\n";
  out.flush();
  return errors || (strict && warnings) ? 1 : 0;
}

}  // namespace spelunk::cli
