// `map search="<search>" [maxsearches=N]` (or `map [<search>]`): runs the search once for each of
// the first N input rows (default 10), with every `$field$` replaced by that row's value and
// `$_serial_id$` by the row's number from 1, and returns the results of all the runs one after the
// other. `$$field$$`, the dashboard-escaped spelling found in shared detections, reads as `$field$`.
// The search is parsed when it runs, with the session's macros, as Splunk does.
#include <cstdlib>

#include "evaluator/commands/commands.hpp"
#include "parser/parser.hpp"

namespace spelunk::commands {

namespace {

struct MapArgs {
  std::string search;
  std::size_t max_searches = 10;
};

MapArgs map_args(const ast::Command& cmd) {
  MapArgs out;
  const GenericArgs args = generic_args(cmd);
  check_options(cmd, args.options, {"search", "maxsearches"});
  for (const auto& [key, value] : args.options.items) {
    if (key == "search") {
      out.search = value;
    } else if (key == "maxsearches") {
      char* end = nullptr;
      const long n = std::strtol(value.c_str(), &end, 10);
      if (value.empty() || *end != 0 || n < 1) throw QueryError{"map: maxsearches must be a positive whole number", cmd.pos};
      out.max_searches = static_cast<std::size_t>(n);
    } else {
      throw QueryError{"map: expected search=\"...\", [subsearch] or maxsearches=N, found `" + key + "=`", cmd.pos};
    }
  }
  for (const std::string& raw : args.raw) {
    if (raw.size() < 2 || raw.front() != '[' || raw.back() != ']')
      throw QueryError{"map: expected search=\"...\", [subsearch] or maxsearches=N, found `" + raw + "`", cmd.pos};
    out.search = raw.substr(1, raw.size() - 2);
  }
  if (out.search.empty()) throw QueryError{"map needs search=\"...\" or a [subsearch]", cmd.pos};
  return out;
}

// The search text for one row: $name$ (or $$name$$) -> the row's value of name.
std::string substitute(const std::string& text, const Result& input, std::size_t row) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    const bool doubled = text.compare(i, 2, "$$") == 0;
    const std::size_t open = doubled ? 2 : 1;
    const std::size_t close = text[i] == '$' ? text.find(doubled ? "$$" : "$", i + open) : std::string::npos;
    if (close == std::string::npos || close == i + open) {
      out += text[i++];
      continue;
    }
    const std::string name = text.substr(i + open, close - i - open);
    if (name == "_serial_id") out += std::to_string(row + 1);
    else out += input.get(name, row).to_string();
    i = close + open;
  }
  return out;
}

}  // namespace

Result run_map(const ast::Command& cmd, Result input, ExecContext& ctx) {
  const MapArgs args = map_args(cmd);
  if (!ctx.run_pipeline) throw QueryError{"map: searches cannot run here", cmd.pos};
  const std::size_t runs = std::min(input.size(), args.max_searches);
  if (input.size() > runs)
    ctx.warn("map: ran " + std::to_string(runs) + " of " + std::to_string(input.size()) +
             " searches (maxsearches=" + std::to_string(args.max_searches) + ")");
  Result out;
  for (std::size_t row = 0; row < runs; ++row) {
    if (ctx.cancelled()) throw QueryError{"search cancelled", cmd.pos};
    const std::string text = substitute(args.search, input, row);
    ParseResult parsed = parse_query(text, ctx.macros);
    if (!parsed.pipeline)
      throw QueryError{"map: search " + std::to_string(row + 1) + " `" + text + "`: " + parsed.error->message, cmd.pos};
    Result one = ctx.run_pipeline(*parsed.pipeline);
    if (row == 0) out = std::move(one);
    else out.append(one);
  }
  return out;
}

}  // namespace spelunk::commands
