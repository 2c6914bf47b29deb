#include "cli/load.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/app_conf.hpp"
#include "cli/args.hpp"
#include "cli/cli.hpp"
#include "cli/help.hpp"
#include "evaluator/command.hpp"
#include "evaluator/knowledge/knowledge.hpp"
#include "evaluator/remote/knowledge_fingerprint.hpp"
#include "evaluator/value.hpp"
#include "storage/clickhouse/clickhouse_load.hpp"
#include "storage/ingest/ingest.hpp"
#include "storage/store_file.hpp"

namespace spelunk::cli {

namespace {

std::string load_usage() {
  return "usage: spelunk load -d PATH [-d PATH ...] --save FILE [--max-gunzip SIZE] [--max-event SIZE]\n"
         "       spelunk load -d PATH [-d PATH ...] --to clickhouse://[user@]host:port/db.table [--cluster NAME]\n"
         "                    [--props FILE] [--conf DIR] [--timeout S]\n"
         "  -d PATH       event files or folders (format detected from content; saved stores too)\n"
         "  --save FILE   write the events to FILE; `spelunk -d FILE` reopens it without re-reading\n"
         "  --max-gunzip SIZE, --max-event SIZE   memory bounds, as for a search (spelunk --help)\n"
         "  --to URL      insert the events into a ClickHouse table (made when missing; new fields become\n"
         "                columns); `spelunk --engine URL QUERY` searches it. Password: in the URL or\n"
         "                SPELUNK_CLICKHOUSE_PASSWORD\n"
         "  --cluster NAME  a cluster of the server's remote_servers: a local table per shard (reached at\n"
         "                each shard's address on the URL's port) and a Distributed table over them\n"
         "  --props FILE, --conf DIR  the search-time knowledge whose calculated fields are stored with\n"
         "                the events (search with the same options)\n"
         "  --timeout S   the longest one request to ClickHouse may take (default 300)\n";
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

struct LoadArgs {
  std::vector<std::string> data;
  std::string save_path;
  std::string to;
  std::optional<std::string> cluster;
  std::vector<std::string> props, conf;
  double timeout_s = 300;
};

// Ingests, computes the calculated fields and inserts them with the events.
int load_to_clickhouse(const LoadArgs& a, const Store& store, const std::shared_ptr<Store>& shared,
                       std::ostream& err) {
  std::string problem;
  auto target = clickhouse::parse_target(a.to, problem, std::getenv("SPELUNK_CLICKHOUSE_PASSWORD"));
  if (!target) {
    err << "spelunk load: --to: " << problem << "\n";
    return 2;
  }
  Knowledge knowledge;
  for (const auto& m : load_shipped_app(knowledge, nullptr)) err << "spelunk: " << m << "\n";
  for (const auto& p : a.props) {
    if (!std::filesystem::exists(p)) {
      err << "spelunk load: props file not found: " << p << "\n";
      return 2;
    }
    for (const auto& m : knowledge.load_props_file(p)) err << "spelunk: " << m << "\n";
  }
  for (const auto& dir : a.conf) {
    if (auto bad = check_app_dir(dir)) {
      err << "spelunk load: --conf: " << *bad << "\n";
      return 2;
    }
    for (const auto& m : load_app_knowledge(dir, knowledge)) err << "spelunk: " << m << "\n";
  }
  clickhouse::LoadRequest request;
  request.store = &store;
  request.cluster = a.cluster;
  request.knowledge = remote::knowledge_fingerprint(&knowledge);
  try {
    // Every calculated field some event has, computed as the in-memory engine computes it.
    for (const auto& name : knowledge.calculated_field_names())
      if (const Column* c = knowledge.column(shared, name)) request.calculated.push_back({name, c});
  } catch (const QueryError& e) {
    err << "spelunk load: " << e.message << "\n";
    return 2;
  }
  const bool terminal = ::isatty(STDERR_FILENO) == 1;
  auto started = std::chrono::steady_clock::now();
  request.progress = [&](std::size_t done) {
    if (terminal)
      err << fmt::format("\rloaded {} of {} events ({:.0f}/s)", done, store.rows(),
                         static_cast<double>(done) / std::max(1e-3, seconds_since(started)))
          << std::flush;
  };
  clickhouse::ClientOptions options;
  options.timeout_s = a.timeout_s;
  options.connect_timeout_s = std::min(a.timeout_s, 10.0);
  try {
    clickhouse::LoadSummary s = clickhouse::load_events(*target, options, request);
    if (terminal) err << "\n";
    err << fmt::format("loaded {} events into {} ({} shard{}{}) in {:.2f} s\n", s.rows, target->display(), s.shards,
                       s.shards == 1 ? "" : "s", s.columns_added ? fmt::format(", {} new columns", s.columns_added) : "",
                       seconds_since(started));
  } catch (const clickhouse::ClickHouseError& e) {
    if (terminal) err << "\n";
    err << "spelunk: " << e.message << "\n";
    return 2;
  }
  return 0;
}

}  // namespace

int run_load_command(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  LoadArgs a;
  IngestOptions options;
  for (int i = 1; i < argc; ++i) {
    std::string opt = argv[i];
    if (opt == "-h" || opt == "--help") {
      out << help_page("load");
      return 0;
    }
    const bool known = opt == "-d" || opt == "--data" || opt == "--save" || opt == "--to" || opt == "--cluster" ||
                       opt == "--props" || opt == "--conf" || opt == "--timeout" || opt == "--max-gunzip" ||
                       opt == "--max-event";
    if (!known) {
      err << "spelunk load: unknown argument " << opt << "\n" << load_usage();
      return 2;
    }
    if (i + 1 >= argc) {
      err << "spelunk load: option " << opt << " needs a value\n" << load_usage();
      return 2;
    }
    std::string v = argv[++i];
    if (opt == "--save") a.save_path = v;
    else if (opt == "--to") a.to = v;
    else if (opt == "--cluster") a.cluster = v;
    else if (opt == "--props") a.props.push_back(v);
    else if (opt == "--conf") a.conf.push_back(v);
    else if (opt == "--timeout") {
      if (!parse_number(v, a.timeout_s) || a.timeout_s <= 0 || a.timeout_s > 86400) {
        err << "spelunk load: --timeout needs seconds (more than 0, at most 86400)\n";
        return 2;
      }
    } else if (opt == "--max-gunzip" || opt == "--max-event") {
      const auto bytes = parse_size(v);
      if (!bytes || *bytes == 0) {
        err << "spelunk load: option " << opt << " needs a size such as 512M or 4G, not `" << v << "`\n";
        return 2;
      }
      (opt == "--max-gunzip" ? options.max_gunzip_bytes : options.max_event_bytes) = *bytes;
    } else a.data.push_back(v);
  }
  const char* missing = a.data.empty()                           ? "no data given (-d PATH)"
                        : a.save_path.empty() && a.to.empty()    ? "no --save FILE given (or --to URL)"
                        : !a.save_path.empty() && !a.to.empty()  ? "give --save FILE or --to URL, not both"
                        : a.cluster && a.to.empty()              ? "--cluster goes with --to"
                                                                 : nullptr;
  if (missing) {
    err << "spelunk load: " << missing << "\n" << load_usage();
    return 2;
  }

  auto started = std::chrono::steady_clock::now();
  IngestReport report;
  std::shared_ptr<Store> store = ingest_paths(a.data, options, report);
  for (const auto& m : report.messages) err << "spelunk: " << m << "\n";
  if (report.skipped) err << "spelunk: " << report.skipped << " record(s) skipped\n";
  if (!store || report.failed() || report.files == 0) {
    err << "spelunk: no readable input in the given paths" << ignored_note(report) << "\n";
    return 2;
  }
  if (!a.to.empty()) return load_to_clickhouse(a, *store, store, err);
  const double read_s = seconds_since(started);
  started = std::chrono::steady_clock::now();
  if (auto problem = save_store(*store, a.save_path)) {
    err << "spelunk: " << *problem << "\n";
    return 1;
  }
  err << fmt::format("saved {} events from {} file(s) to {} (read in {:.2f} s, written in {:.2f} s){}\n",
                     store->rows(), report.files, a.save_path, read_s, seconds_since(started), ignored_note(report));
  return 0;
}

}  // namespace spelunk::cli
