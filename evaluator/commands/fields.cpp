// `| fields [+|-] <wc-field-list>` (R8.4). `+` keeps the matching fields (in list order) and
// the internal `_time` / `_raw` unless they are removed explicitly; `-` removes the matching ones.
#include <algorithm>

#include "evaluator/commands/commands.hpp"
#include "evaluator/glob.hpp"

namespace spelunk::commands {

std::vector<std::string> expand_field_list(const std::vector<std::string>& patterns, const Result& input,
                                           bool keep_unknown);

Result run_fields(const ast::Command& cmd, Result input, ExecContext&) {
  const auto& body = std::get<ast::FieldsCommand>(cmd.body);
  if (body.remove) {
    std::vector<std::string> drop = expand_field_list(body.fields, input, false);
    for (const auto& n : drop) input.remove_column(n);
    return input;
  }
  std::vector<std::string> keep;
  for (const char* internal : {"_time", "_raw"})
    if (input.find(internal) >= 0) keep.emplace_back(internal);
  for (auto& n : expand_field_list(body.fields, input, false))
    if (std::find(keep.begin(), keep.end(), n) == keep.end()) keep.push_back(std::move(n));
  input.reorder_columns(keep);
  return input;
}

}  // namespace spelunk::commands
