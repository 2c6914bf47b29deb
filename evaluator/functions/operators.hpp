// SPL eval operators on Values, shared by evaluate() and the functions (in, like, min, max...).
#pragma once

#include <optional>
#include <string_view>

#include "evaluator/value.hpp"

namespace spelunk::functions {

// Truth of a condition value: Bool -> its value; anything else (null, number, string) -> nullopt.
std::optional<bool> truth(const Value& v);

// + - * / % on numbers (numeric-looking strings count as numbers); '+' on two strings
// concatenates; division/modulo by zero, multi-values and type mismatches -> null.
Value arithmetic(char op, const Value& a, const Value& b);
Value negate(const Value& v);
// '.' : text of both sides (numbers formatted as SPL prints them); a null side -> null.
Value concatenate(const Value& a, const Value& b);

// = != < <= > >= : case-sensitive; numeric when both sides are numeric, else byte order.
// Multi-values: true if any value satisfies. A null side -> null.
Value compare(std::string_view op, const Value& a, const Value& b);
// Scalar ordering used by compare/min/max/mvsort: <0, 0, >0.
int compare_scalars(std::string_view a, std::string_view b);

// SQL LIKE over the whole value: '%' any run, '_' one character (byte); case-sensitive.
bool like_match(std::string_view text, std::string_view pattern);
Value like(const Value& text, const Value& pattern);

}  // namespace spelunk::functions
