#include <doctest/doctest.h>

#include "tests/eval_support.hpp"

using namespace spelunk;
using spelunk::testing::MapScope;

TEST_CASE("eval functions: if, case, coalesce, null, nullif, validate") {
  MapScope s({{"a", Value::of("5")}, {"empty", Value::of("")}});
  CHECK(s.text("if(a > 1, \"big\", \"small\")") == "big");
  CHECK(s.text("if(missing > 1, \"big\", \"small\")") == "small");  // null condition -> else
  CHECK(s.text("case(a = 1, \"one\", a = 5, \"five\", true(), \"other\")") == "five");
  CHECK(s.text("case(a = 2, \"two\", 1 == 1, \"default\")") == "default");
  CHECK(s.eval("case(a = 2, \"two\")").is_null());
  CHECK(s.text("coalesce(missing, empty, a)") == "");  // empty string is a value
  CHECK(s.text("coalesce(missing, a)") == "5");
  CHECK(s.eval("coalesce(missing, other)").is_null());
  CHECK(s.eval("null()").is_null());
  CHECK(s.eval("nullif(a, \"5\")").is_null());
  CHECK(s.text("nullif(a, \"6\")") == "5");
  CHECK(s.text("validate(a > 1, \"too small\", a < 3, \"too big\")") == "too big");
  CHECK(s.eval("validate(a > 1, \"too small\")").is_null());
}

TEST_CASE("eval functions: isnull, isnotnull, isnum, isstr, typeof, true, false") {
  MapScope s({{"n", Value::of("42")}, {"t", Value::of("abc")}, {"mv", Value::list({"a", "b"})}});
  CHECK(s.cond("isnull(missing)"));
  CHECK_FALSE(s.cond("isnull(n)"));
  CHECK(s.cond("isnotnull(n)"));
  CHECK(s.cond("isnum(n)"));  // numeric field text counts as a number
  CHECK(s.cond("isnum(3)"));
  CHECK_FALSE(s.cond("isnum(t)"));
  CHECK_FALSE(s.cond("isnum(\"42\")"));  // a string literal stays a string
  CHECK(s.cond("isstr(t)"));
  CHECK_FALSE(s.cond("isstr(n)"));
  CHECK(s.cond("isint(n)"));
  CHECK(s.text("typeof(n)") == "Number");
  CHECK(s.text("typeof(t)") == "String");
  CHECK(s.text("typeof(\"42\")") == "String");
  CHECK(s.text("typeof(missing)") == "Invalid");
  CHECK(s.text("typeof(1 = 1)") == "Bool");  // Informational functions: "NumberStringBoolInvalid"
  CHECK(s.text("typeof(mv)") == "Multivalue");
  CHECK(s.cond("true()"));
  CHECK_FALSE(s.cond("false()"));
}

TEST_CASE("eval functions: lower, upper, len, trim family") {
  MapScope s({{"img", Value::of("C:\\Windows\\CMD.exe")}, {"mv", Value::list({"A", "b"})}});
  CHECK(s.text("lower(img)") == "c:\\windows\\cmd.exe");
  CHECK(s.text("upper(\"abc\")") == "ABC");
  CHECK(s.eval("lower(mv)").multi == std::vector<std::string>{"a", "b"});
  CHECK(s.eval("lower(missing)").is_null());
  CHECK(s.text("len(\"hello\")") == "5");
  CHECK(s.text("len(\"h\xc3\xa9llo\")") == "5");  // characters, not bytes
  CHECK(s.text("len(12345)") == "5");
  CHECK(s.text("trim(\"  a b \t\")") == "a b");
  CHECK(s.text("ltrim(\"  ab  \")") == "ab  ");
  CHECK(s.text("rtrim(\"  ab  \")") == "  ab");
  CHECK(s.text("trim(\"xxabxx\", \"x\")") == "ab");
  CHECK(s.text("ltrim(\"0012\", \"0\")") == "12");
}

