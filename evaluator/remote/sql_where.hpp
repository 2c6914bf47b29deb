// `| where <expr>` compiled to one ClickHouse condition, for the expressions whose SQL is exact.
//
// where.cpp keeps a row when the expression is TRUE; FALSE and null (unknown) drop it, and eval's
// Boolean logic is three-valued (eval.cpp's boolean_binary: `NOT null` is null). So each piece
// compiles to two conditions, `when_true` and `when_false` (a row satisfying neither is null),
// and NOT swaps them, AND is (T1 AND T2, F1 OR F2), OR is (T1 OR T2, F1 AND F2).
//
// Pushed (anything else keeps the where, and what follows it, in spelunk):
//   isnull(f), isnotnull(f)          empty / notEmpty of f's values
//   f = "s", f != "s"  (either side) s not a number: byte equality, any value of a multi-value
//                                     (functions::compare; a number compares numerically)
//   f < <= > >= literal              as the search language's order test (same rule: numbers
//                                     when both parse, else bytes), via compile_search
//   like(f, "p"), f LIKE "p"         p with `%` only (no `_`, which ClickHouse matches per UTF-8
//                                     character, not per byte; no `*`): as a glob, case-sensitive
//   AND, OR, NOT, parentheses
// `_time` and `_raw` are not pushed (their eval values are a number and the event text).
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "evaluator/remote/sql_search.hpp"
#include "parser/ast.hpp"

namespace spelunk::remote {

struct WhereSql {
  std::string when_true;
  std::string when_false;
};

// The exact SQL of a search expression (one Compare), or nothing when it has no exact form.
using SearchLeafSql = std::function<std::optional<std::string>(const ast::SearchExpr&)>;

std::optional<WhereSql> compile_where(const ast::Expr& expr, const FieldResolver& fields,
                                      const SearchLeafSql& search_leaf);

}  // namespace spelunk::remote
