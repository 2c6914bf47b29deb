#include <doctest/doctest.h>

#include "eval_core_store_fixture.hpp"
#include "evaluator/command.hpp"
#include "evaluator/raw_terms.hpp"
#include "evaluator/search_filter.hpp"

using namespace spelunk;
using namespace spelunk::test;

namespace {

std::vector<std::size_t> rows_of(const ast::SearchExpr& e, const Store& store) {
  ColumnLookup lookup = [&store](std::string_view f) { return store.column(f); };
  RowSet set = filter_store(e, store, lookup, SearchContext{});
  std::vector<std::size_t> out;
  set.for_each([&](std::size_t r) { out.push_back(r); });
  return out;
}

using Rows = std::vector<std::size_t>;

}  // namespace

TEST_CASE("search: != needs the field, NOT does not (R4.1)") {
  auto store = make_store({{{{"User", "NT AUTHORITY\\SYSTEM"}}, 1, ""},
                           {{{"User", "CORP\\bob"}}, 2, ""},
                           {{}, 3, ""}});
  CHECK(rows_of(cmp("User", "NT AUTHORITY\\SYSTEM", ast::CompareOp::Ne), *store) == Rows{1});
  CHECK(rows_of(NOT(cmp("User", "NT AUTHORITY\\SYSTEM")), *store) == Rows{1, 2});
  CHECK(rows_of(cmp("User", "nt authority\\system"), *store) == Rows{0});  // values case-insensitive
  CHECK(rows_of(cmp("user", "CORP\\bob"), *store).empty());                // names case-sensitive
}

TEST_CASE("search: field=* presence, NOT field=*, field!=* (R3.5)") {
  auto store = make_store({{{{"ParentImage", "C:\\a.exe"}}, 1, ""}, {{}, 2, ""}, {{{"ParentImage", ""}}, 3, ""}});
  CHECK(rows_of(cmp("ParentImage", "*"), *store) == Rows{0, 2});
  CHECK(rows_of(NOT(cmp("ParentImage", "*")), *store) == Rows{1});
  CHECK(rows_of(cmp("ParentImage", "*", ast::CompareOp::Ne), *store).empty());
  CHECK(rows_of(cmp("ParentImage", ""), *store) == Rows{2});
  CHECK(rows_of(cmp("NoSuchField", "*"), *store).empty());  // absent field
  CHECK(rows_of(NOT(cmp("NoSuchField", "x")), *store) == Rows{0, 1, 2});
}

TEST_CASE("search: precedence as the parser groups it: a AND (b OR c)") {
  auto store = make_store({{{}, 1, "a c"}, {{}, 2, "b"}, {{}, 3, "a b"}, {{}, 4, "c"}});
  // `a b OR c` == a AND (b OR c) (R2.4)
  CHECK(rows_of(AND({term("a"), OR({term("b"), term("c")})}), *store) == Rows{0, 2});
  // `NOT a b` == (NOT a) AND b
  CHECK(rows_of(AND({NOT(term("a")), term("b")}), *store) == Rows{1});
}

TEST_CASE("search: seed shape, EventCode AND (Image OR Image)") {
  auto store = make_store({{{{"EventCode", "1"}, {"Image", "C:\\W\\cmd.exe"}}, 1, ""},
                           {{{"EventCode", "1"}, {"Image", "C:\\W\\PowerShell.exe"}}, 2, ""},
                           {{{"EventCode", "3"}, {"Image", "C:\\W\\cmd.exe"}}, 3, ""},
                           {{{"EventCode", "11"}, {"Image", "C:\\W\\net.exe"}}, 4, ""}});
  auto q = AND({cmp("EventCode", "1"), OR({cmp("Image", "*\\cmd.exe"), cmp("Image", "*\\powershell.exe")})});
  CHECK(rows_of(q, *store) == Rows{0, 1});
  CHECK(rows_of(in("Image", {"*\\cmd.exe", "*\\net.exe"}), *store) == Rows{0, 2, 3});
  CHECK(rows_of(NOT(in("Image", {"*\\cmd.exe"})), *store) == Rows{1, 3});
}

TEST_CASE("search: numeric and string comparisons (R5.1, R5.2)") {
  auto store = make_store({{{{"DestinationPort", "443"}}, 1, ""},
                           {{{"DestinationPort", "8080"}}, 2, ""},
                           {{}, 3, ""},
                           {{{"DestinationPort", "abc"}}, 4, ""}});
  CHECK(rows_of(cmp("DestinationPort", "1024", ast::CompareOp::Lt), *store) == Rows{0});
  CHECK(rows_of(cmp("DestinationPort", "443", ast::CompareOp::Ge), *store) == Rows{0, 1, 3});  // "abc" > "443" as text
  CHECK(rows_of(cmp("DestinationPort", "8080", ast::CompareOp::Le), *store) == Rows{0, 1});
  auto codes = make_store({{{{"EventCode", "1"}}, 1, ""}, {{{"EventCode", "01"}}, 2, ""}, {{{"EventCode", "11"}}, 3, ""}});
  CHECK(rows_of(cmp("EventCode", "1"), *codes) == Rows{0});  // text, not number
}

