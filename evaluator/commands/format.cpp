// `format [mvsep="OR"] [maxresults=0] ["<row prefix>" "<column prefix>" "<column separator>"
// "<column end>" "<row separator>" "<row end>"] [emptystr="NOT ( )"]` (Search Reference,
// format): the results become one row with one field, `search`, holding them as search text:
// `( ( host="a" AND source="b" ) OR ( ... ) )` by default. Each row's fields not starting with
// `_` are written in name order as field="value" (quotes and backslashes escaped); a
// multi-value as `( f="v1" OR f="v2" )` (mvsep); rows without such fields add nothing. No rows,
// or none with fields: emptystr. The page gives the default emptystr both as "NOT( )" and as
// "NOT ( )"; the output shown in its example 4 ("NOT ( )") is used.
#include <algorithm>

#include "evaluator/commands/commands.hpp"

namespace spelunk::commands {

namespace {

std::string quoted_value(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

Result run_format(const ast::Command& cmd, Result input, ExecContext&) {
  const auto& f = body_of<ast::FormatCommand>(cmd);
  check_options(cmd, f.options, {"mvsep", "maxresults", "emptystr"});
  if (!f.parts.empty() && f.parts.size() != 6)
    throw QueryError{"format: give all six of \"<row prefix>\" \"<column prefix>\" \"<column separator>\" \"<column end>\" "
                     "\"<row separator>\" \"<row end>\", or none (found " + std::to_string(f.parts.size()) + ")",
                     cmd.pos};
  const std::vector<std::string> parts = f.parts.empty()
                                             ? std::vector<std::string>{"(", "(", "AND", ")", "OR", ")"}
                                             : f.parts;
  const std::string* mvsep_option = f.options.get("mvsep");
  const std::string mvsep = mvsep_option ? *mvsep_option : "OR";
  const std::size_t maxresults = option_size(cmd, f.options, "maxresults", 0);
  const std::string* emptystr = f.options.get("emptystr");

  std::vector<std::size_t> columns;  // fields not starting with `_`, by name
  for (std::size_t c = 0; c < input.columns().size(); ++c)
    if (!input.columns()[c].name.empty() && input.columns()[c].name[0] != '_') columns.push_back(c);
  std::sort(columns.begin(), columns.end(),
            [&](std::size_t a, std::size_t b) { return input.columns()[a].name < input.columns()[b].name; });

  std::vector<std::string> rows;
  const std::size_t n = maxresults == 0 ? input.size() : std::min(maxresults, input.size());
  for (std::size_t r = 0; r < n; ++r) {
    std::vector<std::string> terms;
    for (std::size_t c : columns) {
      const std::string& name = input.columns()[c].name;
      const std::vector<std::string> values = input.get(c, r).values();
      if (values.empty()) continue;
      if (values.size() == 1) {
        terms.push_back(name + "=" + quoted_value(values[0]));
        continue;
      }
      std::string mv = "(";
      for (std::size_t i = 0; i < values.size(); ++i) mv += (i ? " " + mvsep + " " : " ") + name + "=" + quoted_value(values[i]);
      terms.push_back(mv + " )");
    }
    if (terms.empty()) continue;
    std::string row = parts[1];
    for (std::size_t i = 0; i < terms.size(); ++i) row += (i ? " " + parts[2] + " " : " ") + terms[i];
    rows.push_back(row + " " + parts[3]);
  }
  std::string text;
  if (rows.empty()) {
    text = emptystr ? *emptystr : "NOT ( )";
  } else {
    text = parts[0];
    for (std::size_t i = 0; i < rows.size(); ++i) text += (i ? " " + parts[4] + " " : " ") + rows[i];
    text += " " + parts[5];
  }
  Result out = Result::table({"search"});
  out.add_row({Value::of(text)});
  return out;
}

}  // namespace spelunk::commands
