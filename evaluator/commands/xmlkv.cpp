// `xmlkv [<field>] [maxinputs=<int>]`: every XML element holding text becomes a field named by
// its tag (`<foo>bar</foo>` -> foo=bar; repeated tags give multi-values). The field defaults to
// _raw. maxinputs is accepted and ignored (it bounds how many results Splunk's script sees).
// Text that is not well-formed XML yields no fields.
#include "evaluator/commands/commands.hpp"
#include "evaluator/structured.hpp"

namespace spelunk::commands {

Result run_xmlkv(const ast::Command& cmd, Result input, ExecContext& ctx) {
  GenericArgs args = generic_args(cmd);
  check_options(cmd, args.options, {"maxinputs"});
  (void)option_size(cmd, args.options, "maxinputs", 0);
  if (args.words.size() > 1)
    throw QueryError{"xmlkv: expected at most one field, found '" + args.raw[1] + "'", cmd.pos};
  const std::string field = args.words.empty() ? "_raw" : args.words.front();
  structured::Extractor extractor;
  return extract_fields(cmd, std::move(input), ctx, field,
                        [&](std::string_view text) { return extractor.extract_xml_leaves(text); });
}

}  // namespace spelunk::commands
