// `| table <wc-field-list>` (R8.3): only the listed fields, as columns in the listed order. A
// wildcard brings the matching fields in lexicographic order; a field named exactly that no row
// has is still a column (empty cells). Rows keep their order.
#include <algorithm>

#include "evaluator/commands/commands.hpp"
#include "evaluator/glob.hpp"

namespace spelunk::commands {

// Column names chosen by a wildcard field list, in list order (each once).
std::vector<std::string> expand_field_list(const std::vector<std::string>& patterns, const Result& input,
                                           bool keep_unknown) {
  std::vector<std::string> out;
  auto add = [&](const std::string& name) {
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
  };
  for (const auto& p : patterns) {
    if (p.find('*') == std::string::npos) {
      if (keep_unknown || input.find(p) >= 0) add(p);
      continue;
    }
    std::vector<std::string> matched;
    for (const auto& c : input.columns())
      if (field_name_match(p, c.name)) matched.push_back(c.name);
    std::sort(matched.begin(), matched.end());
    for (const auto& m : matched) add(m);
  }
  return out;
}

Result run_table(const ast::Command& cmd, Result input, ExecContext&) {
  const auto& body = std::get<ast::TableCommand>(cmd.body);
  std::vector<std::string> names = expand_field_list(body.fields, input, true);
  for (const auto& n : names)
    if (input.find(n) < 0) input.set_column(n, std::vector<Value>(input.size()));
  input.reorder_columns(names);
  return input;
}

}  // namespace spelunk::commands
