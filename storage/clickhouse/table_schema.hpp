// The shape spelunk gives an event table in ClickHouse, and how field names map to columns.
//
//   _time  Int64           microseconds since the epoch (ClickHouse 18.16 has no DateTime64)
//   _seq   UInt64          the event's position in load order: with _time it orders rows as the
//                          in-memory engine does (newest first, ties in load order)
//   _raw   String
//   <one column per field> Array(String): an empty array is an absent field, a multi-value is
//                          its values in order
//
// Extracted fields keep their name as the column name when it is a plain identifier (letters,
// digits, _; not starting with _ or the prefixes below); any other name (dots would make
// ClickHouse treat the columns as a Nested structure, spaces need quoting) is written as
// `hex__<hex bytes>`. Calculated fields (props.conf FIELDALIAS / EVAL, computed at load) live in
// `calc__<name>` beside an extracted field of the same name, since the in-memory engine shows one
// or the other depending on whether the search names the field.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace spelunk::clickhouse {

struct FieldColumn {
  std::string field;   // the field name as searched
  std::string column;  // the ClickHouse column
  bool calculated = false;
};

std::string column_for_field(std::string_view field, bool calculated);
// The field a column holds; nullopt for _time, _seq, _raw and columns spelunk did not make.
std::optional<FieldColumn> field_for_column(std::string_view column);

struct TableSchema {
  std::vector<FieldColumn> fields;  // in table order
  std::string knowledge;            // fingerprint of the calculated-field rules used at load

  const FieldColumn* extracted(std::string_view field) const;
  const FieldColumn* calculated(std::string_view field) const;
};

// Column definitions: `_time` Int64, ..., then every field column, for CREATE TABLE.
std::string column_definitions(const std::vector<FieldColumn>& fields);

// The table that holds spelunk's notes about an event table (the knowledge fingerprint).
std::string meta_table_name(std::string_view table);

}  // namespace spelunk::clickhouse
