// `| noop`: passes its input through unchanged. The smallest command, kept as the pattern:
// one file, one function, one registry line.
#include "evaluator/commands/commands.hpp"

namespace spelunk::commands {

Result run_noop(const ast::Command&, Result input, ExecContext&) { return input; }

}  // namespace spelunk::commands
