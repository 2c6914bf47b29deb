#include "storage/clickhouse/clickhouse_load.hpp"

#include <algorithm>
#include <memory>
#include <set>

#include "storage/clickhouse/clickhouse_table.hpp"
#include "storage/clickhouse/row_binary.hpp"
#include "storage/clickhouse/sql_text.hpp"
#include "storage/clickhouse/table_schema.hpp"

namespace spelunk::clickhouse {

namespace {

struct Source {
  FieldColumn target;
  const Column* column = nullptr;
};

ClickHouseError problem(const Endpoint& at, std::string why) {
  return ClickHouseError{ClickHouseError::Kind::Server, "ClickHouse at " + at.authority() + ": " + why};
}

// The addresses of the cluster's servers (every replica of every shard), from the URL's server.
std::vector<std::string> cluster_hosts(const HttpClient& client, const std::string& cluster) {
  std::string rows = client.select("SELECT DISTINCT host_address FROM system.clusters WHERE cluster = " +
                                   sql_string(cluster));
  RowBinaryReader in(rows);
  std::vector<std::string> hosts;
  while (!in.at_end()) hosts.emplace_back(in.string());
  if (hosts.empty())
    throw problem(client.endpoint(), "no cluster `" + one_line(cluster) + "` in its remote_servers");
  std::sort(hosts.begin(), hosts.end());
  return hosts;
}

// Creates db.table with `engine` when missing, then adds the columns it lacks. Returns the number
// of columns added.
std::size_t ensure_table(const HttpClient& client, const std::string& database, const std::string& table,
                         const std::vector<FieldColumn>& fields, const std::string& engine, bool& created) {
  client.execute("CREATE DATABASE IF NOT EXISTS " + sql_identifier(database));
  auto existing = table_columns(client, database, table);
  if (existing.empty()) {
    client.execute("CREATE TABLE IF NOT EXISTS " + sql_table(database, table) + " (" + column_definitions(fields) +
                   ") ENGINE = " + engine);
    created = true;
    existing = table_columns(client, database, table);
  }
  std::set<std::string> have;
  for (const auto& [name, type] : existing) have.insert(name);
  std::string alter;
  std::size_t added = 0;
  for (const auto& f : fields) {
    if (have.count(f.column)) continue;
    alter += (added ? ", ADD COLUMN " : "ADD COLUMN ") + sql_identifier(f.column) + " Array(String)";
    ++added;
  }
  if (added) client.execute("ALTER TABLE " + sql_table(database, table) + " " + alter);
  return added;
}

void check_knowledge(const HttpClient& client, const Target& t, const std::string& knowledge) {
  const std::string meta = meta_table_name(t.table);
  client.execute("CREATE TABLE IF NOT EXISTS " + sql_table(t.database, meta) +
                 " (`key` String, `value` String) ENGINE = TinyLog");
  std::string rows = client.select("SELECT value FROM " + sql_table(t.database, meta) + " WHERE key = 'knowledge'");
  RowBinaryReader in(rows);
  if (in.at_end()) {
    RowBinaryWriter w;
    w.string("knowledge");
    w.string(knowledge);
    client.insert("INSERT INTO " + sql_table(t.database, meta) + " (`key`, `value`)", w.bytes());
    return;
  }
  if (in.string() != knowledge)
    throw problem(client.endpoint(), "table " + t.database + "." + t.table +
                                         " holds calculated fields computed with other props.conf rules; load with "
                                         "the same --props / --conf as before, or into a new table");
}

// The first _seq this load may use (after every row already in the table).
std::uint64_t next_seq(const HttpClient& client, const Target& t) {
  std::string rows = client.select("SELECT count(), max(_seq) FROM " + sql_table(t.database, t.table));
  RowBinaryReader in(rows);
  const std::uint64_t count = in.uint64();
  const std::uint64_t max = in.uint64();
  return count ? max + 1 : 0;
}

// One batch: rows [begin, end) of the store as RowBinary, in `sources` column order.
void encode_batch(const Store& store, const std::vector<Source>& sources, std::size_t begin, std::size_t end,
                  std::uint64_t first_seq, RowBinaryWriter& out) {
  const std::size_t n = end - begin;
  // Per source column, each row's codes: sparse columns are walked once, not searched per row.
  std::vector<std::vector<Code>> codes(sources.size());
  for (std::size_t s = 0; s < sources.size(); ++s) {
    if (!sources[s].column) continue;
    codes[s].assign(n, kAbsent);
    sources[s].column->for_each_present(begin, end, [&](std::size_t row, Code c) { codes[s][row - begin] = c; });
  }
  auto times = store.times();
  store.raw().scan(begin, end, [&](std::size_t row, std::string_view raw) {
    out.int64(times[row]);
    out.uint64(first_seq + row);
    out.string(raw);
    for (std::size_t s = 0; s < sources.size(); ++s) {
      const Column* col = sources[s].column;
      const Code c = col ? codes[s][row - begin] : kAbsent;
      if (c == kAbsent) {
        out.varint(0);
      } else if (!Column::is_multi(c)) {
        out.varint(1);
        out.string(col->dict().value(c));
      } else {
        auto list = col->list(c);
        out.varint(list.size());
        for (Code v : list) out.string(col->dict().value(v));
      }
    }
  });
}

}  // namespace

LoadSummary load_events(const Target& target, const ClientOptions& options, const LoadRequest& request) {
  const Store& store = *request.store;
  std::vector<Source> sources;
  for (const auto& c : store.columns())
    sources.push_back({FieldColumn{c->name(), column_for_field(c->name(), false), false}, c.get()});
  for (const auto& c : request.calculated)
    sources.push_back({FieldColumn{c.field, column_for_field(c.field, true), true}, c.column});
  std::vector<FieldColumn> fields;
  for (const auto& s : sources) fields.push_back(s.target);

  HttpClient main(target.endpoint, options);
  LoadSummary summary;
  const std::string engine = "MergeTree() ORDER BY (`_time`, `_seq`)";
  if (request.cluster) {
    const std::string local = target.table + "_local";
    const auto hosts = cluster_hosts(main, *request.cluster);
    summary.shards = hosts.size();
    for (const auto& host : hosts) {
      Endpoint shard = target.endpoint;
      shard.host = host;
      HttpClient client(shard, options);
      summary.columns_added += ensure_table(client, target.database, local, fields, engine, summary.created);
    }
    const std::string distributed = "Distributed(" + sql_identifier(*request.cluster) + ", " +
                                    sql_identifier(target.database) + ", " + sql_identifier(local) + ", `_seq`)";
    ensure_table(main, target.database, target.table, fields, distributed, summary.created);
  } else {
    summary.columns_added = ensure_table(main, target.database, target.table, fields, engine, summary.created);
  }
  check_knowledge(main, target, request.knowledge);

  std::string insert = "INSERT INTO " + sql_table(target.database, target.table) + " (`_time`, `_seq`, `_raw`";
  for (const auto& f : fields) insert += ", " + sql_identifier(f.column);
  insert += ")";
  const std::uint64_t first_seq = next_seq(main, target);
  // Rows per batch from the average row size seen so far (the first batch is small to measure).
  std::size_t begin = 0, batch = 1024;
  RowBinaryWriter out;
  while (begin < store.rows()) {
    const std::size_t end = std::min(store.rows(), begin + batch);
    out.clear();
    encode_batch(store, sources, begin, end, first_seq, out);
    main.insert(insert, out.bytes());
    const std::size_t per_row = std::max<std::size_t>(1, out.size() / (end - begin));
    batch = std::clamp<std::size_t>(request.batch_bytes / per_row, 1024, 1u << 20);
    begin = end;
    summary.rows = end;
    if (request.progress) request.progress(end);
  }
  return summary;
}

}  // namespace spelunk::clickhouse
