// The `spelunk` command: arguments -> ingest -> query -> printed results.
// Exit status: 0 results printed (even none), 1 query error, 2 input error.
#pragma once

#include <ostream>
#include <string>

namespace spelunk::cli {

int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace spelunk::cli
