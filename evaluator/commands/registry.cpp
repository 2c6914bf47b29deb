// Command name -> implementation. One line per command (aliases too).
#include "evaluator/commands/commands.hpp"

namespace spelunk {

const std::map<std::string, CommandFn>& command_registry() {
  using namespace commands;
  static const std::map<std::string, CommandFn> registry = {
      {"fields", run_fields},
      {"head", run_head},
      {"search", run_search},
      {"table", run_table},
      {"noop", run_example_passthrough},
  };
  return registry;
}

}  // namespace spelunk
