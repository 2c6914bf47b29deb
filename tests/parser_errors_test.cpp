// Errors: every message names what was expected and what was found, at a line and column;
// unclosed brackets and quotes point at their opener; nesting is bounded.
#include <doctest/doctest.h>

#include <string>

#include "tests/parser_test_util.hpp"

using spelunk::test::Case;
using spelunk::test::parsed;

TEST_CASE("errors: messages and positions") {
  const Case cases[] = {
      {"index=main (a OR b", "error: unclosed '(' opened at line 1, column 12: expected ')' but found end of query at line 1, column 19 @1:12"},
      {"a (b | stats count", "error: unclosed '(' opened at line 1, column 3: expected ')' but found '|' at line 1, column 6 @1:3"},
      {"x=\"abc", "error: unclosed '\"' opened at line 1, column 3 (no closing quote before the end of the query) @1:3"},
      {"a [search b", "error: unclosed '[' opened at line 1, column 3: expected ']' but found end of query at line 1, column 12 @1:3"},
      {"a )", "error: expected '|' or the end of the query but found ')' @1:3"},
      {"a | table x ) y", "error: expected '|' or the end of the command 'table' but found ')' @1:13"},
      {"x= )", "error: expected a value after the comparison operator but found ')' @1:4"},
      {"a AND", "error: expected a search term after 'AND' but found end of query @1:6"},
      {"a OR OR b", "error: expected a search term after 'OR' but found 'OR' @1:6"},
      {"NOT", "error: expected a search term after 'NOT' but found end of query @1:4"},
      {"()", "error: expected a search expression after '(' but found ')' @1:2"},
      {"x IN a", "error: expected '(' and a list of values after 'IN' but found 'a' @1:6"},
      {"| ", "error: expected a command name after '|' but found end of query @1:3"},
      {"a | stats count by", "error: expected a field name after 'BY' but found end of query @1:19"},
      {"a | eval x=", "error: expected an expression after '=' but found end of query @1:12"},
      {"a | eval x", "error: expected '=' after the field name but found end of query @1:11"},
      {"a | eval x=f(1,", "error: expected an eval expression but found end of query @1:16"},
      {"a | where (x", "error: unclosed '(' opened at line 1, column 11: expected ')' but found end of query at line 1, column 13 @1:11"},
      {"a|\n b=1 | where x==\"y\" AND", "error: expected an expression after 'AND' but found end of query @2:24"},
      {"a | rename x", "error: expected 'field AS new_name' after 'rename' but found end of query @1:13"},
      {"a | rename x y", "error: expected 'AS' but found 'y' @1:14"},
      {"a | stats", "error: 'stats' needs an aggregation such as count or dc(field) @1:5"},
      {"a | sort", "error: 'sort' needs a field to sort by @1:5"},
      {"a | join x", "error: expected a subsearch '[ ... ]' but found end of query @1:11"},
      {"| inputlookup", "error: expected a lookup table name but found end of query @1:14"},
      {"a | bin a b", "error: 'bin' takes one field, found a second: 'b' @1:5"},
      {"```open comment", "error: unclosed ``` comment @1:1"},
      {"a | head 5 x=", "error: expected a value after '=' but found end of query @1:14"},
      {"a | collect foo", "error: expected '|' or the end of the command 'collect' but found 'foo' @1:13"},
  };
  for (const auto& c : cases) {
    INFO(c.query);
    CHECK(parsed(c.query) == c.expected);
  }
}

TEST_CASE("errors: render shows the line and a caret under the column") {
  const auto r = spelunk::parse_query("a\nindex=main (a OR b\nc");
  REQUIRE(r.error);
  CHECK(r.error->render(r.expanded) ==
        "line 2, column 12: unclosed '(' opened at line 2, column 12: expected ')' but found end of query at line 3, column 2\n"
        "  index=main (a OR b\n"
        "             ^");
}

TEST_CASE("errors: render clips very long lines around the column") {
  const std::string query = std::string(500, 'a') + " )";
  const auto r = spelunk::parse_query(query);
  REQUIRE(r.error);
  const std::string text = r.error->render(r.expanded);
  CHECK(text.find("line 1, column 502:") == 0);
  CHECK(text.find("...") != std::string::npos);
  CHECK(text.size() < 400);
  CHECK(text.back() == '^');
}

TEST_CASE("errors: nesting depth is bounded, never a stack overflow") {
  auto nested = [](const std::string& open, const std::string& inner, const std::string& close, int n) {
    std::string q;
    for (int i = 0; i < n; ++i) q += open;
    q += inner;
    for (int i = 0; i < n; ++i) q += close;
    return q;
  };
  CHECK(parsed(nested("(", "a", ")", 150)) == "search a");
  std::string chain = "| makeresults | eval x=1";
  for (int i = 0; i < 1500; ++i) chain += "+1";
  CHECK(parsed(chain).rfind("makeresults | eval x=", 0) == 0);
  for (int i = 0; i < 1000; ++i) chain += "+1";
  CHECK(parsed(chain).find("expression nested deeper than 2000 levels") != std::string::npos);
  for (const std::string& q :
       {nested("(", "a", ")", 5000), nested("NOT ", "a", "", 5000), nested("[search ", "a", "]", 5000),
        "| makeresults | eval x=" + nested("(", "1", ")", 5000), "| makeresults | eval x=" + nested("f(", "1", ")", 5000),
        "| makeresults | eval x=" + nested("-", "1", "", 5000), "| makeresults | where " + nested("NOT ", "x", "", 5000),
        "x=f" + nested("(", "1", ")", 5000), "| foo " + nested("[", "1", "]", 5000)}) {
    INFO(q.substr(0, 30));
    const std::string result = parsed(q);
    CHECK(result.find("nesting deeper than 200") != std::string::npos);
  }
}

TEST_CASE("errors: hostile bytes never crash the parser") {
  std::string q;
  for (int i = 0; i < 256; ++i) q += static_cast<char>(i);
  const auto r = spelunk::parse_query(q);
  CHECK((r.pipeline || r.error));
  for (const char* s : {"\"", "'", "`", "[", "]", "(", ")", "|", "\\", "=", "!", "\"\\", "| eval '", "| eval x=\"\\"}) {
    INFO(s);
    const auto one = spelunk::parse_query(s);
    CHECK((one.pipeline || one.error));
  }
}
