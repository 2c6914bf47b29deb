// `--engine clickhouse://...`: searching a ClickHouse table (evaluator/remote/), and `spelunk sql`,
// which prints what would be sent.
#pragma once

#include <memory>
#include <ostream>
#include <string>

#include "evaluator/command.hpp"
#include "parser/ast.hpp"
#include "storage/clickhouse/clickhouse_table.hpp"

namespace spelunk::cli {

// Opens the table the URL names (password from the URL or SPELUNK_CLICKHOUSE_PASSWORD). On failure
// writes one line to `err` and returns null (the caller exits with status 2).
std::shared_ptr<clickhouse::ClickHouseTable> open_engine(const std::string& url, double timeout_s, std::ostream& err);

// `spelunk sql`: the query sent to ClickHouse and where spelunk takes over. `text` is the
// (macro-expanded) query the pipeline's positions refer to. Returns the exit status.
int print_remote_plan(const ast::Pipeline& pipeline, const std::string& text, ExecContext& ctx, std::ostream& out);

}  // namespace spelunk::cli
