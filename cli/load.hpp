// `spelunk load -d PATH... --save FILE`: reads the logs once and writes the store to FILE, which
// `spelunk -d FILE` (and the REPL's `.load FILE`) then opens through mmap instead of re-reading.
// `spelunk load -d PATH... --to clickhouse://... [--cluster NAME]`: inserts them, with their
// calculated fields, into a ClickHouse table (storage/clickhouse/clickhouse_load.hpp).
#pragma once

#include <ostream>

namespace spelunk::cli {

// The subcommand: argv[0] is "load". Exit status 0 saved, 1 the file could not be written,
// 2 bad arguments, no readable input, or ClickHouse failed (one line says why).
int run_load_command(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace spelunk::cli
