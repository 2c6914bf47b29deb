// The JSON eval functions beyond the Search Reference's examples: invalid input, paths that do
// not fit, escaping, nesting limits (tests/conformance_eval_json_test.cpp has the page's examples).
#include <doctest/doctest.h>

#include "evaluator/json_value.hpp"
#include "tests/eval_support.hpp"

using namespace spelunk;
using spelunk::testing::MapScope;

TEST_CASE("json: writing escapes quotes, backslashes and control characters") {
  MapScope s({{"raw", Value::of(std::string("a\"b\\c\n\x01", 7))}});
  CHECK(s.text("json_object(\"k\", raw)") == "{\"k\":\"a\\\"b\\\\c\\n\\u0001\"}");
  CHECK(json::quote("tab\there") == "\"tab\\there\"");
  // Non-ASCII text passes through as UTF-8.
  CHECK(s.text("json_array(\"Königreich\")") == "[\"Königreich\"]");
}

TEST_CASE("json: values become JSON by kind; containers in fields are embedded") {
  MapScope s({{"arr", Value::of("[1,2]")}, {"word", Value::of("[not json")}, {"num", Value::of("42")},
              {"mv", Value::list({"a", "b"})}});
  CHECK(s.text("json_object(\"a\", arr)") == "{\"a\":[1,2]}");
  CHECK(s.text("json_object(\"a\", \"[1,2]\")") == "{\"a\":\"[1,2]\"}");  // a literal stays a string
  CHECK(s.text("json_object(\"a\", word)") == "{\"a\":\"[not json\"}");
  CHECK(s.text("json_object(\"a\", num)") == "{\"a\":\"42\"}");  // field text is text
  CHECK(s.text("json_object(\"a\", 42, \"b\", 1.5, \"c\", null(), \"d\", true(), \"e\", mv)") ==
        "{\"a\":42,\"b\":1.5,\"c\":null,\"d\":true,\"e\":[\"a\",\"b\"]}");
  CHECK(s.text("json_object()") == "{}");
  CHECK(s.text("json_array()") == "[]");
}

TEST_CASE("json: argument checks happen before any row is read") {
  CHECK_THROWS_AS(check_expression(spelunk::testing::expr("json_object(\"a\")")), EvalError);
  CHECK_THROWS_AS(check_expression(spelunk::testing::expr("json_set(\"{}\", \"a\")")), EvalError);
  MapScope s;
  CHECK_THROWS_AS(s.eval("json_object(1, 2)"), EvalError);  // a key must be a string
}

TEST_CASE("json: invalid documents give null; valid tells") {
  MapScope s({{"bad", Value::of("{\"a\":")}, {"good", Value::of("{\"a\":1}")}});
  CHECK(s.eval("json(bad)").is_null());
  CHECK(s.eval("json_keys(bad)").is_null());
  CHECK(s.eval("json_extract(bad, \"a\")").is_null());
  CHECK(s.eval("json_set(bad, \"a\", 1)").is_null());
  CHECK(s.cond("json_valid(good)"));
  CHECK_FALSE(s.cond("json_valid(bad)"));
  CHECK(s.eval("json_keys(\"[1,2]\")").is_null());  // "cannot be used on JSON arrays"
}

TEST_CASE("json: extract gives native values; several paths an array") {
  MapScope s({{"j", Value::of("{\"s\":\"x\",\"n\":2.5,\"b\":true,\"z\":null,\"o\":{\"k\":[1,2]}}")}});
  CHECK(s.eval("json_extract(j, \"s\")").type == Value::Type::String);
  CHECK(s.text("json_extract(j, \"n\")") == "2.5");
  CHECK(s.eval("json_extract(j, \"b\")").type == Value::Type::Bool);
  CHECK(s.eval("json_extract(j, \"z\")").is_null());
  CHECK(s.text("json_extract(j, \"o.k{1}\")") == "2");
  CHECK(s.text("json_extract(j, \"o\")") == "{\"k\":[1,2]}");
  CHECK(s.text("json_extract(j, \"s\", \"n\", \"missing\")") == "[\"x\",2.5,null]");
  CHECK(s.eval("json_extract(j, \"o.k{9}\")").is_null());
  CHECK_THROWS_AS(s.eval("json_extract(j, \"o.k{x}\")"), EvalError);  // a malformed path is named
  CHECK(s.text("json_extract_exact(j, \"s\", \"n\")") == "[\"x\",2.5]");
}

TEST_CASE("json: set, append, extend, delete on paths that fit and that do not") {
  MapScope s({{"j", Value::of("{\"a\":\"b\",\"l\":[1],\"o\":{\"x\":1}}")}});
  CHECK(s.text("json_set(j, \"a.c\", \"d\")") == "{\"a\":\"b\",\"l\":[1],\"o\":{\"x\":1}}");  // mismatch: skipped
  CHECK(s.text("json_set(j, \"n.m\", 1)") == "{\"a\":\"b\",\"l\":[1],\"o\":{\"x\":1},\"n\":{\"m\":1}}");
  CHECK(s.text("json_set(j, \"a\", 5, \"o.x\", 2)") == "{\"a\":5,\"l\":[1],\"o\":{\"x\":2}}");
  CHECK(s.text("json_append(j, \"a\", \"c\")") == "{\"a\":[\"b\",\"c\"],\"l\":[1],\"o\":{\"x\":1}}");  // wraps a scalar
  CHECK(s.text("json_append(j, \"l\", json_array(2, 3))") == "{\"a\":\"b\",\"l\":[1,[2,3]],\"o\":{\"x\":1}}");
  CHECK(s.text("json_extend(j, \"l\", json_array(2, 3))") == "{\"a\":\"b\",\"l\":[1,2,3],\"o\":{\"x\":1}}");
  CHECK(s.text("json_append(j, \"nope\", 1)") == "{\"a\":\"b\",\"l\":[1],\"o\":{\"x\":1}}");  // no such path
  CHECK(s.text("json_delete(j, json_array(\"a\", \"o.x\"))") == "{\"l\":[1],\"o\":{}}");
  CHECK(s.text("json_delete(j, \"l{0}\")") == "{\"a\":\"b\",\"l\":[1],\"o\":{\"x\":1}}");  // no array indexing
}

TEST_CASE("json: deep documents are refused, not recursed into") {
  std::string deep(5000, '[');
  deep += std::string(5000, ']');
  CHECK_FALSE(json::parse(deep).has_value());
  std::string ok(50, '[');
  ok += std::string(50, ']');
  CHECK(json::parse(ok).has_value());
}

TEST_CASE("json: array_to_mv and mv_to_json_array round trips; tomv keeps quotes") {
  MapScope s({{"mv", Value::list({"1", "x", "true"})}});
  CHECK(s.text("mv_to_json_array(mv)") == "[\"1\",\"x\",\"true\"]");
  CHECK(s.text("mv_to_json_array(mv, true())") == "[1,null,true]");  // x is no JSON value
  CHECK(s.eval("json_array_to_mv(\"[1,\\\"a\\\",[2]]\")").values() == std::vector<std::string>{"1", "a", "[2]"});
  CHECK(s.eval("json_array_to_mv(\"{}\")").is_null());
  CHECK_THROWS_AS(s.eval("json_array_to_mv(\"[1]\", 1)"), EvalError);  // the flag must be true()/false()
}