TEST_CASE("eval functions: substr is 1-based, negative start counts from the end") {
  MapScope s;
  CHECK(s.text("substr(\"string\", -3)") == "ing");
  CHECK(s.text("substr(\"string\", 1, 3)") == "str");
  CHECK(s.text("substr(\"string\", 3)") == "ring");
  CHECK(s.text("substr(\"string\", 2, 100)") == "tring");
  CHECK(s.text("substr(\"string\", 10)") == "");
  CHECK(s.text("substr(\"string\", -3, 2)") == "in");
  CHECK(s.eval("substr(missing, 1)").is_null());
}

TEST_CASE("eval functions: urldecode and printf") {
  MapScope s;
  CHECK(s.text("urldecode(\"http%3A%2F%2Fexample.com%2Fa+b%zz\")") == "http://example.com/a b%zz");
  CHECK(s.text("printf(\"%s-%d-%05.2f\", \"x\", 42.9, 3.14159)") == "x-42-03.14");
  CHECK(s.text("printf(\"%x %X %o %%\", 255, 255, 8)") == "ff FF 10 %");
  CHECK(s.text("printf(\"%-4s|%4s\", \"ab\", \"cd\")") == "ab  |  cd");
  CHECK(s.text("printf(\"%s\")") == "");
}

TEST_CASE("eval functions: tonumber and tostring") {
  MapScope s({{"hex", Value::of("0A4")}, {"n", Value::of("12")}});
  CHECK(s.text("tonumber(\"42\") + 1") == "43");
  CHECK(s.text("tonumber(hex, 16)") == "164");
  CHECK(s.text("tonumber(\"0xFF\", 16)") == "255");
  CHECK(s.text("tonumber(\"101\", 2)") == "5");
  CHECK(s.eval("tonumber(\"abc\")").is_null());
  CHECK(s.eval("tonumber(\"12\", 2)").is_null());
  CHECK(s.text("tostring(15, \"hex\")") == "0xF");
  CHECK(s.text("tostring(12345.6789, \"commas\")") == "12,345.68");
  CHECK(s.text("tostring(1234567, \"commas\")") == "1,234,567");
  CHECK(s.text("tostring(-1234.5, \"commas\")") == "-1,234.50");
  CHECK(s.text("tostring(3661, \"duration\")") == "01:01:01");
  CHECK(s.text("tostring(90061, \"duration\")") == "1+01:01:01");
  CHECK(s.text("tostring(1 == 1)") == "True");
  CHECK(s.text("tostring(1 == 2)") == "False");
  CHECK(s.text("tostring(2.50)") == "2.50");  // a literal keeps the digits it is written with (eval, Rounding)
  CHECK(s.text("tostring(2.5 * 2)") == "5.0");  // two significant digits, as 2.5 has
  CHECK(s.eval("tostring(missing)").is_null());
}

TEST_CASE("eval functions: round, floor, ceil, abs, pow, sqrt, log, ln, exp") {
  MapScope s({{"x", Value::of("2.555")}});
  CHECK(s.text("round(2.555, 2)") == "2.56");
  CHECK(s.text("round(x, 2)") == "2.56");
  CHECK(s.text("round(3.5)") == "4");
  CHECK(s.text("round(-3.5)") == "-4");
  CHECK(s.text("round(2.4)") == "2");
  CHECK(s.text("round(1.005, 2)") == "1.01");
  CHECK(s.text("round(1234.5678, 1)") == "1234.6");
  CHECK(s.text("floor(2.7)") == "2");
  CHECK(s.text("floor(-2.1)") == "-3");
  CHECK(s.text("ceil(2.1)") == "3");
  CHECK(s.text("ceiling(2.0)") == "2");
  CHECK(s.text("abs(-4)") == "4");
  CHECK(s.text("pow(2, 10)") == "1024");
  CHECK(s.text("sqrt(16)") == "4");
  CHECK(s.eval("sqrt(-1)").is_null());
  CHECK(s.text("log(100)") == "2");
  CHECK(s.text("log(8, 2)") == "3");
  CHECK(s.text("ln(1)") == "0");
  CHECK(s.eval("ln(0)").is_null());
  CHECK(s.text("exp(0)") == "1");
  CHECK(s.eval("round(missing)").is_null());
  CHECK(s.eval("abs(\"abc\")").is_null());
}

