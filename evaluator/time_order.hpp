// The order in which a search returns events: newest first, equal times in store order (R2.x:
// Splunk returns events in descending _time). Sorting a million rows on every search costs more
// than the search itself, so the order is computed once per store and kept while the store lives.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "storage/store.hpp"

namespace spelunk {

// Every store row, newest first. Thread-safe; computed on first use for each store.
std::shared_ptr<const std::vector<std::uint32_t>> newest_first_order(const std::shared_ptr<const Store>& store);

}  // namespace spelunk
