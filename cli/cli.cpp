#include "cli/cli.hpp"

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/app_conf.hpp"
#include "cli/args.hpp"
#include "cli/engine.hpp"
#include "cli/explain.hpp"
#include "cli/help.hpp"
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
#include "storage/storage_error.hpp"

namespace spelunk::cli {

namespace fs = std::filesystem;

namespace {

int query_error(std::ostream& err, const std::string& message, const ast::Position& pos,
                const std::string& query) {
  err << "spelunk: " << ParseError{message, pos}.render(query) << "\n";
  return 1;
}

}  // namespace

namespace {
int run_search(const Args& args, bool sql_only, std::ostream& out, std::ostream& err);
int run_command(int argc, const char* const* argv, std::ostream& out, std::ostream& err);
}  // namespace

int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  try {
    return run_command(argc, argv, out, err);
  } catch (const StorageError& e) {  // a saved store's corrupt _raw block, met while reading it
    out.flush();
    err << "spelunk: " << e.what() << "\n";
    return 2;
  }
}

namespace {

int run_command(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  // Subcommands: `spelunk test ...`, `spelunk lint ...`, `spelunk load ...`, `spelunk explain ...`,
  // `spelunk sql ...` (cli/test_runner.hpp, cli/lint.hpp, cli/load.hpp, cli/explain.hpp, cli/engine.hpp).
  if (argc > 1 && std::string_view(argv[1]) == "test") return run_test_command(argc - 1, argv + 1, out, err);
  if (argc > 1 && std::string_view(argv[1]) == "lint") return run_lint_command(argc - 1, argv + 1, out, err);
  if (argc > 1 && std::string_view(argv[1]) == "load") return run_load_command(argc - 1, argv + 1, out, err);
  if (argc > 1 && std::string_view(argv[1]) == "explain") return run_explain_command(argc - 1, argv + 1, out, err);
  const bool sql_only = argc > 1 && std::string_view(argv[1]) == "sql";
  if (sql_only) --argc, ++argv;
  Args args;
  if (auto problem = parse_args(argc, argv, args)) {
    // No query: the interactive session (cli/repl.hpp), over the data given or (at a terminal)
    // over none: `| makeresults` and `| inputlookup` searches need no events.
    if (!sql_only && !args.query && !args.query_file && problem->starts_with("no query") &&
        (!args.data_paths.empty() || isatty(STDIN_FILENO))) {
      if (args.output == "html") {
        err << "spelunk: -o html FILE writes the rows of one search: give the query\n";
        return 2;
      }
      return run_repl(args, out, err);
    }
    err << "spelunk: " << *problem << "\n" << usage();
    return 2;
  }
  if (args.help) {
    out << help_page("");
    return 0;
  }
  if (args.version) {
    out << version_line() << "\n";
    return 0;
  }
  if (sql_only && !args.engine) {
    err << "spelunk sql: --engine clickhouse://host:port/db.table is needed (the SQL depends on the table)\n";
    return 2;
  }
  return run_search(args, sql_only, out, err);
}

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
  const std::optional<std::string> read = read_query(args, err);
  if (!read) return 2;
  const std::string& query = *read;

  Knowledge knowledge;
  MacroTable macros;
  for (const auto& dir : args.conf_dirs)
    if (auto problem = check_app_dir(dir)) {
      err << "spelunk: --conf: " << *problem << "\n";
      return 2;
    }
  for (const auto& p : args.props_files)
    if (!fs::exists(p)) {
      err << "spelunk: props file not found: " << p << "\n";
      return 2;
    }
  for (const auto& [option, dirs] : {std::pair{"--macros", &args.macro_dirs}, std::pair{"--lookups", &args.lookup_dirs}})
    for (const auto& dir : *dirs)
      if (std::error_code ec; !fs::is_directory(dir, ec)) {
        err << "spelunk: " << option << ": not a folder: " << dir << "\n";
        return 2;
      }
  for (const auto& problem :
       load_all_knowledge(knowledge, macros, args.props_files, args.conf_dirs, {args.macro_dirs, args.lookup_dirs}))
    err << "spelunk: " << problem << "\n";
  if (!args.iplocation_db.empty()) knowledge.set_iplocation_db(args.iplocation_db);

  ParseResult parsed = parse_query(query, &macros);
  if (parsed.error) return query_error(err, parsed.error->message, parsed.error->pos, parsed.expanded.empty() ? query : parsed.expanded);
  for (const auto& w : parsed.warnings) err << "spelunk: warning: " << w.message << "\n";
  const std::string& text = parsed.expanded.empty() ? query : parsed.expanded;

  ExecContext ctx;
  if (args.engine) {
    ctx.remote = open_engine(*args.engine, args.timeout_s, err);
    if (!ctx.remote) return 2;
  } else if (args.data_paths.empty()) {
    if (needs_events(*parsed.pipeline)) {
      err << "spelunk: this search reads events: give them with -d PATH (or --engine URL)\n" << usage();
      return 2;
    }
    ctx.store = std::make_shared<Store>(StoreBuilder().finish());  // no events: generating searches only
  } else {
    IngestOptions options;
    options.max_gunzip_bytes = args.max_gunzip_bytes;
    options.max_event_bytes = args.max_event_bytes;
    IngestReport report;
    std::shared_ptr<Store> store = ingest_paths(args.data_paths, options, report);
    for (const auto& m : report.messages) err << "spelunk: " << m << "\n";
    if (report.skipped) err << "spelunk: " << report.skipped << " record(s) skipped\n";
    if (!store || report.failed() || report.files == 0) {
      err << "spelunk: no readable input in the given paths" << ignored_note(report) << "\n";
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
  if (args.output == "html") {
    std::ofstream file(args.output_file, std::ios::binary);
    write_html(result, file, text, warnings);
    if (!file) {
      err << "spelunk: cannot write " << args.output_file << "\n";
      return 2;
    }
    err << "spelunk: wrote " << result.size() << " row(s) to " << args.output_file;
    if (result.size() > kHtmlMaxRows) err << " (its table shows the first " << kHtmlMaxRows << ")";
    err << "\n";
    return 0;
  }
  if (args.output == "chart") {
    std::string why_not;
    if (!write_chart(result, out, stdout_handles_unicode(), terminal_width(), why_not)) {
      err << "spelunk: -o chart: " << why_not << "; printed as a table\n";
      write_table(result, out);
    }
  } else if (args.output == "csv") {
    write_csv(result, out);
  } else if (args.output == "json") {
    write_json(result, out);
  } else {
    write_table(result, out);
  }
  out.flush();
  return 0;
}

}  // namespace

}  // namespace spelunk::cli
