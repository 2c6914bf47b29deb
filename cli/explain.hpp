// `spelunk explain QUERY` (and the REPL's .explain): prints what evaluator/explain.hpp finds.
#pragma once

#include <ostream>

#include "cli/session.hpp"

namespace spelunk::cli {

// The explanation as text for a terminal (every value escaped). `unicode`: tree lines drawn
// with box characters, else ASCII. `store` labels events (may be null).
void write_explanation(const ExplainOutcome& outcome, const Store* store, std::ostream& out, bool unicode);

// The subcommand: argv[0] is "explain". Exit status 0 explained, 1 query error or no such
// event, 2 bad arguments or unreadable input.
int run_explain_command(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace spelunk::cli
