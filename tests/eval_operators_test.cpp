#include <doctest/doctest.h>

#include "tests/eval_support.hpp"

using namespace spelunk;
using spelunk::testing::MapScope;

TEST_CASE("eval operators: arithmetic on numbers and numeric-looking field strings") {
  MapScope s({{"a", Value::of("10")}, {"b", Value::of("4")}, {"name", Value::of("cmd")}});
  CHECK(s.text("a + b") == "14");
  CHECK(s.text("a - b * 2") == "2");
  CHECK(s.text("a / b") == "2.5");
  CHECK(s.text("a % b") == "2");
  CHECK(s.text("-a + 1") == "-9");
  CHECK(s.text("(a + b) * 2") == "28");
  CHECK(s.eval("a + b").type == Value::Type::Number);
}

TEST_CASE("eval operators: division and modulo by zero give null") {
  MapScope s({{"zero", Value::of("0")}});
  CHECK(s.eval("1/0").is_null());
  CHECK(s.eval("5 % zero").is_null());
}

TEST_CASE("eval operators: + concatenates two non-numeric strings, mixed is null") {
  MapScope s({{"name", Value::of("cmd")}});
  CHECK(s.text("\"ab\" + \"cd\"") == "abcd");
  CHECK(s.text("name + \".exe\"") == "cmd.exe");
  CHECK(s.eval("name + 1").is_null());
  CHECK(s.eval("name * 2").is_null());
}

TEST_CASE("eval operators: '.' concatenation, numbers formatted, null operand gives null (R9.1)") {
  MapScope s({{"n", Value::of(3.0)}, {"x", Value::of("y")}});
  CHECK(s.text("3 . \"x\"") == "3x");
  CHECK(s.text("n . \"-\" . x") == "3-y");
  CHECK(s.text("2.5 . \"\"") == "2.5");
  CHECK(s.eval("CommandLine . \"!\"").is_null());
}

TEST_CASE("eval operators: comparisons are case-sensitive (Trap 5) and numeric when both numeric") {
  MapScope s({{"User", Value::of("system")}, {"pid", Value::of("10")}, {"other", Value::of("9")}});
  CHECK_FALSE(s.cond("User = \"SYSTEM\""));
  CHECK(s.cond("User = \"system\""));
  CHECK(s.cond("User == \"system\""));
  CHECK(s.cond("User != \"SYSTEM\""));
  CHECK(s.cond("pid > other"));       // 10 > 9 numerically (string order would say "10" < "9")
  CHECK(s.cond("pid > 9"));
  CHECK(s.cond("pid = 10.0"));
  CHECK(s.cond("\"abc\" < \"abd\""));
  CHECK(s.cond("\"B\" < \"a\""));     // byte order, upper case first
  CHECK(s.cond("pid >= 10"));
  CHECK(s.cond("pid <= 10"));
  CHECK_FALSE(s.cond("pid < 10"));
}

TEST_CASE("eval operators: unquoted right-hand side is a field (Trap 6); '*' is literal") {
  MapScope s({{"EventCode", Value::of("1")}, {"one", Value::of("1")},
              {"Image", Value::of("C:\\Windows\\cmd.exe")}});
  CHECK(s.cond("EventCode = one"));
  CHECK_FALSE(s.cond("EventCode = two"));  // absent field: null, not true
  CHECK_FALSE(s.cond("Image = \"*cmd.exe\""));
  CHECK(s.cond("like(Image, \"%cmd.exe\")"));
}

TEST_CASE("eval operators: null in comparisons is not true, in either polarity") {
  MapScope s;
  CHECK(s.eval("missing = \"x\"").is_null());
  CHECK_FALSE(s.cond("missing = \"x\""));
  CHECK_FALSE(s.cond("missing != \"x\""));
}

TEST_CASE("eval operators: multi-value comparison is true when any value satisfies") {
  MapScope s({{"ips", Value::list({"10.0.0.1", "192.168.1.5"})}});
  CHECK(s.cond("ips = \"192.168.1.5\""));
  CHECK(s.cond("ips != \"10.0.0.1\""));  // the other value differs
  CHECK_FALSE(s.cond("ips = \"8.8.8.8\""));
}

