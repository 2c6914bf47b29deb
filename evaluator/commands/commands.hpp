// One function per pipeline command, each defined in evaluator/commands/<name>.cpp.
// Add a declaration here and one line in registry.cpp; nothing else.
#pragma once

#include "evaluator/command.hpp"

namespace spelunk::commands {

// Signature of every command: Result run_<name>(const ast::Command&, Result input, ExecContext&);
#define SPELUNK_COMMAND(name) Result run_##name(const ast::Command& cmd, Result input, ExecContext& ctx)

SPELUNK_COMMAND(example_passthrough);
SPELUNK_COMMAND(eval);
SPELUNK_COMMAND(where);

#undef SPELUNK_COMMAND
}  // namespace spelunk::commands
