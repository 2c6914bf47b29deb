// xmlkv, fromjson, makemv, foreach.
#include <doctest/doctest.h>

#include "cmd_util.hpp"

using namespace spelunk;
using namespace spelunk::testing;

namespace {

Result rows_of(const std::string& name, const std::vector<std::string>& values) {
  Result r = Result::table({name});
  for (const auto& v : values) r.add_row({v.empty() ? Value::null() : Value::of(v)});
  return r;
}

std::string error_of(const std::string& query, const Result& in) {
  try {
    run_query(query, in);
  } catch (const QueryError& e) {
    return e.message;
  }
  return "no error";
}

}  // namespace

TEST_CASE("xmlkv: elements holding text become fields by tag name") {
  Result in = rows_of("Message", {"<r><foo>bar</foo><id>123</id><foo>baz</foo></r>", "not xml", "<a><b>1</a>"});
  Result out = run_query("| xmlkv Message", in);
  CHECK(col(out, "foo") == S{"bar|baz", "", ""});
  CHECK(col(out, "id") == S{"123", "", ""});
  // Search Reference example: two <game> elements side by side.
  Result games = rows_of("_raw", {"<game>\n   <name>Settlers of Catan</name>\n   <category>competitive</category>\n"
                                  "</game>\n<game>\n   <name>Ticket to Ride</name>\n"
                                  "   <category>competitive</category>\n</game>"});
  Result kv = run_query("| xmlkv", games);
  CHECK(col(kv, "name") == S{"Settlers of Catan|Ticket to Ride"});
  CHECK(col(kv, "category") == S{"competitive|competitive"});
  CHECK(error_of("| xmlkv Message other", in) == "xmlkv: expected at most one field, found 'other'");
  CHECK(error_of("| xmlkv depth=2", in) == "xmlkv: unknown or unsupported option `depth=` (it takes maxinputs=)");
  CHECK_NOTHROW(run_query("| xmlkv Message maxinputs=10", in));
}

TEST_CASE("fromjson: top-level keys, arrays as multi-values, prefix") {
  Result in = rows_of("Data", {R"({"a": "x", "n": 5, "arr": [1, "two", {"k": 1}], "o": {"p": 1}, "z": null})", "[1]", ""});
  Result out = run_query("| fromjson Data", in);
  CHECK(col(out, "a") == S{"x", "", ""});
  CHECK(col(out, "n") == S{"5", "", ""});
  CHECK(col(out, "arr") == S{R"(1|two|{"k":1})", "", ""});
  CHECK(col(out, "o") == S{R"({"p":1})", "", ""});
  CHECK(out.find("z") < 0);
  CHECK(col(run_query("| fromjson Data prefix=j_", in), "j_a") == S{"x", "", ""});
  CHECK(error_of("| fromjson", in) == "fromjson: expected one field holding JSON, e.g. `fromjson Data`");
}

TEST_CASE("makemv: delim, allowempty, tokenizer, multi-valued input") {
  Result in = rows_of("s", {"a,b,,c", "single", ""});
  CHECK(col(run_query("| makemv delim=\",\" s", in), "s") == S{"a|b|c", "single", ""});
  CHECK(col(run_query("| makemv delim=\",\" allowempty=t s", in), "s") == S{"a|b||c", "single", ""});
  // Default delimiter: one space.
  CHECK(col(run_query("| makemv s", rows_of("s", {"x y  z"})), "s") == S{"x|y|z"});
  // Search Reference example: tokenizer with a capture group.
  Result mail = rows_of("senders", {"a@x.com,b@y.org,c@z.net"});
  CHECK(col(run_query("| makemv tokenizer=\"([^,]+),?\" senders", mail), "senders") == S{"a@x.com|b@y.org|c@z.net"});
  // A multi-value is split value by value.
  Result mv = run_query("| eval m=mvappend(\"1 2\", \"3\") | makemv m", rows_of("x", {"1"}));
  CHECK(col(mv, "m") == S{"1|2|3"});
  CHECK(error_of("| makemv", in) == "makemv: expected one field, e.g. `makemv delim=\",\" users`");
  CHECK(error_of("| makemv delim=\",\" tokenizer=\"(a)\" s", in) == "makemv: use delim= or tokenizer=, not both");
  CHECK(error_of("| makemv sep=\",\" s", in).find("makemv: unknown or unsupported option `sep=`") == 0);
  CHECK(error_of("| makemv tokenizer=\"(\" s", in).find("makemv") != std::string::npos);
}

TEST_CASE("foreach: <<FIELD>> and <<MATCHSTR>> substitution over matching fields") {
  Result in = Result::table({"avg_a", "avg_b", "stdev_a", "stdev_b", "a", "b", "other"});
  in.add_row({Value::of("10"), Value::of("5"), Value::of("1"), Value::of("1"), Value::of("20"), Value::of("6"),
              Value::of("null")});
  Result out = run_query(
      "| eval anomalies=\"\" | foreach stdev_* [ eval anomalies=if('<<MATCHSTR>>' > ('avg_<<MATCHSTR>>' + 3 * "
      "'stdev_<<MATCHSTR>>'), anomalies + \"<<MATCHSTR>> high. \", anomalies) ]",
      in);
  CHECK(col(out, "anomalies") == S{"a high. "});
  // foreach * [eval <<FIELD>> = if(<<FIELD>>="null", null(), <<FIELD>>)] (corpus form)
  Result cleaned = run_query("| foreach * [ eval <<FIELD>> = if(<<FIELD>>=\"null\",null(),<<FIELD>>)]", in);
  CHECK(col(cleaned, "other") == S{""});
  CHECK(col(cleaned, "a") == S{"20"});
  // Renamed tokens and several wildcards.
  Result seg = run_query("| foreach *_* fieldstr=#F# matchseg2=#S# [ eval \"copy_#S#_#F#\" = 1 ]",
                         rows_of("x_y", {"v"}));
  CHECK(seg.find("copy_y_x_y") >= 0);
  CHECK(error_of("| foreach a*", in) == "foreach: expected a [ template ] such as [ eval <<FIELD>>=... ]");
  CHECK(error_of("| foreach mode=loop a [ eval x=1 ]", in) ==
        "foreach: mode=loop is not multifield, multivalue, json_array or auto_collections");
  CHECK(error_of("| foreach a* [ eval ]", in).find("foreach: cannot parse the template") == 0);
}
