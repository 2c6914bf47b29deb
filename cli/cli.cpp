#include "cli/cli.hpp"

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/app_conf.hpp"
#include "cli/args.hpp"
#include "cli/engine.hpp"
#include "cli/lint.hpp"
#include "cli/load.hpp"
#include "cli/output.hpp"
#include "cli/repl.hpp"
#include "cli/test_file.hpp"
#include "cli/test_runner.hpp"
#include "evaluator/eval.hpp"
#include "evaluator/knowledge/knowledge.hpp"
#include "evaluator/pipeline.hpp"
#include "evaluator/remote/remote_plan.hpp"
#include "storage/clickhouse/http_client.hpp"
#include "parser/parser.hpp"
#include "storage/ingest/ingest.hpp"

namespace spelunk::cli {

namespace fs = std::filesystem;

std::string shipped_props_path() {
  if (const char* dir = std::getenv("SPELUNK_CONF_DIR")) {
    fs::path p = fs::path(dir) / "props.conf";
    if (fs::exists(p)) return p.string();
  }
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  for (fs::path dir = exe.parent_path(); !dir.empty(); dir = dir.parent_path()) {
    fs::path p = dir / "conf" / "props.conf";
    if (fs::exists(p, ec)) return p.string();
    if (dir == dir.root_path()) break;
  }
  return {};
}

namespace {

int query_error(std::ostream& err, const std::string& message, const ast::Position& pos,
                const std::string& query) {
  err << "spelunk: " << ParseError{message, pos}.render(query) << "\n";
  return 1;
}

}  // namespace

namespace {

int run_search(const Args& args, bool sql_only, std::ostream& out, std::ostream& err);

}  // namespace

int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  // Subcommands: `spelunk test ...`, `spelunk lint ...`, `spelunk load ...`, `spelunk sql ...`
  // (cli/test_runner.hpp, cli/lint.hpp, cli/load.hpp, cli/engine.hpp).
  if (argc > 1 && std::string_view(argv[1]) == "test") return run_test_command(argc - 1, argv + 1, out, err);
  if (argc > 1 && std::string_view(argv[1]) == "lint") return run_lint_command(argc - 1, argv + 1, out, err);
  if (argc > 1 && std::string_view(argv[1]) == "load") return run_load_command(argc - 1, argv + 1, out, err);
  const bool sql_only = argc > 1 && std::string_view(argv[1]) == "sql";
  if (sql_only) --argc, ++argv;
  Args args;
  if (auto problem = parse_args(argc, argv, args)) {
    // Data but no query: the interactive session (cli/repl.hpp).
    if (!sql_only && !args.query && !args.query_file && !args.data_paths.empty() && problem->starts_with("no query"))
      return run_repl(args, out, err);
    err << "spelunk: " << *problem << "\n" << usage();
    return 2;
  }
  if (args.help) {
    out << usage();
    return 0;
  }
  if (sql_only && !args.engine) {
    err << "spelunk sql: --engine clickhouse://host:port/db.table is needed (the SQL depends on the table)\n";
    return 2;
  }
  return run_search(args, sql_only, out, err);
}

namespace {

int run_search(const Args& args, bool sql_only, std::ostream& out, std::ostream& err) {
  if (!set_display_time_zone(args.tz)) {
    err << "spelunk: unknown time zone `" << args.tz << "`\n";
    return 2;
  }
  std::int64_t now_us = std::chrono::duration_cast<std::chrono::microseconds>(
                            std::chrono::system_clock::now().time_since_epoch()).count();
  if (args.now) {
    auto t = parse_now(*args.now);
    if (!t) {
      err << "spelunk: cannot read --now `" << *args.now << "`\n";
      return 2;
    }
    now_us = *t;
  }
  if (auto problem = check_time_range(args, now_us)) {
    err << "spelunk: " << *problem << "\n";
    return 2;
  }
  std::string query;
  if (args.query_file) {
    if (!read_whole_file(*args.query_file, query)) {
      err << "spelunk: cannot read query file " << *args.query_file << "\n";
      return 2;
    }
  } else {
    query = *args.query;
  }

  Knowledge knowledge;
  std::vector<std::string> props = args.props_files;
  if (std::string shipped = shipped_props_path(); !shipped.empty()) props.insert(props.begin(), shipped);
  for (const auto& p : props) {
    if (!fs::exists(p)) {
      err << "spelunk: props file not found: " << p << "\n";
      return 2;
    }
    for (const auto& problem : knowledge.load_props_file(p)) err << "spelunk: " << problem << "\n";
  }
  MacroTable macros;
  for (const auto& dir : args.conf_dirs) {
    if (auto problem = check_app_dir(dir)) {
      err << "spelunk: --conf: " << *problem << "\n";
      return 2;
    }
    for (const auto& problem : load_app_knowledge(dir, knowledge)) err << "spelunk: " << problem << "\n";
    for (const auto& problem : load_app_macros(dir, macros)) err << "spelunk: " << problem << "\n";
  }

  ParseResult parsed = parse_query(query, &macros);
  if (parsed.error) return query_error(err, parsed.error->message, parsed.error->pos, parsed.expanded.empty() ? query : parsed.expanded);
  for (const auto& w : parsed.warnings) err << "spelunk: warning: " << w.message << "\n";
  const std::string& text = parsed.expanded.empty() ? query : parsed.expanded;

  ExecContext ctx;
  if (args.engine) {
    ctx.remote = open_engine(*args.engine, args.timeout_s, err);
    if (!ctx.remote) return 2;
  } else {
    IngestOptions options;
    IngestReport report;
    std::shared_ptr<Store> store = ingest_paths(args.data_paths, options, report);
    for (const auto& m : report.messages) err << "spelunk: " << m << "\n";
    if (report.skipped) err << "spelunk: " << report.skipped << " record(s) skipped\n";
    if (!store || report.failed() || report.files == 0) {
      err << "spelunk: no readable input in the given paths\n";
      return 2;
    }
    ctx.store = store;
  }
  ctx.knowledge = &knowledge;
  ctx.now_us = now_us;
  ctx.tz = args.tz;
  ctx.picker_earliest = args.earliest;
  ctx.picker_latest = args.latest;
  ctx.macros = &macros;  // map parses its searches when they run
  std::vector<std::string> warnings;
  ctx.warnings = &warnings;
  Result result;
  try {
    if (auto problem = remote::check_remote_knowledge(ctx)) {
      err << "spelunk: " << *problem << "\n";
      return 2;
    }
    if (sql_only) return print_remote_plan(*parsed.pipeline, text, ctx, out);
    for (auto& w : missing_field_warnings(*parsed.pipeline, ctx)) warnings.push_back(std::move(w));
    result = run_pipeline(*parsed.pipeline, ctx);
  } catch (const clickhouse::ClickHouseError& e) {
    // Nothing partial is printed: the search failed as a whole.
    for (const auto& w : warnings) err << "spelunk: warning: " << w << "\n";
    err << "spelunk: " << e.message << "\n";
    return 2;
  } catch (const QueryError& e) {
    for (const auto& w : warnings) err << "spelunk: warning: " << w << "\n";
    return query_error(err, e.message, e.pos, text);
  } catch (const EvalError& e) {
    for (const auto& w : warnings) err << "spelunk: warning: " << w << "\n";
    return query_error(err, e.message, e.pos, text);
  }
  for (const auto& w : warnings) err << "spelunk: warning: " << w << "\n";
  if (args.output == "csv") write_csv(result, out);
  else if (args.output == "json") write_json(result, out);
  else write_table(result, out);
  out.flush();
  return 0;
}

}  // namespace

}  // namespace spelunk::cli
