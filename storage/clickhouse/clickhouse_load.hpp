// Loads a Store into a ClickHouse event table (storage/clickhouse/table_schema.hpp), over HTTP in
// RowBinary batches.
//
// The table is made when missing; fields it lacks are added as columns (ALTER TABLE ... ADD
// COLUMN). With a cluster name, each shard the cluster lists in system.clusters gets the events
// table as `<table>_local` (MergeTree), reached over HTTP at the shard's address and the URL's
// port, and the URL's server gets `<table>` as a Distributed table over them; rows are inserted
// through it, synchronously (insert_distributed_sync), so they are on the shards when the load
// returns. Calculated fields arrive computed (the evaluator owns the rules); their fingerprint is
// kept in `<table>__spelunk` and a later load with other rules is refused.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "storage/clickhouse/clickhouse_target.hpp"
#include "storage/clickhouse/http_client.hpp"
#include "storage/store.hpp"

namespace spelunk::clickhouse {

struct CalculatedColumn {
  std::string field;
  const Column* column = nullptr;  // over the store's rows; null: no event has the field
};

struct LoadRequest {
  const Store* store = nullptr;
  std::vector<CalculatedColumn> calculated;
  std::string knowledge;               // fingerprint of the rules that computed `calculated`
  std::optional<std::string> cluster;  // remote_servers name: local table per shard + Distributed
  std::size_t batch_bytes = 64u << 20; // RowBinary bytes per INSERT (about)
  std::function<void(std::size_t rows_done)> progress;  // after each batch
};

struct LoadSummary {
  std::size_t rows = 0;
  std::size_t shards = 1;
  std::size_t columns_added = 0;
  bool created = false;
};

// Throws ClickHouseError (server down, login refused, a shard unreachable, rules that differ
// from the table's).
LoadSummary load_events(const Target& target, const ClientOptions& options, const LoadRequest& request);

}  // namespace spelunk::clickhouse