TEST_CASE("eval functions: min and max, numbers before strings") {
  MapScope s({{"mv", Value::list({"7", "30", "4"})}});
  CHECK(s.text("min(3, 9, 7)") == "3");
  CHECK(s.text("max(3, 9, 7)") == "9");
  CHECK(s.text("max(mv)") == "30");  // numeric, not "7" lexicographically
  CHECK(s.text("min(mv, 5)") == "4");
  CHECK(s.text("max(1, 3, \"f\")") == "f");
  CHECK(s.text("min(1, 3, \"f\")") == "1");
  CHECK(s.text("min(\"b\", \"a\")") == "a");
}

TEST_CASE("eval functions: random is a non-negative integer") {
  MapScope s;
  double r = s.eval("random()").number;
  CHECK(r >= 0);
  CHECK(r == static_cast<double>(static_cast<long long>(r)));
}

TEST_CASE("eval functions: multi-value split, mvcount, mvindex, mvjoin") {
  MapScope s({{"mv", Value::list({"a", "b", "c", "d"})}, {"one", Value::of("x")}});
  Value parts = s.eval("split(\"a,b,,c\", \",\")");
  CHECK(parts.multi == std::vector<std::string>{"a", "b", "", "c"});
  CHECK(s.text("split(\"abc\", \",\")") == "abc");
  CHECK(s.text("mvcount(mv)") == "4");
  CHECK(s.text("mvcount(one)") == "1");
  CHECK(s.eval("mvcount(missing)").is_null());
  CHECK(s.text("mvindex(mv, 0)") == "a");
  CHECK(s.text("mvindex(mv, -1)") == "d");
  CHECK(s.text("mvindex(mv, -2)") == "c");
  CHECK(s.eval("mvindex(mv, 1, 2)").multi == std::vector<std::string>{"b", "c"});
  CHECK(s.eval("mvindex(mv, -3, -1)").multi == std::vector<std::string>{"b", "c", "d"});
  CHECK(s.eval("mvindex(mv, 4)").is_null());
  CHECK(s.eval("mvindex(mv, -5)").is_null());
  CHECK(s.text("mvindex(one, 0)") == "x");
  CHECK(s.text("mvjoin(mv, \";\")") == "a;b;c;d");
  CHECK(s.text("mvjoin(one, \";\")") == "x");
}

TEST_CASE("eval functions: mvappend, mvdedup, mvsort, mvzip, mvfind, mvrange") {
  MapScope s({{"mv", Value::list({"b", "a", "b"})}, {"x", Value::of("z")}, {"ports", Value::list({"80", "443"})}});
  CHECK(s.eval("mvappend(mv, x, missing, \"q\")").multi == std::vector<std::string>{"b", "a", "b", "z", "q"});
  CHECK(s.eval("mvdedup(mv)").multi == std::vector<std::string>{"b", "a"});
  CHECK(s.eval("mvsort(mv)").multi == std::vector<std::string>{"a", "b", "b"});
  CHECK(s.eval("mvzip(mv, ports)").multi == std::vector<std::string>{"b,80", "a,443"});
  CHECK(s.eval("mvzip(mv, ports, \":\")").multi == std::vector<std::string>{"b:80", "a:443"});
  CHECK(s.text("mvfind(mv, \"^a\")") == "1");
  CHECK(s.eval("mvfind(mv, \"^q\")").is_null());
  CHECK(s.eval("mvrange(1, 4)").multi == std::vector<std::string>{"1", "2", "3"});
  CHECK(s.eval("mvrange(0, 10, 5)").multi == std::vector<std::string>{"0", "5"});
}

