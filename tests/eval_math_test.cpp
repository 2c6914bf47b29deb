// Math eval functions no other test ran: pi, exact, sigfig, and the trigonometric and hyperbolic
// functions (Search Reference, "Mathematical functions"; "Trig and Hyperbolic functions": all in
// radians; a result that is not a finite number is null).
#include <doctest/doctest.h>

#include <cmath>
#include <numbers>

#include "tests/eval_support.hpp"

using namespace spelunk;
using spelunk::testing::MapScope;

namespace {

double number(MapScope& s, const std::string& e) {
  Value v = s.eval(e);
  REQUIRE_MESSAGE(v.type == Value::Type::Number, e);
  return v.number;
}

}  // namespace

TEST_CASE("eval math: pi and exact") {
  MapScope s({{"r", Value::of("2")}});
  CHECK(number(s, "pi()") == std::numbers::pi);
  CHECK(number(s, "pi() * r * r") == doctest::Approx(12.566370614359172));
  CHECK(number(s, "exact(3.14 * r)") == doctest::Approx(6.28));
  CHECK(s.eval("exact(missing)").is_null());
  CHECK(s.eval("exact(\"abc\")").is_null());
}

TEST_CASE("eval math: sigfig keeps the significant digits of a plain number") {
  MapScope s({{"x", Value::of("1111")}});
  CHECK(s.text("sigfig(x)") == "1111");
  CHECK(s.text("sigfig(0)") == "0");
  CHECK(s.text("sigfig(2.5)") == "2.5");
  CHECK(s.eval("sigfig(\"abc\")").is_null());
  // Splunk also narrows a product to its operands' precision (sigfig(1.00*1111) = 1110): not
  // implemented (the result would need the literals' digits); see the eval functions' notes.
}

TEST_CASE("eval math: trigonometric and hyperbolic functions, in radians") {
  MapScope s({{"half", Value::of("0.5")}, {"one", Value::of("1")}});
  CHECK(number(s, "sin(pi() / 2)") == doctest::Approx(1.0));
  CHECK(number(s, "cos(pi())") == doctest::Approx(-1.0));
  CHECK(number(s, "tan(pi() / 4)") == doctest::Approx(1.0));
  CHECK(number(s, "asin(half)") == doctest::Approx(std::numbers::pi / 6));
  CHECK(number(s, "acos(half)") == doctest::Approx(std::numbers::pi / 3));
  CHECK(number(s, "atan(one)") == doctest::Approx(std::numbers::pi / 4));
  CHECK(number(s, "atan2(one, -1)") == doctest::Approx(3 * std::numbers::pi / 4));
  CHECK(number(s, "hypot(3, 4)") == 5);
  CHECK(number(s, "sinh(one)") == doctest::Approx(std::sinh(1.0)));
  CHECK(number(s, "cosh(0)") == 1);
  CHECK(number(s, "tanh(one)") == doctest::Approx(std::tanh(1.0)));
  CHECK(number(s, "asinh(one)") == doctest::Approx(std::asinh(1.0)));
  CHECK(number(s, "acosh(one)") == 0);
  CHECK(number(s, "atanh(half)") == doctest::Approx(std::atanh(0.5)));
  // Outside the domain: no number, null.
  CHECK(s.eval("asin(2)").is_null());
  CHECK(s.eval("acosh(half)").is_null());
  CHECK(s.eval("atanh(one)").is_null());
  CHECK(s.eval("sin(missing)").is_null());
}
