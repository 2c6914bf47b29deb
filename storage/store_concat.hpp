// One store holding the events of several, which stay untouched (Store::append consumes its
// argument). A detection test that replays several attack data files reads each file once into
// its own store, shared with the other tests naming it, and searches their concatenation.
#pragma once

#include <vector>

#include "storage/store.hpp"

namespace spelunk {

// The events of `parts`, in order, with their fields, aliases, times and raw texts.
Store concatenate_stores(const std::vector<const Store*>& parts);

}  // namespace spelunk
