// `| noop`: passes its input through unchanged. The smallest command, kept as the pattern:
// one file, one function, one registry line. Splunk's noop options tune logging and search
// optimisation; none of them changes the results, but none is understood here, so any argument
// is an error rather than silently ignored.
#include "evaluator/commands/commands.hpp"

namespace spelunk::commands {

Result run_noop(const ast::Command& cmd, Result input, ExecContext&) {
  const GenericArgs args = generic_args(cmd);
  check_options(cmd, args.options, {});
  if (!args.words.empty()) throw QueryError{"noop: unexpected `" + args.raw[0] + "`", args.positions[0]};
  return input;
}

}  // namespace spelunk::commands
