#include "storage/clickhouse/clickhouse_table.hpp"

#include "storage/clickhouse/row_binary.hpp"
#include "storage/clickhouse/sql_text.hpp"

namespace spelunk::clickhouse {

std::vector<std::pair<std::string, std::string>> table_columns(const HttpClient& client, const std::string& database,
                                                               const std::string& table) {
  // system.columns lists a table's columns in table order, in 18.16 and current releases alike.
  std::string rows = client.select("SELECT name, type FROM system.columns WHERE database = " + sql_string(database) +
                                   " AND table = " + sql_string(table));
  RowBinaryReader in(rows);
  std::vector<std::pair<std::string, std::string>> out;
  while (!in.at_end()) {
    std::string name(in.string());
    std::string type(in.string());
    out.emplace_back(std::move(name), std::move(type));
  }
  return out;
}

ClickHouseTable::ClickHouseTable(Target target, const ClientOptions& options)
    : target_(std::move(target)), client_(std::make_unique<HttpClient>(target_.endpoint, options)) {}

std::string ClickHouseTable::from() const { return sql_table(target_.database, target_.table); }

std::shared_ptr<ClickHouseTable> ClickHouseTable::open(const Target& target, const ClientOptions& options) {
  std::shared_ptr<ClickHouseTable> t(new ClickHouseTable(target, options));
  const std::string name = target.database + "." + target.table;
  auto problem = [&](std::string why) {
    return ClickHouseError{ClickHouseError::Kind::Server, "ClickHouse at " + target.endpoint.authority() + ": " + why};
  };
  auto columns = table_columns(*t->client_, target.database, target.table);
  if (columns.empty())
    throw problem("table " + name + " does not exist (spelunk load --to " + target.display() + " makes it)");
  bool time = false, seq = false, raw = false;
  for (const auto& [column, type] : columns) {
    if (column == "_time") { time = type == "Int64"; continue; }
    if (column == "_seq") { seq = type == "UInt64"; continue; }
    if (column == "_raw") { raw = type == "String"; continue; }
    auto field = field_for_column(column);
    if (!field || type != "Array(String)")
      throw problem("table " + name + " has a column spelunk did not make: `" + one_line(column) + "` " + one_line(type));
    t->schema_.fields.push_back(std::move(*field));
  }
  if (!time || !seq || !raw) throw problem("table " + name + " lacks spelunk's _time Int64, _seq UInt64 and _raw String columns");
  const std::string meta = meta_table_name(target.table);
  if (table_columns(*t->client_, target.database, meta).empty())
    throw problem("table " + name + " has no " + target.database + "." + meta + ": it was not made by spelunk load");
  std::string rows = t->client_->select("SELECT value FROM " + sql_table(target.database, meta) +
                                        " WHERE key = 'knowledge'");
  RowBinaryReader in(rows);
  if (!in.at_end()) t->schema_.knowledge = std::string(in.string());
  return t;
}

}  // namespace spelunk::clickhouse
