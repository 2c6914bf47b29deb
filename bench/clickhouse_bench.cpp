// The ClickHouse engine at scale, in one run (bench/README.md, "ClickHouse"):
//  1. load: gen_sysmon's stream is cut into chunks of --chunk events (so 10M events, 13 GB of XML,
//     never sit on disk at once); each chunk is read (ingest_paths), its calculated fields computed
//     and inserted by spelunk's loader (RowBinary over HTTP, through the Distributed table), then the
//     very same rows, written as TSV, are inserted by `clickhouse-client` (native protocol) into a
//     twin table: the baseline. Both tables are checked to hold the same rows.
//  2. search: the seed search (queries/T1049-sysmon.spl) and `* | stats count by host`, in memory
//     over all the events (the chunks appended into one store) and through the ClickHouse engine
//     (two shards); median of --runs, results checked identical.
//
//   build/bench/clickhouse_bench --events 10000000 --url clickhouse://127.0.0.1:PORT/bench.events
//       --cluster spelunk_test --client-port TCP_PORT [--chunk 1000000] [--runs 3] [--workdir /tmp]
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "cli/app_conf.hpp"
#include "cli/cli.hpp"
#include "evaluator/knowledge/knowledge.hpp"
#include "evaluator/pipeline.hpp"
#include "evaluator/remote/knowledge_fingerprint.hpp"
#include "parser/parser.hpp"
#include "storage/clickhouse/clickhouse_load.hpp"
#include "storage/clickhouse/clickhouse_table.hpp"
#include "storage/clickhouse/row_binary.hpp"
#include "storage/clickhouse/sql_text.hpp"
#include "storage/clickhouse/table_schema.hpp"
#include "storage/ingest/ingest.hpp"

using namespace spelunk;
namespace fs = std::filesystem;
namespace ch = spelunk::clickhouse;

namespace {

double now_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// ClickHouse's TabSeparated text: a String escaped, an Array(String) as ['quoted', ...].
void tsv_string(std::string& out, std::string_view s, bool quoted) {
  if (quoted) out += '\'';
  for (char c : s) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\0': out += "\\0"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\'': out += "\\'"; break;
      default: out += c;
    }
  }
  if (quoted) out += '\'';
}

struct Columns {
  std::vector<std::pair<std::string, const Column*>> sources;  // ClickHouse column, store column
};

// The rows spelunk's loader inserted, in the same columns, as TSV.
void write_tsv(const Store& store, const Columns& cols, std::uint64_t first_seq, const std::string& path) {
  std::ofstream out(path, std::ios::binary);
  std::string line;
  auto times = store.times();
  store.raw().scan(0, store.rows(), [&](std::size_t row, std::string_view raw) {
    line.clear();
    line += std::to_string(times[row]) + "\t" + std::to_string(first_seq + row) + "\t";
    tsv_string(line, raw, false);
    for (const auto& [name, col] : cols.sources) {
      line += "\t[";
      if (col) {
        auto codes = col->values(row);
        for (std::size_t i = 0; i < codes.size(); ++i) {
          if (i) line += ',';
          tsv_string(line, col->dict().value(codes[i]), true);
        }
      }
      line += ']';
    }
    line += '\n';
    out << line;
  });
}

std::uint64_t scalar(const ch::HttpClient& c, const std::string& sql) {
  const std::string rows = c.select(sql);
  ch::RowBinaryReader in(rows);
  return in.uint64();
}

