// The eval expression language (eval, where, fillnull value, calculated fields): literals,
// fields, arithmetic, concatenation, comparisons, NOT > AND > OR > XOR (R2.7), LIKE, IN, calls.
#include <doctest/doctest.h>

#include "tests/parser_test_util.hpp"

using spelunk::test::Case;

namespace {

std::string eval_of(const std::string& text) {
  spelunk::ast::Expr expr;
  const auto r = spelunk::parse_eval_expression(text, expr);
  if (r.error) return "error: " + r.error->message + " @" + std::to_string(r.error->pos.column);
  return spelunk::to_string(expr);
}

}  // namespace

TEST_CASE("eval: precedence NOT > AND > OR > XOR, arithmetic conventional") {
  const Case cases[] = {
      {"x OR y AND z", "(x OR (y AND z))"},
      {"a=1 OR b=2 AND c=3", "((a = 1) OR ((b = 2) AND (c = 3)))"},
      {"NOT a AND b", "((NOT a) AND b)"},
      {"a XOR b OR c", "(a XOR (b OR c))"},
      {"1 + 2 * 3", "(1 + (2 * 3))"},
      {"(1 + 2) * 3", "((1 + 2) * 3)"},
      {"10 - 2 - 3", "((10 - 2) - 3)"},
      {"a / b % c", "((a / b) % c)"},
      {"x . \"!\"", "(x . \"!\")"},
      {"1 + 2 . \"x\"", "((1 + 2) . \"x\")"},
      {"a + 1 > b * 2", "((a + 1) > (b * 2))"},
      {"NOT x=1", "(NOT (x = 1))"},
      {"!x", "(NOT x)"},
      {"a != b", "(a != b)"},
      {"a == b", "(a = b)"},
      {"a <= 1 AND b >= 2", "((a <= 1) AND (b >= 2))"},
      {"x and y or not z", "((x AND y) OR (NOT z))"},
      {"-1", "-1"},
      {"-x", "(- x)"},
      {"- 2.5e3", "-2.5e3"},
      {"3 - -1", "(3 - -1)"},
  };
  for (const auto& c : cases) {
    INFO(c.query);
    CHECK(eval_of(c.query) == c.expected);
  }
}

TEST_CASE("eval: literals, fields, LIKE, IN, function calls") {
  const Case cases[] = {
      {"\"a\\\\b\\\"c\"", "\"a\\b\"c\""},
      {"'process-name'", "'process-name'"},
      {"'5minutes' + 1", "('5minutes' + 1)"},
      {"Processes.process_name", "Processes.process_name"},
      {"Image LIKE \"%cmd.exe\"", "(Image LIKE \"%cmd.exe\")"},
      {"x like \"a_\"", "(x LIKE \"a_\")"},
      {"x IN (\"a\", \"b\")", "in(x, \"a\", \"b\")"},
      {"in(x, \"a\", \"b\")", "in(x, \"a\", \"b\")"},
      {"if(match(_raw, \"INCLUDE\") and isnotnull(src_ip), \"t\" . src_ip, \"false\")",
       "if((match(_raw, \"INCLUDE\") AND isnotnull(src_ip)), (\"t\" . src_ip), \"false\")"},
      {"now()", "now()"},
      {"COALESCE(a, b, c, d)", "coalesce(a, b, c, d)"},
      {"case(x=1, \"one\", true(), \"other\")", "case((x = 1), \"one\", true(), \"other\")"},
      {"mvindex(split(h, \",\"), -1)", "mvindex(split(h, \",\"), -1)"},
      {"round(relative_time(now(), \"-1d@d\") / 60, 2)", "round((relative_time(now(), \"-1d@d\") / 60), 2)"},
  };
  for (const auto& c : cases) {
    INFO(c.query);
    CHECK(eval_of(c.query) == c.expected);
  }
}

TEST_CASE("eval: string escapes: \\t is a tab in eval strings (R9.2)") {
  spelunk::ast::Expr e;
  REQUIRE_FALSE(spelunk::parse_eval_expression(R"("C:\\windows\temp\x")", e).error);
  CHECK(e.kind == spelunk::ast::Expr::Kind::String);
  CHECK(e.text == "C:\\windows\temp\\x");
}

TEST_CASE("eval: node kinds and positions") {
  spelunk::ast::Expr e;
  REQUIRE_FALSE(spelunk::parse_eval_expression("lower(Image) == \"x\"", e).error);
  CHECK(e.kind == spelunk::ast::Expr::Kind::Binary);
  CHECK(e.text == "=");
  CHECK(e.args[0].kind == spelunk::ast::Expr::Kind::Call);
  CHECK(e.args[0].text == "lower");
  CHECK(e.args[0].args[0].kind == spelunk::ast::Expr::Kind::Field);
  CHECK(e.args[1].kind == spelunk::ast::Expr::Kind::String);
  CHECK(e.args[1].pos.column == 17);
  REQUIRE_FALSE(spelunk::parse_eval_expression("2.50", e).error);
  CHECK(e.kind == spelunk::ast::Expr::Kind::Number);
  CHECK(e.number == 2.5);
  CHECK(e.text == "2.50");
}

TEST_CASE("eval: errors") {
  CHECK(eval_of("1 +") == "error: expected a value after the operator but found end of query @4");
  CHECK(eval_of("f(1, 2") == "error: unclosed '(' opened at line 1, column 1: expected ')' but found end of query at line 1, column 7 @1");
  CHECK(eval_of("a AND") == "error: expected an expression after 'AND' but found end of query @6");
  CHECK(eval_of("x IN \"a\"") == "error: expected '(' and a list of values after 'IN' but found '\"' @6");
  CHECK(eval_of("'abc") == "error: unclosed \"'\" opened at line 1, column 1 (no closing quote before the end of the query) @1");
  CHECK(eval_of("1 2") == "error: expected '|' or the end of the query but found '2' @3");
}
