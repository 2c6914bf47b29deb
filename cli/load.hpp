// `spelunk load -d PATH... --save FILE`: reads the logs once and writes the store to FILE, which
// `spelunk -d FILE` (and the REPL's `.load FILE`) then opens through mmap instead of re-reading.
#pragma once

#include <ostream>

namespace spelunk::cli {

// The subcommand: argv[0] is "load". Exit status 0 saved, 1 the file could not be written,
// 2 bad arguments or no readable input.
int run_load_command(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace spelunk::cli
