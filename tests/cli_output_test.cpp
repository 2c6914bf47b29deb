#include <doctest/doctest.h>

#include <sstream>

#include "cli/args.hpp"
#include "cli/output.hpp"

using namespace spelunk;
using namespace spelunk::cli;

TEST_CASE("cli: terminal escaping of hostile values") {
  CHECK(escape_for_terminal("plain C:\\x\\cmd.exe") == "plain C:\\x\\cmd.exe");
  CHECK(escape_for_terminal("a\x1b[31mred") == "a\\x1b[31mred");
  CHECK(escape_for_terminal("bell\a cr\r lf\n tab\t") == "bell\\x07 cr\\r lf\\n tab\\t");
  CHECK(escape_for_terminal(std::string("nul\0x", 5)) == "nul\\x00x");
  CHECK(escape_for_terminal("del\x7f") == "del\\x7f");
  CHECK(escape_for_terminal("\xc2\x9b" "c1") == "\\u{009b}c1");        // C1 CSI
  CHECK(escape_for_terminal("\xe2\x80\xae" "evil") == "\\u{202e}evil");  // right-to-left override
  CHECK(escape_for_terminal("bad\xff") == "bad\\xff");                   // invalid UTF-8
  CHECK(escape_for_terminal("caf\xc3\xa9") == "caf\xc3\xa9");            // valid UTF-8 kept
  CHECK(display_width("caf\xc3\xa9") == 4);
}

TEST_CASE("cli: CSV cells follow RFC 4180 and defuse formulas") {
  CHECK(csv_cell("plain") == "plain");
  CHECK(csv_cell("a,b") == "\"a,b\"");
  CHECK(csv_cell("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_cell("two\nlines") == "\"two\nlines\"");
  CHECK(csv_cell("=cmd|' /C calc'!A0") == "'=cmd|' /C calc'!A0");
  // Numbers are not formulas: they stay numbers (issue 12).
  CHECK(csv_cell("+1") == "+1");
  CHECK(csv_cell("-2") == "-2");
  CHECK(csv_cell("-1.5e3") == "-1.5e3");
  CHECK(csv_cell("-2+3") == "'-2+3");
  CHECK(csv_cell("-1 ") == "\"'-1 \"");
  CHECK(csv_cell("-inf") == "'-inf");
  CHECK(csv_cell("\t1") == "'\t1");
  CHECK(csv_cell("@SUM(A1)") == "'@SUM(A1)");
  CHECK(csv_cell("=a,b") == "\"'=a,b\"");
  CHECK(csv_cell("") == "");
}

TEST_CASE("cli: JSON strings are valid whatever the bytes") {
  CHECK(json_string("a\"b\\c") == "\"a\\\"b\\\\c\"");
  CHECK(json_string("\x1b\n") == "\"\\u001b\\n\"");
  CHECK(json_string("caf\xc3\xa9") == "\"caf\xc3\xa9\"");
  CHECK(json_string("bad\xff") == "\"bad\\u00ff\"");
}

TEST_CASE("cli: outputs of a small result") {
  REQUIRE(set_display_time_zone("UTC"));
  Result r = Result::table({"_time", "Image", "tags"});
  r.add_row({Value::of(1634884695.54), Value::of("C:\\x\\cmd.exe"), Value::list({"a", "b"})});
  r.add_row({Value::of(0.0), Value::of("=1+1"), Value::null()});
  std::ostringstream table, csv, json;
  write_table(r, table);
  write_csv(r, csv);
  write_json(r, json);
  CHECK(table.str() ==
        "_time                    Image         tags\n"
        "-----------------------  ------------  ----\n"
        "2021-10-22 06:38:15.540  C:\\x\\cmd.exe  a\n"
        "                                       b\n"
        "1970-01-01 00:00:00.000  =1+1\n");
  CHECK(csv.str() == "_time,Image,tags\r\n2021-10-22 06:38:15.540,C:\\x\\cmd.exe,\"a\nb\"\r\n"
                     "1970-01-01 00:00:00.000,'=1+1,\r\n");
  CHECK(json.str() == "{\"_time\":\"2021-10-22 06:38:15.540\",\"Image\":\"C:\\\\x\\\\cmd.exe\",\"tags\":[\"a\",\"b\"]}\n"
                      "{\"_time\":\"1970-01-01 00:00:00.000\",\"Image\":\"=1+1\"}\n");
}

TEST_CASE("cli: time zones and --now") {
  REQUIRE(set_display_time_zone("UTC"));
  CHECK(format_time(0.9996) == "1970-01-01 00:00:01.000");
  CHECK_FALSE(set_display_time_zone("Not/AZone"));
  CHECK_FALSE(set_display_time_zone("../../etc/passwd"));
  if (set_display_time_zone("Asia/Kolkata")) {
    CHECK(format_time(1634884695.54) == "2021-10-22 12:08:15.540");
  } else {
    MESSAGE("skipped: tzdata has no Asia/Kolkata");
  }
  REQUIRE(set_display_time_zone("UTC"));
  CHECK(parse_now("1700000000") == 1700000000000000LL);
  CHECK(parse_now("2021-10-22T06:38:15Z") == 1634884695000000LL);
  CHECK_FALSE(parse_now("yesterday").has_value());
}

TEST_CASE("cli: argument parsing") {
  Args a;
  const char* ok[] = {"spelunk", "-d", "x", "-d", "y", "-o", "csv", "--tz", "UTC", "--props", "p.conf", "index=main"};
  CHECK_FALSE(parse_args(12, ok, a).has_value());
  CHECK(a.data_paths == std::vector<std::string>{"x", "y"});
  CHECK(a.output == "csv");
  CHECK(a.props_files.size() == 1);
  CHECK(a.query == "index=main");
  Args b;
  const char* bad[] = {"spelunk", "-d", "x", "-o", "xml", "q"};
  CHECK(parse_args(6, bad, b).has_value());
  Args c;
  const char* none[] = {"spelunk", "-d", "x"};
  CHECK(parse_args(3, none, c).has_value());
}
