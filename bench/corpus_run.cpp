// Runs every `raw` search of the shared corpus (macros expanded from macros.jsonl) over real
// events, and counts: ran / unsupported (by construct) / failed (by message). A watchdog cancels
// any search that runs longer than --limit seconds (counted as a hang).
//
// The corpus lookups (security_content_lookups/: YAML declarations beside CSV tables) are turned
// into a Splunk app in a temp folder (transforms.conf + lookups/) and loaded as with --conf;
// `--no-app 1` leaves them out. `--stand-ins 1` adds an empty table (header from the lookup
// commands) for each lookup the searches name that the corpus does not ship, to see whether the
// rest of those searches runs; the count is reported beside the strict one, never instead of it.
//
// `--kind tstats` runs the searches that start from a data model instead (ESCU's `| tstats ...
// from datamodel=...`, `| from datamodel ...`): it counts the security_content ones, those that
// read an Endpoint dataset, and lists by title the detections that return rows (fire).
//
//   build/bench/corpus_run [--shared DIR] [--data PATH] [--limit SECONDS] [--show N] [--no-app 1]
//                          [--stand-ins 1] [--verbose 1] [--kind raw|tstats]
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <unistd.h>
#include <map>
#include <mutex>
#include <regex>
#include <string>
#include <thread>

#include "cli/session.hpp"
#include "tests/corpus_runner.hpp"

using namespace spelunk;

namespace {

// "line 1, column 5: command `foo` is not supported yet\n..." -> "command `foo`"
std::string category(const std::string& error) {
  std::string first = error.substr(0, error.find('\n'));
  auto colon = first.find(": ");
  std::string msg = (first.rfind("line ", 0) == 0 && colon != std::string::npos) ? first.substr(colon + 2) : first;
  if (auto p = msg.find(" is not supported yet"); p != std::string::npos) return "unsupported: " + msg.substr(0, p);
  // A lookup table the corpus does not ship (Enterprise Security assets, tables other apps build
  // with outputlookup): the search is fine, the environment lacks the table.
  if (msg.rfind("lookup `", 0) == 0 &&
      (msg.find("is not declared in any transforms.conf") != std::string::npos || msg.find("not found (tried") != std::string::npos))
    return "no table: " + msg.substr(0, msg.find('`', 8) + 1);
  std::string out;
  for (char c : msg) out += (c >= '0' && c <= '9') ? '#' : c;  // fold numbers so messages group
  return "failed: " + out.substr(0, 110);
}

}  // namespace