TEST_CASE("eval operators: LIKE with % and _ matches the whole value, case-sensitive") {
  MapScope s({{"Image", Value::of("C:\\W\\cmd.exe")}});
  CHECK(s.cond("Image LIKE \"%\\\\cmd.exe\""));
  CHECK(s.cond("Image LIKE \"C:%\""));
  CHECK_FALSE(s.cond("Image LIKE \"cmd%\""));  // whole value, not a substring
  CHECK(s.cond("Image LIKE \"C:_W_cmd.exe\""));
  CHECK_FALSE(s.cond("Image LIKE \"c:%\""));
  CHECK(s.cond("\"100%\" LIKE \"100%\""));
  CHECK(s.cond("\"abc\" LIKE \"%%c\""));
  CHECK_FALSE(s.cond("\"abc\" LIKE \"a_\""));
}

TEST_CASE("eval operators: Boolean logic is three-valued; NOT > AND > OR > XOR") {
  MapScope s({{"a", Value::of("1")}});
  CHECK(s.cond("a = 1 AND a < 2"));
  CHECK(s.cond("a = 2 OR a = 1"));
  CHECK_FALSE(s.cond("NOT a = 1"));
  CHECK(s.cond("!(a = 2)"));
  CHECK(s.cond("a = 1 XOR a = 2"));
  CHECK_FALSE(s.cond("a = 1 XOR a = 1"));
  // null AND false = false; null OR true = true; null AND true = null
  CHECK(s.eval("missing = 1 AND a = 2").type == Value::Type::Bool);
  CHECK(s.eval("missing = 1 OR a = 1").type == Value::Type::Bool);
  CHECK(s.eval("missing = 1 AND a = 1").is_null());
  CHECK(s.eval("NOT missing = 1").is_null());
  // OR binds tighter than XOR, AND tighter than OR
  CHECK(s.cond("a = 1 OR a = 2 AND a = 3"));
}

TEST_CASE("eval operators: IN membership") {
  MapScope s({{"EventCode", Value::of("4688")}});
  CHECK(s.cond("EventCode IN (1, 4688, \"x\")"));
  CHECK_FALSE(s.cond("EventCode IN (1, 2)"));
  CHECK(s.cond("in(EventCode, \"4688\")"));
  CHECK_FALSE(s.cond("missing IN (1, 2)"));
}

TEST_CASE("eval: unknown function and wrong arity are errors, checked before the scan") {
  CHECK_THROWS_AS(check_expression(spelunk::testing::expr("nosuch(1)")), EvalError);
  CHECK_THROWS_AS(check_expression(spelunk::testing::expr("if(1, 2)")), EvalError);
  CHECK_THROWS_AS(check_expression(spelunk::testing::expr("lower(\"a\", \"b\")")), EvalError);
  CHECK_THROWS_AS(check_expression(spelunk::testing::expr("case(a = 1, \"x\", \"y\")")), EvalError);
  CHECK_NOTHROW(check_expression(spelunk::testing::expr("if(a > 1, \"x\", null())")));
  CHECK_NOTHROW(check_expression(spelunk::testing::expr("match(a, \"(?<=x)y\")")));  // PCRE2 (issue 12)
  CHECK_THROWS_AS(check_expression(spelunk::testing::expr("match(a, \"(?<=x\")")), EvalError);
}

TEST_CASE("eval: Boolean expressions are recognised (they cannot be stored, Trap 13)") {
  using spelunk::testing::expr;
  CHECK(is_boolean_expression(expr("a > 1")));
  CHECK(is_boolean_expression(expr("isnull(a)")));
  CHECK(is_boolean_expression(expr("NOT a = 1")));
  CHECK_FALSE(is_boolean_expression(expr("if(a > 1, \"t\", \"f\")")));
  CHECK_FALSE(is_boolean_expression(expr("a + 1")));
}

TEST_CASE("eval: referenced_fields lists each field once, in order") {
  auto fields = referenced_fields(spelunk::testing::expr("if(a > b, a . c, lower(d))"));
  CHECK(fields == std::vector<std::string>{"a", "b", "c", "d"});
}
