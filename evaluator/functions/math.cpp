// Numbers: round, floor, ceil/ceiling, abs, pow, sqrt, log, ln, exp, pi, exact, sigfig,
// trigonometry (acos..tanh, atan2, hypot), bit_and/or/xor/not/shift_left/right.
#include <charconv>
#include <cstdint>
#include <cmath>
#include <numbers>

#include "evaluator/functions/helpers.hpp"
#include "evaluator/functions/operators.hpp"

namespace spelunk::functions {

namespace {

Value finite(double d) { return std::isfinite(d) ? Value::of(d) : Value::null(); }

// Rounds half away from zero on the decimal text of x (its shortest round-trip form), so that
// round(2.555, 2) = 2.56 although 2.555 is stored as 2.55499999...
double round_decimal(double x, int digits) {
  if (digits < 0 || digits > 15) {
    double p = std::pow(10.0, digits);
    return std::round(x * p) / p;
  }
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, std::fabs(x), std::chars_format::fixed);
  if (ec != std::errc()) return x;
  std::string text(buf, end);
  std::size_t dot = text.find('.');
  if (dot == std::string::npos) return x;
  std::size_t keep = dot + 1 + static_cast<std::size_t>(digits);
  if (keep >= text.size()) return x;
  bool up = text[keep] >= '5';
  std::string kept = text.substr(0, keep);
  double value = 0;
  std::from_chars(kept.data(), kept.data() + kept.size(), value);
  if (up) value += std::pow(10.0, -digits);
  // Re-round to the kept digits to drop binary noise from the addition.
  double p = std::pow(10.0, digits);
  value = std::round(value * p) / p;
  return x < 0 ? -value : value;
}

double abs_fn(double x) { return std::fabs(x); }
double floor_fn(double x) { return std::floor(x); }
double ceil_fn(double x) { return std::ceil(x); }
double sqrt_fn(double x) { return x < 0 ? NAN : std::sqrt(x); }
double ln_fn(double x) { return x <= 0 ? NAN : std::log(x); }
double exp_fn(double x) { return std::exp(x); }
double acos_fn(double x) { return std::acos(x); }
double acosh_fn(double x) { return std::acosh(x); }
double asin_fn(double x) { return std::asin(x); }
double asinh_fn(double x) { return std::asinh(x); }
double atan_fn(double x) { return std::atan(x); }
double atanh_fn(double x) { return std::atanh(x); }
double cos_fn(double x) { return std::cos(x); }
double cosh_fn(double x) { return std::cosh(x); }
double sin_fn(double x) { return std::sin(x); }
double sinh_fn(double x) { return std::sinh(x); }
double tan_fn(double x) { return std::tan(x); }
double tanh_fn(double x) { return std::tanh(x); }

// round(x, n) keeps n decimals, trailing zeros included (Search Reference, makeresults example
// 5: round(random()/random(), 4) shows 0.8050); round(x) is an integer. A negative n is refused
// (Mathematical functions: "You cannot specify a negative number for the decimal places").
Value fn_round(const CallArgs& a) {
  auto x = number_arg(a, 0);
  if (!x) return Value::null();
  int decimals = 0;
  if (a.size() > 1) {
    auto d = number_arg(a, 1);
    if (!d) return Value::null();
    if (*d < 0) a.fail("the number of decimal places cannot be negative");
    decimals = static_cast<int>(std::min(*d, 15.0));
  }
  const double r = round_decimal(*x, decimals);
  if (!std::isfinite(r)) return Value::null();
  if (decimals == 0) return Value::of(r);
  return Value::number_with(r, std::max(1, decimals + 1 + decimal_exponent(r)), true);
}

// A function of one number: the result keeps the argument's significant digits.
template <double (*F)(double)>
Value unary_math(const CallArgs& a) {
  Value v = a.value(0);
  double x = 0;
  if (v.is_multi() || !v.as_number(x)) return Value::null();
  const double r = F(x);
  return std::isfinite(r) ? number_like(r, v) : Value::null();
}

// floor, ceil, abs: integers stay integers.
template <double (*F)(double)>
Value integral_math(const CallArgs& a) {
  Value v = a.value(0);
  double x = 0;
  if (v.is_multi() || !v.as_number(x)) return Value::null();
  const double r = F(x);
  if (!std::isfinite(r)) return Value::null();
  return F == abs_fn ? Value::number_with(r, v.number_digits(), v.is_real()) : Value::of(r);
}

Value fn_pow(const CallArgs& a) {
  Value vx = a.value(0), vy = a.value(1);
  double x = 0, y = 0;
  if (vx.is_multi() || vy.is_multi() || !vx.as_number(x) || !vy.as_number(y)) return Value::null();
  const double r = std::pow(x, y);
  if (!std::isfinite(r)) return Value::null();
  return Value::number_with(r, vx.number_digits(), vx.is_real() || r != std::trunc(r));
}

// atan2, hypot: the fewest significant digits of the two (atan2(0.50, 0.75) shows 0.59).
template <double (*F)(double, double)>
Value binary_math(const CallArgs& a) {
  Value vx = a.value(0), vy = a.value(1);
  double x = 0, y = 0;
  if (vx.is_multi() || vy.is_multi() || !vx.as_number(x) || !vy.as_number(y)) return Value::null();
  const double r = F(x, y);
  if (!std::isfinite(r)) return Value::null();
  int dx = vx.number_digits(), dy = vy.number_digits();
  int digits = dx < 0 ? dy : dy < 0 ? dx : std::min(dx, dy);
  return Value::number_with(r, digits, r != std::trunc(r));
}

double atan2_fn(double y, double x) { return std::atan2(y, x); }
double hypot_fn(double x, double y) { return std::hypot(x, y); }

// Bitwise functions (Search Reference, Bitwise functions) take integers from 0 to 2^53-1; any
// other argument (negative, fractional, 2^53 or more) gives null. Results are masked to 53 bits.
constexpr std::uint64_t kBits53 = (std::uint64_t{1} << 53) - 1;

std::optional<std::uint64_t> integer_arg(const CallArgs& a, std::size_t i) {
  auto d = number_arg(a, i);
  if (!d || *d < 0 || *d > static_cast<double>(kBits53) || *d != std::trunc(*d)) return std::nullopt;
  return static_cast<std::uint64_t>(*d);
}

template <int kOp>  // 0 and, 1 or, 2 xor
Value bitwise(const CallArgs& a) {
  std::optional<std::uint64_t> acc = integer_arg(a, 0);
  for (std::size_t i = 1; acc && i < a.size(); ++i) {
    auto v = integer_arg(a, i);
    if (!v) return Value::null();
    acc = kOp == 0 ? (*acc & *v) : kOp == 1 ? (*acc | *v) : (*acc ^ *v);
  }
  return acc ? Value::of(static_cast<double>(*acc)) : Value::null();
}

// bit_not(v[, bitmask]): every bit of v inverted, ANDed with the bitmask (default 2^53-1):
// bit_not(9, 15) is 6.
Value fn_bit_not(const CallArgs& a) {
  auto v = integer_arg(a, 0);
  std::optional<std::uint64_t> mask = kBits53;
  if (a.size() > 1) mask = integer_arg(a, 1);
  if (!v || !mask) return Value::null();
  return Value::of(static_cast<double>(~*v & *mask & kBits53));
}

// Shifts by 53 or more give 0 (bit_shift_left(1, 53) is 0); the left shift drops the bits past
// the 53rd (bit_shift_left(3, 52) is 4503599627370496).
template <bool kLeft>
Value bit_shift(const CallArgs& a) {
  auto v = integer_arg(a, 0), n = integer_arg(a, 1);
  if (!v || !n) return Value::null();
  if (*n >= 53) return Value::of(0.0);
  std::uint64_t r = kLeft ? (*v << *n) & kBits53 : *v >> *n;
  return Value::of(static_cast<double>(r));
}

Value fn_log(const CallArgs& a) {
  auto x = number_arg(a, 0);
  double base = 10;
  if (a.size() > 1) {
    auto b = number_arg(a, 1);
    if (!b) return Value::null();
    base = *b;
  }
  if (!x || *x <= 0 || base <= 0 || base == 1) return Value::null();
  return finite(std::log(*x) / std::log(base));
}

// pi() "to 11 digits of precision" (Mathematical functions): 3.14159265359, twelve significant
// digits, which is why cos(pi()) shows -1.00000000000 (Trig and Hyperbolic functions).
Value fn_pi(const CallArgs&) { return Value::number_with(std::numbers::pi, 12, true); }

// sigfig(x): x rounded to the significant digits its computation carries (1.00*1111 -> 1110,
// 123.0 + 4.567 -> 127.6); a value that carries all its digits is returned as it is.
Value fn_sigfig(const CallArgs& a) {
  Value v = a.value(0);
  double x = 0;
  if (v.is_multi() || !v.as_number(x)) return Value::null();
  const int digits = v.number_digits();
  if (digits < 0) return Value::of(x);
  const double r = round_significant(x, digits);
  return Value::number_with(r, digits, r != std::trunc(r));
}

// exact(x): x with all the digits a double holds (8.250 * exact(0.2) shows 1.650).
Value fn_exact(const CallArgs& a) {
  Value v = a.value(0);
  double x = 0;
  if (v.is_multi() || !v.as_number(x)) return Value::null();
  return Value::number_with(x, -1, v.is_real());
}

}  // namespace

