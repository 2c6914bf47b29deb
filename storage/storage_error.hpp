// An error in data a store already holds, found when that data is read: a saved store's `_raw`
// block that its checksums let through but that does not decompress (a crafted or damaged file).
// Opening a store never decompresses (that is what keeps it fast), so this surfaces during a
// search; the CLI, the REPL and the test runner report it as an input error naming the file and
// the block, and the search stops.
#pragma once

#include <stdexcept>

namespace spelunk {

struct StorageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace spelunk
