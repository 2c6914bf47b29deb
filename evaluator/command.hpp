// Pipeline commands: each is one function in evaluator/commands/<name>.cpp, consuming and
// producing a Result, and one line in evaluator/commands/registry.cpp.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "evaluator/result.hpp"
#include "parser/ast.hpp"

namespace spelunk {

class MacroTable;  // parser/parser.hpp
class Knowledge;  // props.conf calculated fields, lookups, macros (evaluator/knowledge/knowledge.hpp)

// Aborts the search: a query the engine cannot run (unsupported command, bad argument).
struct QueryError {
  std::string message;
  ast::Position pos;
};

struct ExecContext {
  std::shared_ptr<const Store> store;   // the events searched
  const Knowledge* knowledge = nullptr;
  const MacroTable* macros = nullptr;   // for searches parsed while running (map)
  std::int64_t now_us = 0;              // pinned "now" (--now), for time modifiers and now()
  std::string tz = "UTC";
  // The time range picker (--earliest / --latest, relative syntax as in the search): applies to
  // the leading search of every pipeline, subsearches included, unless that search names its own
  // earliest= or latest= (Splunk: a time modifier in the search overrides the picker). Empty: unset.
  std::string picker_earliest;
  std::string picker_latest;
  unsigned threads = 2;                 // work that splits (raw scans, stats results) uses up to this many
  std::vector<std::string>* warnings = nullptr;  // printed on stderr, never in results
  // Runs a nested pipeline (subsearch, append, join) against the same data.
  std::function<Result(const ast::Pipeline&)> run_pipeline;
  // Named result sets written by `collect`, read back by `index=<name>`.
  std::map<std::string, Result>* collected = nullptr;
  // Set (from a signal handler) to stop the search: the pipeline runner checks it between
  // commands, long loops inside commands every few thousand rows (check_cancel), the search
  // filter per block of rows; each raises QueryError "search cancelled". Null: cannot be cancelled.
  const std::atomic<bool>* cancel = nullptr;
  bool cancelled() const { return cancel && cancel->load(std::memory_order_relaxed); }
  // Long loops inside a command (stats, eval, where, sort ...) call this every kCancelStride rows
  // so that Ctrl-C stops the command itself, not only the pipeline between two commands.
  static constexpr std::size_t kCancelStride = std::size_t{1} << 14;
  void check_cancel(std::size_t row = 0) const {
    if (row % kCancelStride == 0 && cancelled()) throw QueryError{"search cancelled", {}};
  }
  void warn(std::string message) const { if (warnings) warnings->push_back(std::move(message)); }
};

using CommandFn = std::function<Result(const ast::Command&, Result input, ExecContext&)>;

// name -> implementation. Unknown names raise "command X is not supported yet".
const std::map<std::string, CommandFn>& command_registry();

}  // namespace spelunk