void register_math(FunctionTable& t) {
  add(t, "round", 1, 2, fn_round);
  add(t, "floor", 1, 1, integral_math<floor_fn>);
  add(t, "ceil", 1, 1, integral_math<ceil_fn>);
  add(t, "ceiling", 1, 1, integral_math<ceil_fn>);
  add(t, "abs", 1, 1, integral_math<abs_fn>);
  add(t, "sqrt", 1, 1, unary_math<sqrt_fn>);
  add(t, "ln", 1, 1, unary_math<ln_fn>);
  add(t, "exp", 1, 1, unary_math<exp_fn>);
  add(t, "exact", 1, 1, fn_exact);
  add(t, "pow", 2, 2, fn_pow);
  add(t, "log", 1, 2, fn_log);
  add(t, "pi", 0, 0, fn_pi);
  add(t, "sigfig", 1, 1, fn_sigfig);
  add(t, "acos", 1, 1, unary_math<acos_fn>);
  add(t, "acosh", 1, 1, unary_math<acosh_fn>);
  add(t, "asin", 1, 1, unary_math<asin_fn>);
  add(t, "asinh", 1, 1, unary_math<asinh_fn>);
  add(t, "atan", 1, 1, unary_math<atan_fn>);
  add(t, "atanh", 1, 1, unary_math<atanh_fn>);
  add(t, "cos", 1, 1, unary_math<cos_fn>);
  add(t, "cosh", 1, 1, unary_math<cosh_fn>);
  add(t, "sin", 1, 1, unary_math<sin_fn>);
  add(t, "sinh", 1, 1, unary_math<sinh_fn>);
  add(t, "tan", 1, 1, unary_math<tan_fn>);
  add(t, "tanh", 1, 1, unary_math<tanh_fn>);
  add(t, "atan2", 2, 2, binary_math<atan2_fn>);
  add(t, "hypot", 2, 2, binary_math<hypot_fn>);
  add(t, "bit_and", 2, kAnyArity, bitwise<0>);
  add(t, "bit_or", 2, kAnyArity, bitwise<1>);
  add(t, "bit_xor", 2, kAnyArity, bitwise<2>);
  add(t, "bit_not", 1, 2, fn_bit_not);
  add(t, "bit_shift_left", 2, 2, bit_shift<true>);
  add(t, "bit_shift_right", 2, 2, bit_shift<false>);
}

}  // namespace spelunk::functions
