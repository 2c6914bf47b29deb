// `collect index=<name>`: stores a copy of the current results as the named index (read back by
// `index=<name>` in a later search of the same run) and passes them on unchanged. Splunk writes
// to a summary index; offline, ctx.collected plays that role. Default index: summary.
#include "evaluator/commands/commands.hpp"

namespace spelunk::commands {

Result run_collect(const ast::Command& cmd, Result input, ExecContext& ctx) {
  const auto& collect = body_of<ast::CollectCommand>(cmd);
  check_options(cmd, collect.options, {"index"});
  const std::string* index = collect.options.get("index");
  const std::string name = index ? *index : "summary";
  if (ctx.collected) {
    auto [it, fresh] = ctx.collected->try_emplace(name);
    if (fresh) it->second = input;
    else it->second.append(input);
  } else {
    ctx.warn("collect: results not kept (no collection target in this run)");
  }
  return input;
}

}  // namespace spelunk::commands
