// `spelunk explain`: the search as the engine understood it, and why it matches what it matches.
//
// - The leading search expression as a tree, Splunk's precedence made visible (NOT binds
//   tighter than OR, OR tighter than the AND between terms: `a b OR c` is `a AND (b OR c)`),
//   each node with the events it selects on its own.
// - Each field the pipeline reads, and where it comes from: extracted from the events, calculated
//   by a knowledge rule (Knowledge::provenance: props.conf file:line), made by an earlier command
//   (eval, rex, a lookup), or absent from the data.
// - Each command, what kind it is (Splunk's command types) and whether it reads events or the
//   results of a transforming command; with data, the rows each one leaves.
// - Why not: for one event, each clause's verdict and the values it compared; for a search that
//   selects nothing, the clauses that remove the most events and the "nearest misses" (events that
//   fail by exactly one clause).
//
// Verdicts are never re-interpreted here: each clause (leaf) is run through filter_store, the code
// the search itself uses, and groups combine the leaves' row sets with the same AND / OR / NOT
// set operations; the root's set is checked against filter_store of the whole expression.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "evaluator/command.hpp"
#include "evaluator/row_set.hpp"
#include "parser/ast.hpp"

namespace spelunk {

// Where a field the pipeline reads comes from, at the command that reads it.
enum class FieldSource {
  Internal,    // _time, _raw: every event has them
  Extracted,   // a field of the events themselves
  Calculated,  // a knowledge rule produces it (props.conf FIELDALIAS / EVAL, ...)
  Lookup,      // output of a lookup command earlier in the pipeline
  Command,     // made by an earlier command (eval, rex, stats AS, rename ...)
  Dropped,     // an earlier transforming command (stats, table ...) did not keep it
  Absent,      // no event has it and nothing makes it
  NoData,      // no data loaded: extracted when the events have it
};
const char* field_source_name(FieldSource source);

struct FieldReport {
  std::string name;
  FieldSource source = FieldSource::NoData;
  std::vector<std::string> origins;  // where: "conf/default/props.conf:23  EVAL-x = ..." / "eval (command 2)"
  std::size_t events = 0;            // Extracted / Calculated: events with a value
  std::vector<std::string> closest;  // Absent: the nearest existing names
  std::size_t first_command = 0;     // index of the first command that reads it
};

struct CommandReport {
  std::string name;
  std::string text;       // the command as understood (canonical form)
  std::string type;       // Splunk's command type: "streaming", "transforming", ...
  bool on_events = true;  // reads events (no transforming command before it), else results
  std::optional<std::size_t> rows;  // rows it leaves, when the pipeline was run
  ast::Position pos;
};

// One node of the leading search expression (pre-order; clauses[0] is the root).
struct ClauseReport {
  enum class Kind { And, Or, Not, Leaf };
  Kind kind = Kind::Leaf;
  std::string text;       // a leaf as SPL (`process_name="netstat.exe"`), a group in infix form
  int parent = -1;
  std::size_t depth = 0;
  bool negated = false;   // under an odd number of NOTs
  const ast::SearchExpr* expr = nullptr;  // into the pipeline explained (leaves)
  RowSet rows;            // with data: the events this node selects on its own
  std::size_t matches = 0;
  std::vector<std::size_t> children;
};

struct Removal {
  std::size_t clause = 0;   // a top-level conjunct (a child of the root AND, or the root)
  std::size_t removed = 0;  // events it rejects
  std::size_t only = 0;     // events it alone rejects (all the others accept them)
};

// One clause's verdict at one event, and the values its field had there.
struct ClauseVerdict {
  bool matched = false;
  std::vector<std::string> values;  // the field's values at this event (field clauses), `_time` as seconds
  bool field_present = true;        // false: a field clause whose field this event lacks
};

struct NearMiss {
  std::size_t row = 0;                   // store row
  std::vector<std::size_t> clauses;      // leaves that, had they matched, would have selected it
  std::vector<ClauseVerdict> verdicts;   // those leaves' verdicts (values) at this event
};

struct Explanation {
  // The expression explained: the leading search, with the time range picker's bounds when they
  // apply. ClauseReport::expr points into it (or into the pipeline).
  std::shared_ptr<const ast::SearchExpr> expr;
  std::string search_text;              // the leading search, every group in parentheses
  std::vector<ClauseReport> clauses;    // empty when the pipeline has no leading search expression
  std::vector<FieldReport> fields;
  std::vector<CommandReport> commands;
  bool has_data = false;
  std::size_t events = 0;               // events loaded
  std::size_t matched = 0;              // events the leading search selects
  std::optional<std::size_t> final_rows;
  std::string run_error;                // running the pipeline failed (the explanation stands)
  std::vector<Removal> removals;        // largest first
  std::vector<NearMiss> near_misses;    // the first few, newest first
  std::vector<std::size_t> near_miss_counts;  // per clause: events missed by that clause alone
  std::vector<std::string> findings;    // plain sentences, most useful first
};

struct ExplainOptions {
  std::size_t max_near_misses = 5;
  bool run_pipeline = true;  // with data: also run the whole pipeline to count rows per command
};

// Explains `pipeline` over ctx.store (may be null: no data, structure and knowledge only).
// Throws QueryError when a clause cannot run (a bad time modifier, ...).
Explanation explain_pipeline(const ast::Pipeline& pipeline, ExecContext& ctx, const ExplainOptions& options = {});

// One event: each clause's verdict and the values its field had.
struct EventExplanation {
  std::size_t row = 0;
  bool matched = false;
  std::vector<ClauseVerdict> verdicts;  // one per clause of the Explanation
};
EventExplanation explain_event(const Explanation& explanation, std::size_t row, const ExecContext& ctx);

// Finds an event by EventRecordID (first in store order), else by 1-based row number in the
// order the events were read. `how` says which matched ("EventRecordID 4321", "event #12").
std::optional<std::size_t> find_event(const Store& store, const std::string& id, std::string& how);

}  // namespace spelunk
