// Numbers carry the precision they are written with (Search Reference, eval, Rounding), and the
// other number rules of issue 12: typeof/isint/isdouble, printf edge cases, tostring binary.
#include <doctest/doctest.h>

#include "tests/eval_support.hpp"

using namespace spelunk;
using spelunk::testing::MapScope;

TEST_CASE("precision: significant digits of written numbers") {
  CHECK(significant_digits("8.250") == 4);
  CHECK(significant_digits("0.20") == 2);
  CHECK(significant_digits("0.002") == 1);
  CHECK(significant_digits("-1.00") == 3);
  CHECK(significant_digits("1111") == -1);  // integers are exact
  CHECK(significant_digits("1e3") == -1);
  CHECK(significant_digits("0.00") == 3);
  CHECK(format_significant(1.65, 2) == "1.7");   // 1.65 is 1.6499.. in binary; its decimal text rounds up
  CHECK(format_significant(9.96, 2) == "10.0");  // integer digits are never rounded away
  CHECK(format_significant(0.0, 3) == "0.00");
  CHECK(format_significant(-1.0, 12) == "-1.00000000000");
  CHECK(format_significant(1111, 3) == "1111");
}

TEST_CASE("precision: arithmetic keeps the least precise operand") {
  MapScope s({{"f", Value::of("3.50")}, {"i", Value::of("10")}});
  CHECK(s.text("0.1 + 0.2") == "0.3");
  CHECK(s.text("1.5 - 1.5") == "0.0");
  CHECK(s.text("10 / 4") == "2.5");        // integers: every digit
  CHECK(s.text("10 / 3") == "3.3333333333333335");
  CHECK(s.text("f * 2") == "7.00");        // field text "3.50" carries 3 digits
  CHECK(s.text("i * 2") == "20");
  CHECK(s.text("-(1.50)") == "-1.50");
  CHECK(s.text("exact(0.1) + exact(0.2)") == "0.30000000000000004");
  CHECK(s.text("round(2.5, 2)") == "2.50");
  CHECK(s.text("round(-2.5)") == "-3");    // half away from zero
  CHECK_THROWS_AS(s.eval("round(2.5, -1)"), EvalError);
  CHECK(s.text("1 / 0") == "");            // division by zero: null
  CHECK(s.text("pow(10, 400)") == "");     // pow's own overflow: null
}

TEST_CASE("precision: integers and doubles") {
  MapScope s({{"i", Value::of("7")}, {"d", Value::of("7.0")}});
  CHECK(s.cond("isint(i)"));
  CHECK_FALSE(s.cond("isint(d)"));
  CHECK(s.cond("isdouble(d)"));
  CHECK(s.cond("isdouble(7 / 2)"));
  CHECK_FALSE(s.cond("isdouble(8 / 2)"));
  CHECK(s.cond("isdouble(sqrt(2))"));
  CHECK(s.text("toint(-3.5)") == "-4");  // rounded down
  CHECK(s.text("todouble(\"2.50\")") == "2.50");
  CHECK(s.text("tostring(5, \"binary\")") == "101");
  CHECK(s.eval("tostring(\"5\", \"binary\")").is_null());  // "tostring("5", "binary") is not supported"
  CHECK(s.eval("tostring(-1, \"binary\")").is_null());
  CHECK_THROWS_AS(s.eval("tostring(5, \"octal\")"), EvalError);
}

TEST_CASE("printf: unsupported conversions are named; hostile widths are bounded") {
  MapScope s;
  for (const char* f : {"%n", "%C", "%S", "%1$d", "%q", "%"}) {
    CAPTURE(f);
    CHECK_THROWS_AS(s.eval(std::string("printf(\"") + f + "\", 1)"), EvalError);
  }
  CHECK(s.text("printf(\"%999999d\", 1)").size() == 1024);  // width capped
  CHECK(s.text("printf(\"%.2s|%5s|%-5s|\", \"abc\", \"x\", \"y\")") == "ab|    x|y    |");
  CHECK(s.text("printf(\"%d %s\", 1)") == "1 ");  // a missing argument is empty
  CHECK(s.text("printf(\"%c\", 8364)") == "€");
  CHECK(s.text("printf(\"%'.2f\", 1234567.891)") == "1,234,567.89");
  CHECK(s.text("printf(\"%*d|\", -4, 7)") == "7   |");  // a negative * width left-justifies
}
