// The differential suite: the shared events (../shared/data, skipped without it) loaded through
// the Distributed table of the two-server test cluster, then every raw search of the corpus that
// runs in memory, and the seed's two searches, run both ways. The results must be identical
// (same columns, same rows, same order) and at least 90 % of the searches must push at least
// their leading search down to ClickHouse.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/clickhouse_util.hpp"
#include "tests/corpus_runner.hpp"

using namespace spelunk;

namespace {

namespace fs = std::filesystem;

std::string shared_dir() {
  if (const char* env = std::getenv("SPELUNK_SHARED")) return env;
  return std::string(SPELUNK_SOURCE_DIR) + "/../shared";
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Corpus {
  cli::Session memory, remote;
  std::string app;
  std::size_t events = 0;
  ~Corpus() {
    std::error_code ec;
    fs::remove_all(app, ec);
  }
};

// Both engines over the shared events, with the corpus's lookups (as an app) and macros.
Corpus& engines() {
  static std::unique_ptr<Corpus> c = [] {
    auto out = std::make_unique<Corpus>();
    const std::string shared = shared_dir();
    std::vector<std::string> messages;
    REQUIRE(out->memory.load({shared + "/data/evtx-attack-samples"}, messages));
    out->events = out->memory.store()->rows();
    out->app = (fs::temp_directory_path() / ("spelunk_ch_corpus_app_" + std::to_string(::getpid()))).string();
    corpus::make_lookup_app(shared + "/corpus/security_content_lookups", out->app);
    auto macros = std::make_shared<MacroTable>();
    corpus::load_macros(shared + "/corpus/macros.jsonl", *macros);
    for (auto* s : {&out->memory, &out->remote}) {
      s->load_props({});
      s->load_conf_dir(out->app);
      s->set_macros(macros);
      s->set_now(1'600'000'000LL * 1'000'000);  // the data's era, as bench/corpus_run
    }
    auto summary = chtest::load(out->memory.store(), out->memory.knowledge(), "shared", true);
    REQUIRE(summary.rows == out->events);
    REQUIRE(summary.shards == 2);
    out->remote.set_remote(chtest::open("shared"));
    return out;
  }();
  return *c;
}

struct Tally {
  std::size_t searches = 0, ran = 0, identical = 0, pushed = 0, exact = 0, beyond = 0, errors_alike = 0;
  std::vector<std::string> differences;
};

void compare(const std::string& id, const std::string& query, Tally& t) {
  Corpus& c = engines();
  ++t.searches;
  cli::SearchOutcome m = c.memory.run(query);
  if (!m.ok) {
    // Searches that do not run in memory are not part of the comparison, but must fail remotely too.
    cli::SearchOutcome r = c.remote.run(query);
    if (!r.ok) ++t.errors_alike;
    else t.differences.push_back(id + ": fails in memory (" + m.error.substr(0, m.error.find('\n')) + ") but not remotely");
    return;
  }
  ++t.ran;
  cli::SearchOutcome r = c.remote.run(query);
  if (!r.ok) {
    t.differences.push_back(id + ": remote error " + r.error.substr(0, r.error.find('\n')));
    return;
  }
  if (chtest::dump(m.result) == chtest::dump(r.result)) ++t.identical;
  else t.differences.push_back(id + ": results differ (" + std::to_string(m.result.size()) + " rows in memory, " +
                               std::to_string(r.result.size()) + " remote)");
  if (r.remote_pushed >= 1) ++t.pushed;
  if (r.remote_pushed >= 1 && r.remote_exact) ++t.exact;
  if (r.remote_pushed >= 2) ++t.beyond;
}

}  // namespace

TEST_CASE("clickhouse differential: the corpus and the seed searches over the shared events") {
  REQUIRE_CLICKHOUSE();
  if (!fs::exists(shared_dir() + "/data/evtx-attack-samples") || !fs::exists(shared_dir() + "/corpus/queries.jsonl")) {
    MESSAGE("../shared (events and corpus) not found: the differential suite is skipped");
    return;
  }
  Corpus& c = engines();
  Tally corpus_tally;
  std::ifstream in(shared_dir() + "/corpus/queries.jsonl");
  for (std::string line; std::getline(in, line);) {
    auto obj = corpus::detail::Reader(line).object();
    if (!obj || corpus::detail::first(*obj, "kind") != "raw") continue;
    compare(corpus::detail::first(*obj, "id"), corpus::detail::first(*obj, "spl"), corpus_tally);
  }
  Tally seed;
  for (const char* name : {"T1049-sysmon.spl", "T1049-powershell.spl"})
    compare(name, read_text(std::string(SPELUNK_SOURCE_DIR) + "/queries/" + name), seed);

  const auto pct = [](std::size_t a, std::size_t b) { return b ? 100.0 * static_cast<double>(a) / static_cast<double>(b) : 0.0; };
  MESSAGE("corpus raw searches over " << c.events << " events: " << corpus_tally.searches << ", run in memory "
          << corpus_tally.ran << "; identical remotely " << corpus_tally.identical << " ("
          << pct(corpus_tally.identical, corpus_tally.ran) << " %); leading search pushed " << corpus_tally.pushed
          << " (" << pct(corpus_tally.pushed, corpus_tally.ran) << " %), exactly " << corpus_tally.exact << " ("
          << pct(corpus_tally.exact, corpus_tally.ran) << " %), more than the leading search " << corpus_tally.beyond
          << " (" << pct(corpus_tally.beyond, corpus_tally.ran) << " %); failing both ways "
          << corpus_tally.errors_alike);
  MESSAGE("seed searches: " << seed.identical << " of " << seed.ran << " identical, " << seed.pushed << " pushed");
  for (const auto& d : corpus_tally.differences) MESSAGE(d);
  for (const auto& d : seed.differences) MESSAGE(d);
  CHECK(corpus_tally.differences.empty());
  CHECK(seed.differences.empty());
  CHECK(corpus_tally.identical == corpus_tally.ran);
  CHECK(seed.ran == 2);
  CHECK(seed.identical == 2);
  CHECK(pct(corpus_tally.pushed, corpus_tally.ran) >= 90.0);
}
