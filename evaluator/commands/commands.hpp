// One function per pipeline command, each defined in evaluator/commands/<name>.cpp.
// Add a declaration here and one line in registry.cpp; nothing else.
#pragma once

#include <cstddef>
#include <optional>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "evaluator/command.hpp"

namespace spelunk::commands {

// Signature of every command: Result run_<name>(const ast::Command&, Result input, ExecContext&);
#define SPELUNK_COMMAND(name) Result run_##name(const ast::Command& cmd, Result input, ExecContext& ctx)

SPELUNK_COMMAND(noop);
SPELUNK_COMMAND(search);
SPELUNK_COMMAND(table);
SPELUNK_COMMAND(fields);
SPELUNK_COMMAND(head);
SPELUNK_COMMAND(stats);
SPELUNK_COMMAND(eventstats);
SPELUNK_COMMAND(streamstats);
SPELUNK_COMMAND(rename);
SPELUNK_COMMAND(sort);
SPELUNK_COMMAND(tail);
SPELUNK_COMMAND(reverse);
SPELUNK_COMMAND(dedup);
SPELUNK_COMMAND(top);  // top and rare (cmd.name tells which)
SPELUNK_COMMAND(fillnull);
SPELUNK_COMMAND(mvexpand);
SPELUNK_COMMAND(makeresults);
SPELUNK_COMMAND(bin);  // bin, bucket, discretize
SPELUNK_COMMAND(timechart);
SPELUNK_COMMAND(eval);
SPELUNK_COMMAND(where);
SPELUNK_COMMAND(collect);
SPELUNK_COMMAND(append);
SPELUNK_COMMAND(appendpipe);
SPELUNK_COMMAND(join);
SPELUNK_COMMAND(transaction);
SPELUNK_COMMAND(rex);
SPELUNK_COMMAND(regex);
SPELUNK_COMMAND(convert);
SPELUNK_COMMAND(spath);
SPELUNK_COMMAND(xmlkv);
SPELUNK_COMMAND(fromjson);
SPELUNK_COMMAND(makemv);
SPELUNK_COMMAND(foreach);
SPELUNK_COMMAND(map);
SPELUNK_COMMAND(replace);
SPELUNK_COMMAND(addtotals);
SPELUNK_COMMAND(lookup);
SPELUNK_COMMAND(inputlookup);
SPELUNK_COMMAND(outputlookup);
SPELUNK_COMMAND(tstats);
SPELUNK_COMMAND(datamodel);
SPELUNK_COMMAND(from);

#undef SPELUNK_COMMAND

// ------------------------------------------------------------------ helpers shared by commands

// The command's arguments as the parser built them.
template <class T>
const T& body_of(const ast::Command& cmd) {
  if (const T* b = std::get_if<T>(&cmd.body)) return *b;
  throw QueryError{"internal error: unexpected arguments for '" + cmd.name + "'", cmd.pos};
}

// Boolean option (t/true/1/yes, f/false/0/no); `fallback` when absent. Bad text is a QueryError.
bool option_bool(const ast::Command& cmd, const ast::Options& options, const std::string& key,
                 bool fallback);
// Non-negative integer option; `fallback` when absent. Bad text is a QueryError.
std::size_t option_size(const ast::Command& cmd, const ast::Options& options,
                        const std::string& key, std::size_t fallback);

// `tstats prestats=true` must be followed by stats, chart or timechart: QueryError otherwise,
// before anything runs. tstats.cpp.
void check_prestats_followers(const ast::Pipeline& pipeline);

// Runs the commands of `pipeline` over `input` (appendpipe; a bare leading `search` is skipped).
// Unknown commands raise QueryError. appendpipe.cpp.
Result run_pipeline_on(const ast::Pipeline& pipeline, Result input, ExecContext& ctx);

// Row order of `in` sorted by `keys` (stable; R8.10 ordering, missing values last). sort.cpp.
// The values of `cols` in one row as one key (length-prefixed, multi-values joined), or nullopt
// when a column is missing or the row has no value there. Shared by dedup and streamstats. options.cpp.
std::optional<std::string> row_key(const Result& in, const std::vector<int>& cols, std::size_t row);

// `ctx` (may be null): its cancel flag is checked while sorting.
std::vector<std::size_t> sorted_rows(const Result& in, const std::vector<ast::SortKey>& keys,
                                     const ExecContext* ctx = nullptr);

// Fields extracted from one text: name -> values, in the order found.
using ExtractedFields = std::vector<std::pair<std::string, std::vector<std::string>>>;
using FieldExtractor = std::function<ExtractedFields(std::string_view text)>;
// Runs `extract` over `input_field` of every row (the first value of a multi-value) and sets the
// fields it returns; where a row yields nothing for a field, the field keeps its value. A
// dictionary-encoded input is extracted once per distinct value, and on event views the outputs
// are dictionary-encoded columns over store rows. extracted_fields.cpp.
Result extract_fields(const ast::Command& cmd, Result input, ExecContext& ctx, const std::string& input_field,
                      const FieldExtractor& extract);

// The words of a command the parser keeps raw (GenericCommand): key=value words become options
// (key lower-cased, value decoded as a search token); other words are kept decoded and raw.
struct GenericArgs {
  ast::Options options;
  std::vector<std::string> words;  // decoded (quotes removed)
  std::vector<std::string> raw;    // as written, same order as words
};
GenericArgs generic_args(const ast::Command& cmd);  // options.cpp

// A bin span (R8.16): seconds (or plain numbers), or calendar months. bin.cpp.
struct Span {
  double size = 0;  // seconds, or the numeric width; 0 when months is set
  int months = 0;   // mon / q / y spans
};
// Parses "5m", "1h", "1mon", "10" (a bare number). Throws QueryError on bad text.
Span parse_span(const ast::Command& cmd, const std::string& text);
// The start of the bin holding t (seconds, aligned to epoch 0 UTC; months to month starts).
double bin_start(double t, const Span& span);
// The start of the bin after the one starting at `start`.
double next_bin(double start, const Span& span);
// A span giving at most `bins` bins over [lo, hi] from Splunk-like steps (1s ... 1y).
Span auto_time_span(double lo, double hi, std::size_t bins);

}  // namespace spelunk::commands
