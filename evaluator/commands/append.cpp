// `append [subsearch]`: the subsearch's results after the current ones (columns united by name).
#include "evaluator/commands/commands.hpp"

namespace spelunk::commands {

Result run_append(const ast::Command& cmd, Result input, ExecContext& ctx) {
  const auto& append = body_of<ast::AppendCommand>(cmd);
  check_options(cmd, append.options, {});
  if (!append.subsearch) throw QueryError{"append needs a subsearch", cmd.pos};
  if (!ctx.run_pipeline) throw QueryError{"append: subsearches cannot run here", cmd.pos};
  input.append(ctx.run_pipeline(*append.subsearch));
  return input;
}

}  // namespace spelunk::commands