TEST_CASE("search: multi-value any-match (R4.3)") {
  auto store = make_store({{{{"tag", "process"}, {"tag", "report"}}, 1, ""}, {{{"tag", "report"}}, 2, ""}});
  CHECK(rows_of(cmp("tag", "process"), *store) == Rows{0});
  CHECK(rows_of(cmp("tag", "report"), *store) == Rows{0, 1});
  CHECK(rows_of(cmp("tag", "report", ast::CompareOp::Ne), *store) == Rows{0});  // some value differs
  CHECK(rows_of(NOT(cmp("tag", "report")), *store).empty());
}

TEST_CASE("search: CIDR values (R3.8)") {
  auto store = make_store({{{{"DestinationIp", "10.1.2.3"}}, 1, ""},
                           {{{"DestinationIp", "192.168.1.1"}}, 2, ""},
                           {{{"DestinationIp", "fe80::1"}}, 3, ""},
                           {{{"DestinationIp", "not-an-ip"}}, 4, ""}});
  CHECK(rows_of(cmp("DestinationIp", "10.0.0.0/8"), *store) == Rows{0});
  CHECK(rows_of(cmp("DestinationIp", "192.168.1.0/24"), *store) == Rows{1});
  CHECK(rows_of(cmp("DestinationIp", "fe80::/10"), *store) == Rows{2});
  CHECK(rows_of(cmp("DestinationIp", "10.0.0.0/8", ast::CompareOp::Ne), *store) == Rows{1, 2, 3});
}

TEST_CASE("search: CASE() makes a value case-sensitive (R6.8)") {
  auto store = make_store({{{{"Image", "C:\\x\\cmd.exe"}}, 1, ""}, {{{"Image", "C:\\X\\CMD.EXE"}}, 2, ""}});
  auto e = cmp("Image", "*\\CMD.EXE");
  e.values[0].case_sensitive = true;
  CHECK(rows_of(e, *store) == Rows{1});
}

TEST_CASE("search: bare terms match tokens, not substrings (R6.3-R6.7)") {
  auto store = make_store({
      {{}, 1, "<Data Name='Image'>C:\\Windows\\System32\\cmd.exe</Data> /c whoami"},
      {{}, 2, "<Data Name='Image'>C:\\Windows\\System32\\cmdkey.exe</Data>"},
      {{}, 3, "Access Denied for x, ip=127.0.0.1"},
      {{}, 4, "127.0.0.1 - admin powershell.exe Get-NetTCPConnection -State"},
      {{}, 5, "denied access errors"},
  });
  CHECK(rows_of(term("cmd"), *store) == Rows{0});
  CHECK(rows_of(term("CMD.EXE"), *store) == Rows{0});           // minor breakers: sub-terms in order
  CHECK(rows_of(term("owershell"), *store).empty());
  CHECK(rows_of(term("powershell"), *store) == Rows{3});
  CHECK(rows_of(term("error"), *store).empty());                // not `errors`
  CHECK(rows_of(term("access denied", true), *store) == Rows{2});  // phrase: order and adjacency
  CHECK(rows_of(AND({term("access"), term("denied")}), *store) == Rows{2, 4});
  CHECK(rows_of(term("127.0.0.1"), *store) == Rows{2, 3});
  CHECK(rows_of(term("127.0.0.1", false, true), *store) == Rows{3});  // TERM(): major breakers only
  CHECK(rows_of(term("*NetTCPConnection*"), *store) == Rows{3});
  CHECK(rows_of(term("cmd*"), *store) == Rows{0, 1});
  CHECK(rows_of(term("cmd.ex*"), *store) == Rows{0});
  CHECK(rows_of(term("*"), *store).size() == 5);
  CHECK(rows_of(term("Access", false, false, true), *store) == Rows{2});  // CASE()
  CHECK(rows_of(term("ACCESS", false, false, true), *store).empty());
}

TEST_CASE("search: breakers") {
  CHECK(is_major_breaker(' '));
  CHECK(is_major_breaker('\''));
  CHECK(is_major_breaker('<'));
  CHECK(is_minor_breaker('\\'));
  CHECK(is_minor_breaker('.'));
  CHECK_FALSE(is_major_breaker('a'));
  RawTermMatcher m("net", false, false);
  CHECK(m.matches("c:\\windows\\system32\\net.exe use"));
  CHECK_FALSE(m.matches("c:\\windows\\system32\\net1.exe use"));
}

TEST_CASE("search: _raw compared as a field scans the whole text") {
  auto store = make_store({{{}, 1, "hello world"}, {{}, 2, "bye"}});
  CHECK(rows_of(cmp("_raw", "*WORLD"), *store) == Rows{0});
}

TEST_CASE("search: subsearch is reported, not ignored") {
  auto store = make_store({{{}, 1, "x"}});
  ast::SearchExpr e;
  e.kind = ast::SearchExpr::Kind::Subsearch;
  CHECK_THROWS_AS(rows_of(e, *store), QueryError);
}
