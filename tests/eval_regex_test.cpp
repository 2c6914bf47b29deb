#include <doctest/doctest.h>

#include "test_env.hpp"

#include <fstream>

#include "evaluator/eval.hpp"
#include "evaluator/pipeline.hpp"
#include "evaluator/regex.hpp"
#include "parser/parser.hpp"

using namespace spelunk;

TEST_CASE("regex: PCRE named groups become RE2 named groups") {
  CHECK(pcre_to_re2("user=(?<user>\\w+)") == "user=(?P<user>\\w+)");
  CHECK(pcre_to_re2("(?'k'x)") == "(?P<k>x)");
  CHECK(pcre_to_re2("(?P<k>x)") == "(?P<k>x)");
  auto re = compile_regex("ConsentType: (?<ConsentType>[^\\,]+)");
  REQUIRE(re->group_count() == 1);
  CHECK_FALSE(re->uses_pcre2());
  CHECK(re->named_groups() == std::vector<std::pair<std::string, int>>{{"ConsentType", 1}});
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
  CHECK(compile_regex("^x\\Z")->search("x\n"));
  CHECK_FALSE(compile_regex("^x\\Z")->search("x\ny"));
}

TEST_CASE("regex: constructs without an RE2 form run on PCRE2 (issue 12)") {
  auto message = [](const char* p) {
    try {
      pcre_to_re2(p);
    } catch (const RegexError& e) {
      return e.message;
    }
    return std::string("translated");
  };
  CHECK(message("(?<=a)b").find("lookbehind") != std::string::npos);
  CHECK(message("a(?!b)").find("lookahead") != std::string::npos);
  CHECK(message("(a)\\1").find("back-reference") != std::string::npos);
  CHECK(message("(?(1)a|b)").find("conditional") != std::string::npos);

  auto behind = compile_regex("(?<!/)\\b\\w+\\.exe");  // a corpus pattern (sc-6596f2c6af)
  CHECK(behind->uses_pcre2());
  CHECK(behind->search("C:\\x\\cmd.exe"));
  CHECK_FALSE(behind->search("/cmd.exe"));
  auto ahead = compile_regex("(.*\\\\)(?=.*(\\.\\w*)$|(\\w+)$)");  // corpus replace() (sc-d1af4748ec)
  CHECK(ahead->replace("C:\\Windows\\System32\\cmd.exe", ahead->eval_replacement("")) == "cmd.exe");
  auto back = compile_regex("(?<dup>\\w)\\1");
  CHECK(back->uses_pcre2());
  CHECK(back->named_groups() == std::vector<std::pair<std::string, int>>{{"dup", 1}});
  std::vector<Regex::Span> spans;
  REQUIRE(back->find("abccd", 0, spans));
  CHECK(spans[0] == Regex::Span{2, 4});
  CHECK(spans[1] == Regex::Span{2, 3});
  CHECK(back->replace("aabbc", back->eval_replacement("<\\1>")) == "<a><b>c");
}

TEST_CASE("regex: what neither engine accepts is an error naming the regex") {
  try {
    compile_regex("(a");
    FAIL("compiled");
  } catch (const RegexError& e) {
    CHECK(e.message.find("invalid regex '(a'") == 0);
  }
}

TEST_CASE("regex: a PCRE2 pattern that backtracks catastrophically stops at the match limit, naming it") {
  // The lookahead sends it to PCRE2; (a|aa)+$ on a run of a's ending in '!' tries every way to
  // split the run (exponentially many). The limit turns that into an error in well under a second.
  auto re = compile_regex("(?=a)(a|aa)+$");
  REQUIRE(re->uses_pcre2());
  std::string hostile = std::string(40, 'a') + "!";
  try {
    re->search(hostile);
    FAIL("no limit hit");
  } catch (const RegexError& e) {
    CHECK(e.message.find("regex '(?=a)(a|aa)+$'") == 0);
    CHECK(e.message.find("limit") != std::string::npos);
  }
  CHECK(re->search("aaa"));  // an ordinary value still matches
}

TEST_CASE("regex: the limit error reaches the user as a query error") {
  ParseResult p = parse_query("| makeresults | eval s=\"" + std::string(40, 'a') + "!\" | where match(s, \"(?=a)(a|aa)+$\")");
  REQUIRE(p.pipeline);
  ExecContext ctx;
  try {
    run_pipeline(*p.pipeline, ctx);
    FAIL("no error");
  } catch (const EvalError& e) {
    CHECK(e.message.find("match(): regex '(?=a)(a|aa)+$'") == 0);
  } catch (const QueryError& e) {
    CHECK(e.message.find("regex '(?=a)(a|aa)+$'") != std::string::npos);
  }
}

TEST_CASE("regex: a catastrophic-backtracking pattern is linear in RE2") {
  auto re = compile_regex("(a+)+$");
  CHECK_FALSE(re->uses_pcre2());
  std::string hostile(5000, 'a');
  hostile += '!';
  CHECK_FALSE(re->search(hostile));
  CHECK(re->search("aaa"));
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
