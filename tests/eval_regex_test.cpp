#include <doctest/doctest.h>

#include "test_env.hpp"

#include <fstream>

#include "evaluator/regex.hpp"

using namespace spelunk;

TEST_CASE("regex: PCRE named groups become RE2 named groups") {
  CHECK(pcre_to_re2("user=(?<user>\\w+)") == "user=(?P<user>\\w+)");
  CHECK(pcre_to_re2("(?'k'x)") == "(?P<k>x)");
  CHECK(pcre_to_re2("(?P<k>x)") == "(?P<k>x)");
  auto re = compile_regex("ConsentType: (?<ConsentType>[^\\,]+)");
  REQUIRE(re->NumberOfCapturingGroups() == 1);
  CHECK(re->CapturingGroupNames().at(1) == "ConsentType");
}

TEST_CASE("regex: safe rewrites of PCRE-only constructs") {
  CHECK(pcre_to_re2("a++b") == "a+b");       // possessive -> greedy
  CHECK(pcre_to_re2("a*+") == "a*");
  CHECK(pcre_to_re2("a+?") == "a+?");        // lazy kept
  CHECK(pcre_to_re2("\\++") == "\\++");      // escaped '+' then a quantifier
  CHECK(pcre_to_re2("(?>ab)") == "(?:ab)");  // atomic group
  CHECK(pcre_to_re2("x\\Z") == "x(?:\\n?\\z)");
  CHECK(pcre_to_re2("a\\hb") == "a[\\t ]b");
  CHECK(pcre_to_re2("[\\h]") == "[\\t ]");
  CHECK(pcre_to_re2("[(?<x>)]") == "[(?<x>)]");  // inside a class nothing is a group
  CHECK(pcre_to_re2("a(?#comment)b") == "ab");
  CHECK(pcre_to_re2("\\/path") == "/path");
  CHECK(re2::RE2::FullMatch("x\n", *compile_regex("x\\Z")));
}

TEST_CASE("regex: constructs without a safe rewrite raise an error naming them") {
  auto message = [](const char* p) {
    try {
      compile_regex(p);
    } catch (const RegexError& e) {
      return e.message;
    }
    return std::string("compiled");
  };
  CHECK(message("(?<=a)b").find("lookbehind") != std::string::npos);
  CHECK(message("a(?!b)").find("lookahead") != std::string::npos);
  CHECK(message("(a)\\1").find("back-reference") != std::string::npos);
  CHECK(message("(?(1)a|b)").find("conditional") != std::string::npos);
  CHECK(message("(a").find("invalid regex") != std::string::npos);
}

TEST_CASE("regex: a catastrophic-backtracking pattern is linear in RE2") {
  auto re = compile_regex("(a+)+$");
  std::string hostile(5000, 'a');
  hostile += '!';
  CHECK_FALSE(re2::RE2::PartialMatch(hostile, *re));
  CHECK(re2::RE2::PartialMatch("aaa", *re));
}

TEST_CASE("regex: the cache returns the same compiled object") {
  CHECK(compile_regex("abc[0-9]+") == compile_regex("abc[0-9]+"));
}

TEST_CASE("regex: the regexes of the shared corpus compile, or are rejected with a named construct") {
  const std::string corpus = spelunk::test::shared_dir() + "/corpus/queries.jsonl";
  if (!spelunk::test::shared_available(corpus)) return;
  std::ifstream in(corpus);
  // Pull the double-quoted second argument of every match(...) call (JSON-escaped text).
  std::string line;
  int compiled = 0, rejected = 0;
  while (std::getline(in, line)) {
    for (std::size_t at = line.find("match("); at != std::string::npos; at = line.find("match(", at + 1)) {
      std::size_t comma = line.find(',', at);
      std::size_t open = line.find("\\\"", comma);
      if (comma == std::string::npos || open == std::string::npos || open > comma + 8) continue;
      std::string json;  // the SPL string, still JSON-escaped
      std::size_t i = open + 2;
      while (i + 1 < line.size() && line.compare(i, 2, "\\\"") != 0) json += line[i++];
      // JSON unescape (\\ -> \), then SPL unescape (\\ -> \).
      auto unescape = [](const std::string& s) {
        std::string out;
        for (std::size_t k = 0; k < s.size(); ++k) {
          if (s[k] == '\\' && k + 1 < s.size() && (s[k + 1] == '\\' || s[k + 1] == '"')) ++k;
          out += s[k];
        }
        return out;
      };
      try {
        compile_regex(unescape(unescape(json)));
        ++compiled;
      } catch (const RegexError& e) {
        // Either a named unsupported construct or RE2's own syntax message; the crude quote
        // extraction above can also cut a pattern short (e.g. at [\\"]).
        ++rejected;
        CHECK_FALSE(e.message.empty());
      }
    }
  }
  MESSAGE("corpus match() regexes: " << compiled << " compiled, " << rejected << " rejected");
  CHECK(compiled == 171);
  CHECK(rejected == 1);
}
