// One store cell as a Value: null when the event lacks the field, a list when it has several.
// (Result's store-backed columns, props.conf and data-model rows all read cells this way.)
#pragma once

#include <cstdint>

#include "evaluator/value.hpp"
#include "storage/store.hpp"

namespace spelunk {

Value store_value(const Column& column, std::uint32_t row);

// As above; null when there is no such column.
inline Value store_value(const Column* column, std::size_t row) {
  return column ? store_value(*column, static_cast<std::uint32_t>(row)) : Value::null();
}

}  // namespace spelunk