// Makes `twin` (and its shard tables) hold the columns `table` has.
void mirror_schema(const ch::Target& t, const std::string& cluster, const std::string& twin) {
  ch::HttpClient main(t.endpoint, {});
  const std::string host_rows =
      main.select("SELECT DISTINCT host_address FROM system.clusters WHERE cluster = " + ch::sql_string(cluster));
  ch::RowBinaryReader hosts_in(host_rows);
  std::vector<std::string> hosts;
  while (!hosts_in.at_end()) hosts.emplace_back(hosts_in.string());
  auto sync = [&](const ch::HttpClient& c, const std::string& from, const std::string& to, const std::string& engine) {
    auto want = ch::table_columns(c, t.database, from);
    auto have = ch::table_columns(c, t.database, to);
    if (have.empty()) {
      c.execute("CREATE TABLE " + ch::sql_table(t.database, to) + " AS " + ch::sql_table(t.database, from) + engine);
      return;
    }
    std::map<std::string, std::string> got(have.begin(), have.end());
    for (const auto& [name, type] : want)
      if (!got.count(name))
        c.execute("ALTER TABLE " + ch::sql_table(t.database, to) + " ADD COLUMN " + ch::sql_identifier(name) + " " + type);
  };
  for (const auto& h : hosts) {
    ch::Endpoint e = t.endpoint;
    e.host = h;
    ch::HttpClient c(e, {});
    sync(c, t.table + "_local", twin + "_local", "");
  }
  sync(main, t.table, twin,
       " ENGINE = Distributed(" + ch::sql_identifier(cluster) + ", " + ch::sql_identifier(t.database) + ", " +
           ch::sql_identifier(twin + "_local") + ", `_seq`)");
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string dump(const Result& r) {
  std::string out;
  for (const auto& c : r.columns()) out += c.name + "\t";
  out += "\n";
  for (std::size_t row = 0; row < r.size(); ++row) {
    for (std::size_t c = 0; c < r.columns().size(); ++c) out += r.get(c, row).to_string() + "\t";
    out += "\n";
  }
  return out;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

std::string load_average() {
  std::ifstream in("/proc/loadavg");
  std::string a, b, c;
  in >> a >> b >> c;
  return a + " " + b + " " + c;
}

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t events = 1'000'000, chunk = 1'000'000;
  std::string url, cluster, workdir = fs::temp_directory_path().string();
  std::string gen = (fs::path(argv[0]).parent_path() / "gen_sysmon").string();
  int client_port = 9000, runs = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i], v = argv[i + 1];
    if (a == "--events") events = std::stoull(v);
    else if (a == "--chunk") chunk = std::stoull(v);
    else if (a == "--url") url = v;
    else if (a == "--cluster") cluster = v;
    else if (a == "--client-port") client_port = std::stoi(v);
    else if (a == "--runs") runs = std::stoi(v);
    else if (a == "--workdir") workdir = v;
    else if (a == "--gen") gen = v;
    else {
      std::fprintf(stderr, "clickhouse_bench: unknown option %s\n", a.c_str());
      return 2;
    }
  }
  std::string problem;
  auto target = ch::parse_target(url, problem);
  if (!target || cluster.empty()) {
    std::fprintf(stderr, "clickhouse_bench: --url clickhouse://host:port/db.table and --cluster NAME are needed %s\n",
                 problem.c_str());
    return 2;
  }
  const std::string twin = target->table + "_tsv";
  ch::HttpClient main(target->endpoint, {});
  main.execute("CREATE DATABASE IF NOT EXISTS " + ch::sql_identifier(target->database));
  for (const std::string& t : {target->table, twin}) {  // a fresh start
    main.execute("DROP TABLE IF EXISTS " + ch::sql_table(target->database, t));
    main.execute("DROP TABLE IF EXISTS " + ch::sql_table(target->database, ch::meta_table_name(t)));
  }
  {
    const std::string host_rows =
        main.select("SELECT DISTINCT host_address FROM system.clusters WHERE cluster = " + ch::sql_string(cluster));
    ch::RowBinaryReader hosts_in(host_rows);
    while (!hosts_in.at_end()) {
      ch::Endpoint e = target->endpoint;
      e.host = std::string(hosts_in.string());
      ch::HttpClient c(e, {});
      for (const std::string& t : {target->table + "_local", twin + "_local"})
        c.execute("DROP TABLE IF EXISTS " + ch::sql_table(target->database, t));
    }
  }

  Knowledge knowledge;
  cli::load_shipped_app(knowledge, nullptr);
  std::printf("nproc %ld, load average at start %s, %" PRIu64 " events in chunks of %" PRIu64 "\n",
              sysconf(_SC_NPROCESSORS_ONLN), load_average().c_str(), events, chunk);

  const std::string xml = workdir + "/clickhouse_bench_chunk.xml", tsv = workdir + "/clickhouse_bench_chunk.tsv";
  FILE* stream = popen((gen + " --events " + std::to_string(events) + " --seed 1").c_str(), "r");
  if (!stream) return 2;
  // All the events in memory, for the searches. A store of its own (not the first chunk's): the
  // knowledge caches calculated fields per store, and those of a chunk would be stale here.
  auto all = std::make_shared<Store>();
  double gen_s = 0, ingest_s = 0, calc_s = 0, insert_s = 0, client_s = 0, tsv_s = 0, append_s = 0;
  std::uint64_t done = 0, xml_bytes = 0;
  char* line = nullptr;
  std::size_t cap = 0;
  while (done < events) {
    double t0 = now_s();
    std::uint64_t n = 0;
    {
      std::ofstream out(xml, std::ios::binary);
      ssize_t len;
      while (n < chunk && (len = getline(&line, &cap, stream)) > 0) {
        out.write(line, len);
        xml_bytes += static_cast<std::uint64_t>(len);
        ++n;
      }
    }
    gen_s += now_s() - t0;
    if (n == 0) break;
    t0 = now_s();
    IngestReport report;
    std::shared_ptr<Store> store = ingest_paths({xml}, IngestOptions{}, report);
    ingest_s += now_s() - t0;
    t0 = now_s();
    ch::LoadRequest request;
    request.store = store.get();
    request.cluster = cluster;
    request.knowledge = remote::knowledge_fingerprint(&knowledge);
    for (const auto& name : knowledge.calculated_field_names())
      if (const Column* c = knowledge.column(store, name)) request.calculated.push_back({name, c});
    calc_s += now_s() - t0;
    const std::uint64_t first_seq = done;
    t0 = now_s();
    ch::load_events(*target, {}, request);
    insert_s += now_s() - t0;

    // The same rows, the same columns, from TSV through clickhouse-client.
    t0 = now_s();
    mirror_schema(*target, cluster, twin);
    Columns cols;
    std::vector<std::string> names = {"_time", "_seq", "_raw"};
    for (const auto& c : store->columns()) {
      cols.sources.emplace_back(ch::column_for_field(c->name(), false), c.get());
      names.push_back(cols.sources.back().first);
    }
    for (const auto& c : request.calculated) {
      cols.sources.emplace_back(ch::column_for_field(c.field, true), c.column);
      names.push_back(cols.sources.back().first);
    }
    write_tsv(*store, cols, first_seq, tsv);
    tsv_s += now_s() - t0;
    std::string column_list;
    for (const auto& name : names) column_list += (column_list.empty() ? "" : ", ") + ch::sql_identifier(name);
    const std::string insert = "INSERT INTO " + ch::sql_table(target->database, twin) + " (" + column_list +
                               ") FORMAT TabSeparated";
    const std::string cmd = "clickhouse-client --host " + target->endpoint.host + " --port " +
                            std::to_string(client_port) + " --insert_distributed_sync=1 --query '" + insert +
                            "' < " + tsv;  // names are plain identifiers: no ' inside
    t0 = now_s();
    if (std::system(cmd.c_str()) != 0) {
      std::fprintf(stderr, "clickhouse_bench: clickhouse-client failed: %s\n", cmd.c_str());
      return 1;
    }
    client_s += now_s() - t0;
    t0 = now_s();
    all->append(std::move(*store));
    append_s += now_s() - t0;
    done += n;
    std::fprintf(stderr, "\r%" PRIu64 " events loaded both ways", done);
  }
  std::fprintf(stderr, "\n");
  free(line);
  pclose(stream);
  fs::remove(xml);
  fs::remove(tsv);

  const std::string table = ch::sql_table(target->database, target->table);
  const std::string twin_table = ch::sql_table(target->database, twin);
  const std::string check = "SELECT count(), sum(cityHash64(_raw)), sum(_seq) FROM ";
  const bool same = main.select(check + table) == main.select(check + twin_table);
  std::printf("rows: %" PRIu64 " (spelunk) and %" PRIu64 " (clickhouse-client); same rows: %s\n",
              scalar(main, "SELECT count() FROM " + table), scalar(main, "SELECT count() FROM " + twin_table),
              same ? "yes" : "NO");
  const double mb = static_cast<double>(xml_bytes) / 1e6;
  std::printf("\n| load step | seconds | events/s |\n|---|---|---|\n");
  auto row = [&](const char* what, double s) {
    std::printf("| %s | %.1f | %.0f |\n", what, s, static_cast<double>(done) / s);
  };
  row("gen_sysmon (stream cut into chunks)", gen_s);
  row("spelunk: read XML (ingest_paths)", ingest_s);
  row("spelunk: calculated fields", calc_s);
  row("spelunk: insert (RowBinary over HTTP, Distributed, sync)", insert_s);
  row("spelunk load end to end (read + calculated + insert)", ingest_s + calc_s + insert_s);
  row("clickhouse-client: the same rows from TSV (native, Distributed, sync)", client_s);
  std::printf("(%.0f MB of XML; writing the TSV took %.1f s, appending chunks in memory %.1f s)\n", mb, tsv_s, append_s);
  std::printf("ratio spelunk insert / clickhouse-client: %.2f (time); end to end / clickhouse-client: %.2f\n",
              insert_s / client_s, (ingest_s + calc_s + insert_s) / client_s);

  // Searches: in memory over the whole store vs the ClickHouse engine.
  auto remote_table = ch::ClickHouseTable::open(*target, {});
  const std::vector<std::pair<std::string, std::string>> searches = {
      {"seed T1049-sysmon.spl", read_text(std::string(SPELUNK_SOURCE_DIR) + "/queries/T1049-sysmon.spl")},
      {"`* \\| stats count by host`", "* | stats count by host"},
  };
  std::printf("\nload average before searches %s\n\n| search | in memory (ms) | ClickHouse, 2 shards (ms) | "
              "ClickHouse / memory | rows | identical |\n|---|---|---|---|---|---|\n",
              load_average().c_str());
  for (const auto& [name, query] : searches) {
    ParseResult parsed = parse_query(query);
    if (parsed.error) return 2;
    std::vector<double> mem_ms, ch_ms;
    std::string mem_dump, ch_dump;
    std::size_t rows = 0;
    for (int r = 0; r < runs; ++r) {
      ExecContext m;
      m.store = all;
      m.knowledge = &knowledge;
      double t0 = now_s();
      Result a = run_pipeline(*parsed.pipeline, m);
      mem_ms.push_back((now_s() - t0) * 1000);
      ExecContext c;
      c.remote = remote_table;
      c.knowledge = &knowledge;
      t0 = now_s();
      Result b = run_pipeline(*parsed.pipeline, c);
      ch_ms.push_back((now_s() - t0) * 1000);
      mem_dump = dump(a);
      ch_dump = dump(b);
      rows = a.size();
    }
    std::printf("| %s | %.1f | %.1f | %.2f | %zu | %s |\n", name.c_str(), median(mem_ms), median(ch_ms),
                median(ch_ms) / median(mem_ms), rows, mem_dump == ch_dump ? "yes" : "NO");
  }
  std::printf("\nload average at the end %s\n", load_average().c_str());
  return 0;
}
