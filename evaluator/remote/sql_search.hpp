// The search language (leading search, `| search`) compiled to one ClickHouse condition.
//
// Each construct follows search_filter.cpp's semantics byte for byte, using only functions that
// ClickHouse 18.16 and current releases both have:
//  - a field is an Array(String) column: `field=v` is arrayExists over its values (any value of a
//    multi-value, R4.3; an absent field is an empty array and never matches, so `!=` needs the
//    field and NOT does not, R4.1);
//  - globs (`*` only, R3.3) become length/startsWith/endsWith/position/substring tests on
//    lower(value): ClickHouse's lower() folds ASCII only, as spelunk does; no LIKE, whose pattern
//    ClickHouse compiles to a UTF-8 regex that rejects some bytes;
//  - `<` `>` compare numbers when both sides parse as numbers (evaluator/value.cpp's rules,
//    mirrored by a regex), else bytes; integers up to 15 digits are compared exactly as Int64,
//    other numbers as Float64, whose text parsing in ClickHouse can be one unit in the last
//    place off: such a comparison is exact only when no value lies within 1e-9 (relative) of
//    the literal, which the planner checks with one probe query (`near`);
//  - CIDR blocks (IPv4) by a strict dotted-quad regex (inet_pton's grammar) and an address range;
//  - bare terms and phrases (Splunk's token rules, evaluator/raw_terms.hpp) as a regex over
//    lower(_raw) when the term is plain ASCII without wildcards;
//  - earliest= / latest= as bounds on `_time` (microseconds), computed here as in memory;
//  - subsearches run first (through the context) and their rows become the filter they make.
//
// What cannot be said exactly (wildcard bare terms, IPv6 CIDR, `_time=` text comparisons,
// non-ASCII terms) compiles to a bound instead: a superset of the rows where the whole condition
// must over-approximate, a subset under NOT. The condition is then marked inexact, and the caller
// re-applies the original search to the rows that come back.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "evaluator/search_filter.hpp"
#include "parser/ast.hpp"

namespace spelunk::remote {

// How SQL reads one field.
struct FieldRef {
  // BinnedTime: `_time` after `bin _time span=S`, a Float64 of seconds (bin.cpp's bin_start).
  enum class Kind { Missing, Array, Time, Raw, BinnedTime };
  Kind kind = Kind::Missing;
  std::string column;  // Array: the quoted column identifier; BinnedTime: its expression
};
using FieldResolver = std::function<FieldRef(std::string_view field)>;

struct SqlCondition {
  std::string sql = "1";          // a UInt8 expression over one row
  bool exact = true;              // false: a bound only; re-check the search locally
  // Conditions that must match no row of the table for the Float64 comparisons to be exact.
  std::vector<std::string> near;
};

struct SearchCompileOptions {
  bool trust_float_compare = true;  // false: Float64 comparisons count as inexact
};

// Throws QueryError for what the in-memory filter rejects too (an invalid time modifier).
SqlCondition compile_search(const ast::SearchExpr& expr, const FieldResolver& fields, const SearchContext& ctx,
                            const SearchCompileOptions& options = {});

// Building blocks, exposed for tests.
std::string glob_sql(const std::string& value_sql, std::string_view pattern, bool case_sensitive);
// A double as SQL, exactly: integers as such, anything else by its bits (ClickHouse's text
// parsing of a float literal can be one unit in the last place off).
std::string exact_double_sql(double d);
// A RE2 pattern matching `text` literally (ASCII only; nullopt-like empty when it has other bytes).
std::string regex_literal(std::string_view text);

}  // namespace spelunk::remote