TEST_CASE("eval functions: mvfilter binds the field to each value; mvmap maps") {
  MapScope s({{"email", Value::list({"a@x.com", "b@y.org", "c@x.com"})}, {"suffix", Value::of(".com")},
              {"n", Value::list({"1", "2", "3"})}});
  CHECK(s.eval("mvfilter(match(email, \"x\\.com$\"))").multi == std::vector<std::string>{"a@x.com", "c@x.com"});
  CHECK(s.text("mvfilter(email = \"b@y.org\")") == "b@y.org");
  CHECK(s.eval("mvfilter(email = \"none\")").is_null());
  CHECK_THROWS_AS(s.eval("mvfilter(email = suffix)"), EvalError);  // two fields
  CHECK(s.eval("mvmap(n, n * 10)").multi == std::vector<std::string>{"10", "20", "30"});
}

TEST_CASE("eval functions: match and replace use RE2, unanchored, case-sensitive unless (?i)") {
  MapScope s({{"cmd", Value::of("powershell.exe -enc AAAA")}, {"mv", Value::list({"x1", "y2"})}});
  CHECK(s.cond("match(cmd, \"-enc\\s\")"));
  CHECK_FALSE(s.cond("match(cmd, \"^-enc\")"));
  CHECK_FALSE(s.cond("match(cmd, \"POWERSHELL\")"));
  CHECK(s.cond("match(cmd, \"(?i)POWERSHELL\")"));
  CHECK(s.cond("match(mv, \"^y\")"));
  CHECK(s.text("replace(cmd, \"A\", \"b\")") == "powershell.exe -enc bbbb");
  CHECK(s.text("replace(\"2024-05-14\", \"(\\d+)-(\\d+)-(\\d+)\", \"\\3/\\2/\\1\")") == "14/05/2024");
  CHECK(s.text("replace(\"a.b\", \"\\.\", \"\\\\\")") == "a\\b");
  CHECK(s.eval("replace(mv, \"\\d\", \"#\")").multi == std::vector<std::string>{"x#", "y#"});
  CHECK_THROWS_AS(s.eval("replace(cmd, \"(a)\", \"\\2\")"), EvalError);
  CHECK_THROWS_AS(s.eval("match(cmd, \"(\")"), EvalError);
}

TEST_CASE("eval functions: named groups (?<name>) work; a regex bomb returns promptly") {
  MapScope s({{"v", Value::of("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!")}});
  CHECK(s.cond("match(\"user=bob\", \"user=(?<user>\\w+)\")"));
  CHECK_FALSE(s.cond("match(v, \"(a+)+$\")"));
  CHECK_FALSE(s.cond("match(v, \"^(a|aa)+$\")"));
}

TEST_CASE("eval functions: like() and cidrmatch()") {
  MapScope s({{"ip", Value::of("10.1.2.3")}, {"v6", Value::of("2001:db8::1")}, {"bad", Value::of("x")}});
  CHECK(s.cond("like(\"abc\", \"a%\")"));
  CHECK_FALSE(s.cond("like(\"abc\", \"A%\")"));
  CHECK(s.cond("cidrmatch(\"10.0.0.0/8\", ip)"));
  CHECK_FALSE(s.cond("cidrmatch(\"192.168.0.0/16\", ip)"));
  CHECK(s.cond("cidrmatch(\"10.1.2.3/32\", ip)"));
  CHECK(s.cond("cidrmatch(\"10.1.2.0/23\", ip)"));
  CHECK(s.cond("cidrmatch(\"2001:db8::/32\", v6)"));
  CHECK_FALSE(s.cond("cidrmatch(\"10.0.0.0/8\", v6)"));
  CHECK_FALSE(s.cond("cidrmatch(\"10.0.0.0/8\", bad)"));
  CHECK_FALSE(s.cond("cidrmatch(\"10.0.0.0/33\", ip)"));
}

