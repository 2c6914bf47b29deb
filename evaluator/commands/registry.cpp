// Command name -> implementation. One line per command (aliases too).
#include "evaluator/commands/commands.hpp"

namespace spelunk {

const std::map<std::string, CommandFn>& command_registry() {
  using namespace commands;
  static const std::map<std::string, CommandFn> registry = {
      // {"table", run_table},
      {"noop", run_example_passthrough},
      {"eval", run_eval},
      {"where", run_where},
  };
  return registry;
}

}  // namespace spelunk