int main(int argc, char** argv) {
  std::string shared = std::string(SPELUNK_SOURCE_DIR) + "/../shared";
  std::string data;
  double limit = 10;
  std::size_t show = 25;
  bool with_app = true;
  bool stand_ins = false;  // --stand-ins 1: empty tables for lookups the corpus does not ship
  bool verbose = false;  // --verbose 1: one line per search not run (id, category)
  std::string kind = "raw";
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--shared") shared = argv[i + 1];
    else if (a == "--data") data = argv[i + 1];
    else if (a == "--limit") limit = std::stod(argv[i + 1]);
    else if (a == "--show") show = std::stoul(argv[i + 1]);
    else if (a == "--no-app") with_app = std::string(argv[i + 1]) == "0";
    else if (a == "--verbose") verbose = std::string(argv[i + 1]) != "0";
    else if (a == "--stand-ins") stand_ins = std::string(argv[i + 1]) != "0";
    else if (a == "--kind") kind = argv[i + 1];
  }
  if (data.empty()) data = shared + "/data/evtx-attack-samples-xml";

  cli::Session session;
  std::vector<std::string> messages;
  if (!session.load({data}, messages)) {
    std::fprintf(stderr, "corpus_run: cannot read %s\n", data.c_str());
    return 2;
  }
  session.load_props({});
  const std::string app = (std::filesystem::temp_directory_path() / ("spelunk_corpus_app_" + std::to_string(::getpid()))).string();
  if (with_app) {
    auto summary = corpus::make_lookup_app(shared + "/corpus/security_content_lookups", app);
    auto problems = session.load_conf_dir(app);
    std::printf("lookup app: %zu declarations (%zu kvstore), %zu CSV files, %zu problem(s)\n", summary.declared,
                summary.kvstore, summary.csv_files, problems.size());
    for (const auto& p : problems) std::printf("  %s\n", p.c_str());
  }
  auto macros = std::make_shared<MacroTable>();
  corpus::load_macros(shared + "/corpus/macros.jsonl", *macros);
  session.set_macros(macros);
  session.set_now(1'600'000'000LL * 1'000'000);  // the data's era; relative times stay meaningful
  if (stand_ins && with_app) {
    std::vector<std::string> searches;
    std::ifstream all(shared + "/corpus/queries.jsonl");
    for (std::string l; std::getline(all, l);)
      if (auto o = corpus::detail::Reader(l).object(); o && corpus::detail::first(*o, "kind") == kind)
        searches.push_back(corpus::detail::first(*o, "spl"));
    const Knowledge& k = session.knowledge();
    auto known = [&](const std::string& table) {
      if (k.lookup_definitions().count(table)) return true;
      for (const auto& dir : k.lookup_dirs())
        if (std::filesystem::exists(std::filesystem::path(dir) / table)) return true;
      return false;
    };
    auto made = corpus::add_stand_in_tables(searches, *macros, app, known);
    session.load_props({});
    std::printf("stand-in tables (empty, header from the lookup commands): %zu\n", made.size());
  }

  std::ifstream in(shared + "/corpus/queries.jsonl");
  std::string line;
  std::size_t total = 0, ran = 0, with_rows = 0, hangs = 0;
  // tstats: the security_content detections, and those reading an Endpoint dataset.
  std::size_t escu = 0, escu_ran = 0, endpoint = 0, endpoint_ran = 0;
  std::vector<std::string> fired;
  std::map<std::string, std::size_t> categories;
  std::map<std::string, std::string> examples;
  double slowest = 0;
  std::string slowest_id;
  auto started = std::chrono::steady_clock::now();
  while (std::getline(in, line)) {
    auto obj = corpus::detail::Reader(line).object();
    if (!obj || corpus::detail::first(*obj, "kind") != kind) continue;
    ++total;
    const std::string id = corpus::detail::first(*obj, "id");
    std::atomic<bool> cancel{false};
    std::mutex m;
    std::condition_variable cv;
    bool done = false;
    std::thread watchdog([&] {
      std::unique_lock lock(m);
      if (!cv.wait_for(lock, std::chrono::duration<double>(limit), [&] { return done; })) cancel = true;
    });
    cli::SearchOutcome out = session.run(corpus::detail::first(*obj, "spl"), &cancel);
    {
      std::lock_guard lock(m);
      done = true;
    }
    cv.notify_one();
    watchdog.join();
    if (out.milliseconds > slowest) { slowest = out.milliseconds; slowest_id = id; }
    const std::string spl = corpus::detail::first(*obj, "spl");
    const bool is_escu = corpus::detail::first(*obj, "repo") == "splunk/security_content";
    const bool is_endpoint = is_escu && spl.find("datamodel=Endpoint.") != std::string::npos;
    escu += is_escu;
    endpoint += is_endpoint;
    if (out.cancelled) { ++hangs; continue; }
    if (out.ok) {
      ++ran;
      escu_ran += is_escu;
      endpoint_ran += is_endpoint;
      if (out.result.size() > 0) {
        ++with_rows;
        if (is_escu) fired.push_back(corpus::detail::first(*obj, "title") + " (" + std::to_string(out.result.size()) + " rows)");
      }
      continue;
    }
    std::string c = category(out.error);
    if (verbose) std::printf("%s\t%s\n", id.c_str(), c.c_str());
    ++categories[c];
    examples.emplace(c, id);
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("corpus %s searches: %zu over %zu events (%s)\n", kind.c_str(), total, session.store()->rows(), data.c_str());
  std::printf("ran: %zu (%.1f%%), %zu of them returned rows; cancelled after %.0f s: %zu; not run: %zu\n", ran,
              total ? 100.0 * ran / total : 0.0, with_rows, limit, hangs, total - ran - hangs);
  std::printf("total %.1f s, slowest %.0f ms (%s)\n", seconds, slowest, slowest_id.c_str());
  if (kind == "tstats") {
    std::printf("security_content: %zu of %zu ran (%.1f%%); reading an Endpoint dataset: %zu of %zu (%.1f%%)\n", escu_ran,
                escu, escu ? 100.0 * escu_ran / escu : 0.0, endpoint_ran, endpoint, endpoint ? 100.0 * endpoint_ran / endpoint : 0.0);
    std::sort(fired.begin(), fired.end());
    std::printf("security_content detections that fire (return rows): %zu\n", fired.size());
    for (const auto& f : fired) std::printf("  FIRES  %s\n", f.c_str());
  }
  std::size_t unsupported = 0, no_table = 0, failed = 0;
  for (auto& [c, n] : categories)
    (c.rfind("unsupported:", 0) == 0 ? unsupported : c.rfind("no table:", 0) == 0 ? no_table : failed) += n;
  std::printf("not run: %zu unsupported (by construct), %zu lookup table not in the corpus, %zu failed\n", unsupported,
              no_table, failed);
  std::vector<std::pair<std::size_t, std::string>> sorted;
  for (auto& [c, n] : categories) sorted.emplace_back(n, c);
  std::sort(sorted.rbegin(), sorted.rend());
  for (std::size_t i = 0; i < sorted.size() && i < show; ++i)
    std::printf("%5zu  %s  (e.g. %s)\n", sorted[i].first, sorted[i].second.c_str(), examples[sorted[i].second].c_str());
  std::error_code ec;
  std::filesystem::remove_all(app, ec);
  return 0;
}
