// `fromjson <field> [prefix=<string>]`: the top-level keys of a JSON object in `field` become
// fields (prefixed): strings and numbers as their text, arrays as multi-values (one value per
// element, objects as minified JSON), objects as minified JSON; null gives no value. Text that
// is not a JSON object yields no fields.
#include "evaluator/commands/commands.hpp"
#include "evaluator/structured.hpp"

namespace spelunk::commands {

Result run_fromjson(const ast::Command& cmd, Result input, ExecContext& ctx) {
  GenericArgs args = generic_args(cmd);
  std::string prefix;
  check_options(cmd, args.options, {"prefix"});
  if (const std::string* p = args.options.get("prefix")) prefix = *p;
  if (args.words.size() != 1)
    throw QueryError{"fromjson: expected one field holding JSON, e.g. `fromjson Data`", cmd.pos};
  structured::Extractor extractor;
  return extract_fields(cmd, std::move(input), ctx, args.words.front(), [&](std::string_view text) {
    ExtractedFields fields = extractor.extract_top_level(text);
    if (!prefix.empty())
      for (auto& f : fields) f.first = prefix + f.first;
    return fields;
  });
}

}  // namespace spelunk::commands
