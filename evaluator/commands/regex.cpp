// `regex [field=|field!=]"<PCRE>"` (R8.15): keeps rows whose field (default _raw) matches the
// regex anywhere (any value of a multi-value), or, with `!=`, rows where it does not match
// (rows lacking the field included). Through evaluator/regex.hpp (RE2, or PCRE2 with limits). A
// store column is matched once per dictionary value, not once per event.
#include "evaluator/commands/commands.hpp"

namespace spelunk::commands {

std::shared_ptr<const Regex> command_regex(const ast::Command& cmd, std::string_view pattern) {
  try {
    return compile_regex(pattern);
  } catch (const RegexError& e) {
    throw QueryError{cmd.name + ": " + e.message, cmd.pos};
  }
}

namespace {

std::vector<std::size_t> matching_rows(const Result& input, const ast::RegexCommand& rx, const Regex& re) {
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
        if (verdict[c] < 0) verdict[c] = re.search(sc.dict().value(c)) ? 1 : 0;
        if (verdict[c]) { matched = true; break; }
      }
      if (matched != rx.negate) keep.push_back(row);
    }
    return keep;
  }
  for (std::size_t row = 0; row < input.size(); ++row) {
    bool matched = false;
    if (col >= 0)
      for (const auto& v : input.get(static_cast<std::size_t>(col), row).values())
        if (re.search(v)) { matched = true; break; }
    if (matched != rx.negate) keep.push_back(row);
  }
  return keep;
}

}  // namespace

Result run_regex(const ast::Command& cmd, Result input, ExecContext&) {
  const auto& rx = body_of<ast::RegexCommand>(cmd);
  auto re = command_regex(cmd, rx.regex);
  try {
    input.select_rows(matching_rows(input, rx, *re));
  } catch (const RegexError& e) {
    throw QueryError{cmd.name + ": " + e.message, cmd.pos};
  }
  return input;
}

}  // namespace spelunk::commands
