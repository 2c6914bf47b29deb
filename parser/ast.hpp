// The plain AST of an SPL search. The parser builds it; the evaluator reads it. Nothing here
// evaluates anything.
//
// Conventions
// - Strings are stored after SPL escape processing (R1.4: `\\` -> `\`, `\"` -> `"`, unknown
//   escapes kept as two characters). In search values `*` is always a wildcard (R3.3).
// - Field names are kept exactly as written (case-sensitive), quotes removed.
// - Every node carries the Position of its first character in the (macro-expanded) query.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace spelunk::ast {

struct Position {
  std::size_t offset = 0;  // byte offset in the query text
  std::size_t line = 1;    // 1-based
  std::size_t column = 1;  // 1-based, in bytes
};

struct Pipeline;
using PipelinePtr = std::shared_ptr<Pipeline>;

// ------------------------------------------------------------------ eval expressions
// Used by eval, where, fillnull value=, stats count(eval(...)), calculated fields, ...
struct Expr {
  enum class Kind {
    Number,  // number: value; text: the literal as written
    String,  // text: the string value (double-quoted literal, escapes processed)
    Field,   // text: the field name (bare identifier or 'single quoted')
    Call,    // text: function name in lower case; args: the arguments
    Unary,   // text: "NOT" or "-" ("!" is normalised to "NOT"); args: 1
    Binary,  // text: one of + - * / % . = != < <= > >= AND OR XOR LIKE ("==" -> "="); args: 2
  };
  Kind kind = Kind::Number;
  std::string text;
  double number = 0;
  std::vector<Expr> args;
  Position pos;
};
// `x IN ("a", "b")` is represented as Call "in" with args {x, "a", "b"}.

// ------------------------------------------------------------------ search expressions
// Used by the leading search, `| search`, `inputlookup ... where`, subsearch filters.
enum class CompareOp { Eq, Ne, Lt, Le, Gt, Ge };

struct SearchValue {
  std::string text;             // escapes processed; '*' is a wildcard
  bool quoted = false;          // written in double quotes
  bool term = false;            // TERM(...)
  bool case_sensitive = false;  // CASE(...)
};

struct SearchExpr {
  enum class Kind {
    And,           // children: 2+
    Or,            // children: 2+
    Not,           // children: 1
    Term,          // values[0]: a bare term or quoted phrase matched against _raw
    Compare,       // field op values[0]   (index=, sourcetype= ... are ordinary Compares)
    In,            // field IN (values...)
    TimeModifier,  // field: "earliest" | "latest"; values[0].text: the spec as written ("-24h@h")
    Subsearch,     // subsearch: a pipeline whose results become a filter (Splunk's `format`)
  };
  Kind kind = Kind::Term;
  std::vector<SearchExpr> children;
  std::string field;
  CompareOp op = CompareOp::Eq;
  std::vector<SearchValue> values;
  PipelinePtr subsearch;
  Position pos;
};

// ------------------------------------------------------------------ command pieces

// key=value options in the order written (e.g. `limit=5 showperc=f`). Keys lower-cased.
struct Options {
  std::vector<std::pair<std::string, std::string>> items;
  const std::string* get(const std::string& key) const {
    for (auto it = items.rbegin(); it != items.rend(); ++it)
      if (it->first == key) return &it->second;
    return nullptr;
  }
};

struct Aggregation {
  std::string func;                // lower case, canonical: count, dc, values, list, min, max, avg,
                                   // sum, earliest, latest, first, last, median, mode, range,
                                   // stdev, var, perc95, ... ("c" -> count, "mean" -> avg,
                                   // "distinct_count" -> dc)
  std::optional<std::string> field;  // count has none; count(X) has X (may contain wildcards)
  std::optional<Expr> eval_arg;      // count(eval(EventCode=1))
  std::string as;                    // output column: AS name, else the text as written: "count",
                                     // "dc(User)", "values(Image)"
  Position pos;
};

struct SortKey {
  std::string field;
  bool descending = false;
  std::string type;  // "" (auto), "num", "str", "ip", "auto"
};

struct FieldRename {
  std::string from;  // may contain '*'
  std::string to;
};