TEST_CASE("eval functions: md5, sha1, sha256, sha512 (known digests)") {
  MapScope s;
  CHECK(s.text("md5(\"abc\")") == "900150983cd24fb0d6963f7d28e17f72");
  CHECK(s.text("sha1(\"abc\")") == "a9993e364706816aba3e25717850c26c9cd0d89d");
  CHECK(s.text("sha256(\"abc\")") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(s.text("sha512(\"abc\")").substr(0, 16) == "ddaf35a193617aba");
  CHECK(s.eval("md5(missing)").is_null());
}

TEST_CASE("eval functions: searchmatch uses the scope's matcher, error when there is none") {
  MapScope s;
  CHECK_THROWS_AS(s.eval("searchmatch(\"x\")"), EvalError);
  s.scope.searchmatch = [](std::string_view q) { return q == "EventCode=1"; };
  CHECK(s.cond("searchmatch(\"EventCode=1\")"));
  CHECK_FALSE(s.cond("searchmatch(\"EventCode=2\")"));
}

TEST_CASE("eval functions: trigonometry and bitwise") {
  MapScope s;
  CHECK(s.text("cos(0)") == "1");
  CHECK(s.text("round(atan2(1, 1) * 4, 5)") == "3.14159");
  CHECK(s.text("hypot(3, 4)") == "5");
  CHECK(s.eval("acos(2)").is_null());
  CHECK(s.text("bit_and(12, 10)") == "8");
  CHECK(s.text("bit_or(12, 10, 1)") == "15");
  CHECK(s.text("bit_xor(12, 10)") == "6");
  CHECK(s.text("bit_not(5, 15)") == "10");  // the second argument is a bitmask (Bitwise functions)
  CHECK(s.text("bit_shift_left(1, 4)") == "16");
  CHECK(s.text("bit_shift_right(16, 2)") == "4");
  CHECK(s.eval("bit_and(-1, 2)").is_null());
}

TEST_CASE("eval functions: spath(), ipmask, mvreverse edge cases") {
  MapScope s({{"j", Value::of(R"({"a":{"b":[1,2],"c":"x"}})")},
              {"ips", Value::list({"10.1.2.3", "::1", "192.168.7.9"})},
              {"mv", Value::list({"a", "b", "c"})},
              {"x", Value::of("<r><v k=\"1\">one</v><v>two</v></r>")}});
  // spath(): the spath command's paths, several values a multi-value, none null.
  CHECK(s.eval("spath(j, \"a.b{}\")").values() == std::vector<std::string>{"1", "2"});
  CHECK(s.text("spath(j, \"a.c\")") == "x");
  CHECK(s.eval("spath(j, \"a.missing\")").is_null());
  CHECK(s.eval("spath(missing, \"a.c\")").is_null());
  CHECK(s.eval("spath(x, \"r.v\")").values() == std::vector<std::string>{"one", "two"});
  CHECK(s.text("spath(x, \"r.v{@k}\")") == "1");
  // ipmask: each IPv4 value ANDed with the mask; a value that is no IPv4 address is left out.
  CHECK(s.eval("ipmask(\"255.255.0.0\", ips)").values() == std::vector<std::string>{"10.1.0.0", "192.168.0.0"});
  CHECK(s.text("ipmask(\"0.255.0.224\", \"10.20.30.120\")") == "0.20.0.96");
  CHECK(s.eval("ipmask(\"255.255.255.0\", missing)").is_null());
  CHECK_THROWS(s.eval("ipmask(\"255.255.255\", \"10.20.30.120\")"));  // not an IPv4 mask: an error
  CHECK_THROWS(s.eval("ipmask(\"ffff::\", \"10.20.30.120\")"));
  // mvreverse: a single value is itself, null stays null.
  CHECK(s.eval("mvreverse(mv)").values() == std::vector<std::string>{"c", "b", "a"});
  CHECK(s.text("mvreverse(\"one\")") == "one");
  CHECK(s.eval("mvreverse(missing)").is_null());
}
