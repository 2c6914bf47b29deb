// `appendpipe [cmd | cmd ...]`: runs the bracketed commands over the current results (not over
// the events) and appends what they produce, e.g. `appendpipe [stats count | where count=0]`.
#include "evaluator/commands/commands.hpp"

namespace spelunk::commands {

Result run_pipeline_on(const ast::Pipeline& pipeline, Result input, ExecContext& ctx) {
  const auto& registry = command_registry();
  for (std::size_t i = 0; i < pipeline.commands.size(); ++i) {
    const ast::Command& c = pipeline.commands[i];
    // A bare leading `search` with nothing to match passes everything.
    if (const auto* s = std::get_if<ast::SearchCommand>(&c.body); s && !s->expr) continue;
    auto it = registry.find(c.name);
    if (it == registry.end()) throw QueryError{"command " + c.name + " is not supported yet", c.pos};
    input = it->second(c, std::move(input), ctx);
  }
  return input;
}

Result run_appendpipe(const ast::Command& cmd, Result input, ExecContext& ctx) {
  const auto& ap = body_of<ast::AppendpipeCommand>(cmd);
  check_options(cmd, ap.options, {});
  if (!ap.subsearch) throw QueryError{"appendpipe needs a subpipeline", cmd.pos};
  Result extra = run_pipeline_on(*ap.subsearch, input, ctx);
  input.append(extra);
  return input;
}

}  // namespace spelunk::commands
