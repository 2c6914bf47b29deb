// The one way text reaches ClickHouse SQL: every value through sql_string(), every column or
// table name through sql_identifier(). Nothing else builds quoted SQL text.
//
// Both escape every byte that is not printable ASCII as \xHH, so the SQL is plain ASCII whatever
// the events hold (NUL, newlines, invalid UTF-8, terminal escapes): it prints safely (`spelunk
// sql`) and ClickHouse's lexer (18.16 and current releases alike) reads back the exact bytes.
#pragma once

#include <string>
#include <string_view>

namespace spelunk::clickhouse {

// 'text' with \\ \' and \xHH escapes: a string literal ClickHouse reads back byte for byte.
std::string sql_string(std::string_view text);

// `name` with the same escapes (and \` for a backquote): a quoted identifier.
std::string sql_identifier(std::string_view name);

// db.table, each part quoted.
std::string sql_table(std::string_view database, std::string_view table);

}  // namespace spelunk::clickhouse