// ------------------------------------------------------------------ commands
struct SearchCommand { std::optional<SearchExpr> expr; };  // no expr: matches everything
struct WhereCommand { Expr expr; };
struct EvalCommand { std::vector<std::pair<std::string, Expr>> assignments; };
struct StatsCommand {  // stats, eventstats, streamstats, chart (name tells which)
  Options options;     // e.g. window=5, current=f, allnum=f, delim=" "
  std::vector<Aggregation> aggregations;
  std::vector<std::string> by;
};
struct TimechartCommand {
  Options options;  // span=1h, limit=, useother=, usenull=, bins=
  std::vector<Aggregation> aggregations;
  std::optional<std::string> by;
};
struct TableCommand { std::vector<std::string> fields; };  // wildcards allowed
struct FieldsCommand { bool remove = false; std::vector<std::string> fields; };
struct RenameCommand { std::vector<FieldRename> renames; };
struct SortCommand { std::optional<std::size_t> limit; std::vector<SortKey> keys; };
struct HeadCommand {  // head and tail
  std::optional<std::size_t> count;  // head N / limit=N; default 10
  std::optional<Expr> condition;     // head (expr)
  Options options;                   // keeplast, null
};
struct ReverseCommand {};
struct DedupCommand {
  std::size_t count = 1;
  std::vector<std::string> fields;
  Options options;                // keepevents, keepempty, consecutive
  std::vector<SortKey> sortby;
};
struct TopCommand {  // top and rare
  Options options;   // limit, countfield, percentfield, showcount, showperc, useother, otherstr
  std::vector<std::string> fields;
  std::vector<std::string> by;
};
struct RexCommand {
  std::string field = "_raw";
  std::string regex;  // or the sed expression when mode=sed
  Options options;    // max_match, mode, offset_field
};
struct RegexCommand {
  std::string field = "_raw";
  bool negate = false;  // field!=regex
  std::string regex;
};
struct BinCommand {  // bin, bucket, discretize
  Options options;   // span, bins, minspan, start, end, aligntime
  std::string field;
  std::string as;    // empty: replace in place
};
struct FillnullCommand { std::string value = "0"; std::vector<std::string> fields; };
struct MvexpandCommand { std::string field; Options options; };
struct MakeresultsCommand { Options options; };
struct ConvertCommand {
  struct Conversion { std::string function; std::string field; std::string as; };
  Options options;  // timeformat
  std::vector<Conversion> conversions;
};
struct SpathCommand { Options options; std::optional<std::string> path; };  // input, output, path
struct TransactionCommand { std::vector<std::string> fields; Options options; };
struct LookupCommand {
  std::string table;                                      // transforms.conf name or a .csv file
  std::vector<FieldRename> keys;                          // lookup field AS event field
  enum class Mode { All, Output, OutputNew } mode = Mode::All;
  std::vector<FieldRename> outputs;                       // lookup field AS event field
  Options options;                                        // local=, update=
};
struct InputlookupCommand {
  Options options;  // append, start, max
  std::string table;
  std::optional<SearchExpr> where;
};
struct CollectCommand { Options options; };  // index=..., and others kept for the record
// `join left=L right=R where <condition>`: the condition is kept raw in options["where"].
struct JoinCommand { Options options; std::vector<std::string> fields; PipelinePtr subsearch; };
struct AppendCommand { Options options; PipelinePtr subsearch; };       // append
struct AppendpipeCommand { Options options; PipelinePtr subsearch; };   // appendpipe
// `return x` -> {x, x}; `return alias=x` -> {x, alias}; `return $x` -> {x, ""} (the value alone).
struct ReturnCommand { std::optional<std::size_t> count; std::vector<FieldRename> fields; };
struct FormatCommand { Options options; };
// `tstats [options] <aggregations> [from datamodel=<Model>[.<Dataset>]] [where <search>] [by <fields>
// [span=<time>]]`. The by clause's span= lands in options with the others.
struct TstatsCommand {
  Options options;                       // prestats, summariesonly, fillnull_value, span, ...
  std::vector<Position> option_pos;      // where each options.items entry was written
  std::vector<Aggregation> aggregations;
  std::string datamodel;                 // "Endpoint.Processes" as written; empty without FROM
  Position datamodel_pos;
  std::optional<SearchExpr> where;
  std::vector<std::string> by;
};
// A command the parser knows by name only: its arguments as raw words, so the evaluator can
// answer "command X is not supported yet" instead of a syntax error. Words are kept exactly as
// written (quotes, [brackets] and (parentheses) included).
struct GenericCommand { std::vector<std::string> args; };

using CommandBody = std::variant<
    SearchCommand, WhereCommand, EvalCommand, StatsCommand, TimechartCommand, TableCommand,
    FieldsCommand, RenameCommand, SortCommand, HeadCommand, ReverseCommand, DedupCommand,
    TopCommand, RexCommand, RegexCommand, BinCommand, FillnullCommand, MvexpandCommand,
    MakeresultsCommand, ConvertCommand, SpathCommand, TransactionCommand, LookupCommand,
    InputlookupCommand, CollectCommand, JoinCommand, AppendCommand, AppendpipeCommand,
    ReturnCommand, FormatCommand, TstatsCommand, GenericCommand>;

struct Command {
  std::string name;  // lower case as written: "search", "stats", "eventstats", "bucket", "tail"...
  CommandBody body;
  Position pos;
};

struct Pipeline {
  std::vector<Command> commands;  // commands[0] is the leading search (or a generating command)
  Position pos;
};

}  // namespace spelunk::ast
