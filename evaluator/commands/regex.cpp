// `regex [field=|field!=]"<PCRE>"` (R8.15): keeps rows whose field (default _raw) matches the
// regex anywhere (any value of a multi-value), or, with `!=`, rows where it does not match
// (rows lacking the field included). RE2 via compile_regex (PCRE translated). A store column is
// matched once per dictionary value, not once per event.
#include <re2/re2.h>

#include "evaluator/commands/commands.hpp"
#include "evaluator/regex.hpp"

namespace spelunk::commands {

std::shared_ptr<const re2::RE2> command_regex(const ast::Command& cmd, std::string_view pattern) {
  try {
    return compile_regex(pattern);
  } catch (const RegexError& e) {
    throw QueryError{cmd.name + ": " + e.message, cmd.pos};
  }
}

Result run_regex(const ast::Command& cmd, Result input, ExecContext&) {
  const auto& rx = body_of<ast::RegexCommand>(cmd);
  auto re = command_regex(cmd, rx.regex);
  int col = input.find(rx.field);
  std::vector<std::size_t> keep;
  keep.reserve(input.size());
  const ResultColumn* column = col < 0 ? nullptr : &input.columns()[static_cast<std::size_t>(col)];
  if (column && column->source == ResultColumn::Source::StoreField) {
    const Column& sc = *column->store_column;
    std::vector<signed char> verdict(sc.dict().size() + 1, -1);  // per code: -1 unknown, 0, 1
    for (std::size_t row = 0; row < input.size(); ++row) {
      bool matched = false;
      for (Code c : sc.values(input.event_rows()[row])) {
        if (verdict[c] < 0) verdict[c] = re2::RE2::PartialMatch(sc.dict().value(c), *re) ? 1 : 0;
        if (verdict[c]) { matched = true; break; }
      }
      if (matched != rx.negate) keep.push_back(row);
    }
  } else {
    for (std::size_t row = 0; row < input.size(); ++row) {
      bool matched = false;
      if (col >= 0)
        for (const auto& v : input.get(static_cast<std::size_t>(col), row).values())
          if (re2::RE2::PartialMatch(v, *re)) { matched = true; break; }
      if (matched != rx.negate) keep.push_back(row);
    }
  }
  input.select_rows(keep);
  return input;
}

}  // namespace spelunk::commands
