// An event table in ClickHouse that spelunk loaded (storage/clickhouse/clickhouse_load.hpp): its
// schema, read once when opened, and the connection its queries go through.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "storage/clickhouse/clickhouse_target.hpp"
#include "storage/clickhouse/http_client.hpp"
#include "storage/clickhouse/table_schema.hpp"

namespace spelunk::clickhouse {

class ClickHouseTable {
 public:
  // Connects and reads the table's columns and spelunk's notes. Throws ClickHouseError when the
  // server cannot be reached, refuses the login, or has no such table (or one spelunk did not make).
  static std::shared_ptr<ClickHouseTable> open(const Target& target, const ClientOptions& options);

  const Target& target() const { return target_; }
  const TableSchema& schema() const { return schema_; }
  // `db`.`table`, quoted, for FROM clauses.
  std::string from() const;
  // Runs a SELECT; its rows as RowBinary.
  std::string select(const std::string& sql, const std::atomic<bool>* cancel = nullptr) const {
    return client_->select(sql, cancel);
  }

 private:
  ClickHouseTable(Target target, const ClientOptions& options);
  Target target_;
  std::unique_ptr<HttpClient> client_;
  TableSchema schema_;
};

// Column names and types of db.table in table order (empty when there is no such table).
std::vector<std::pair<std::string, std::string>> table_columns(const HttpClient& client, const std::string& database,
                                                               const std::string& table);

}  // namespace spelunk::clickhouse
