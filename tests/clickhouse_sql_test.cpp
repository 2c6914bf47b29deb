// The ClickHouse pieces that need no server: SQL text escaping, URLs, RowBinary, column names,
// error lines, and the shape of the SQL the compiler writes.
#include <doctest/doctest.h>

#include "evaluator/remote/sql_search.hpp"
#include "storage/clickhouse/clickhouse_target.hpp"
#include "storage/clickhouse/http_client.hpp"
#include "storage/clickhouse/row_binary.hpp"
#include "storage/clickhouse/sql_text.hpp"
#include "storage/clickhouse/table_schema.hpp"

using namespace spelunk;
using namespace spelunk::clickhouse;

TEST_CASE("sql_string: quotes, backslashes, NUL, newlines and high bytes are escaped") {
  CHECK(sql_string("x' OR 1=1 --") == "'x\\' OR 1=1 --'");
  CHECK(sql_string("a\\b") == "'a\\\\b'");
  CHECK(sql_string(std::string("a\0b", 3)) == "'a\\x00b'");
  CHECK(sql_string("l1\nl2\r\t") == "'l1\\x0Al2\\x0D\\x09'");
  CHECK(sql_string("\xff\x7f") == "'\\xFF\\x7F'");
  CHECK(sql_string("`") == "'\\`'");
  CHECK(sql_identifier("we`ird'") == "`we\\`ird\\'`");
  CHECK(sql_table("db", "t") == "`db`.`t`");
}

TEST_CASE("clickhouse:// URLs") {
  std::string err;
  auto t = parse_target("clickhouse://bob:p%40ss@ch1.example:9123/logs.events", err);
  REQUIRE(t);
  CHECK(t->endpoint.user == "bob");
  CHECK(t->endpoint.password == "p@ss");
  CHECK(t->endpoint.host == "ch1.example");
  CHECK(t->endpoint.port == 9123);
  CHECK(t->database == "logs");
  CHECK(t->table == "events");
  CHECK(t->display() == "clickhouse://bob@ch1.example:9123/logs.events");  // never the password
  auto env = parse_target("clickhouse://alice@[::1]/events", err, "from-env");
  REQUIRE(env);
  CHECK(env->endpoint.password == "from-env");
  CHECK(env->endpoint.host == "::1");
  CHECK(env->endpoint.port == 8123);
  CHECK(env->database == "default");
  auto url_wins = parse_target("clickhouse://a:url@h:1/d.t", err, "from-env");
  REQUIRE(url_wins);
  CHECK(url_wins->endpoint.password == "url");
  for (const char* bad : {"http://h:1/d.t", "clickhouse://h:1", "clickhouse://h:99999/d.t", "clickhouse://h:1/d.t;drop",
                          "clickhouse://:pw@h:1/d.t", "clickhouse://h:1/d.t`x", "clickhouse://u:%zz@h/d.t"}) {
    INFO(bad);
    CHECK_FALSE(parse_target(bad, err));
    CHECK(err.find("pw") == std::string::npos);
  }
}

TEST_CASE("RowBinary: written and read back; a cut answer is an error") {
  RowBinaryWriter w;
  w.int64(-5);
  w.uint64(1ull << 40);
  w.string(std::string(300, 'x'));
  w.varint(2);
  w.string("a");
  w.string(std::string("\0", 1));
  RowBinaryReader r(w.bytes());
  CHECK(r.int64() == -5);
  CHECK(r.uint64() == (1ull << 40));
  CHECK(r.string() == std::string(300, 'x'));
  CHECK(r.array_size() == 2);
  CHECK(r.string() == "a");
  CHECK(r.string() == std::string("\0", 1));
  CHECK(r.at_end());
  for (std::size_t cut = 0; cut < w.bytes().size(); ++cut) {
    RowBinaryReader part(std::string_view(w.bytes()).substr(0, cut));
    bool threw = false;
    try {
      part.int64();
      part.uint64();
      part.string();
      for (auto n = part.array_size(); n-- > 0;) part.string();
    } catch (const ClickHouseError& e) {
      threw = true;
      CHECK(e.kind == ClickHouseError::Kind::Protocol);
    }
    CHECK(threw);
  }
}

TEST_CASE("field names become safe column names and come back") {
  for (const char* name : {"Image", "winlog.event_data.Image", "Data Name", "_raw2", "calc__x", "hex__41", "ü", "a`b"}) {
    for (bool calc : {false, true}) {
      std::string col = column_for_field(name, calc);
      for (char c : col) CHECK(((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'));
      auto back = field_for_column(col);
      REQUIRE(back);
      CHECK(back->field == name);
      CHECK(back->calculated == calc);
    }
  }
  CHECK(column_for_field("Image", false) == "Image");
  CHECK(column_for_field("process_name", true) == "calc__process_name");
  CHECK_FALSE(field_for_column("_time"));
}

TEST_CASE("ClickHouse error bodies become one line") {
  int code = 0;
  CHECK(server_error_line("Code: 60, e.displayText() = DB::Exception: Table default.x doesn't exist., e.what() = DB::Exception\n",
                          code) == "Table default.x doesn't exist.");
  CHECK(code == 60);
  CHECK(server_error_line("Code: 516. DB::Exception: default: Authentication failed. (AUTHENTICATION_FAILED) (version 23.8.1)\n",
                          code) == "default: Authentication failed. (AUTHENTICATION_FAILED)");
  CHECK(code == 516);
  CHECK(server_error_line("boom\x1b[31m\nsecond line", code) == "boom\\x1B[31m");
}

TEST_CASE("glob patterns in SQL") {
  CHECK(remote::glob_sql("v", "cmd.exe", false) == "lower(v) = 'cmd.exe'");
  CHECK(remote::glob_sql("v", "1", false) == "v = '1'");  // no letters: no lower()
  CHECK(remote::glob_sql("v", "*", false) == "1");
  CHECK(remote::glob_sql("v", "*\\cmd.exe", false) == "(length(v) >= 8 AND endsWith(lower(v), '\\\\cmd.exe'))");
  CHECK(remote::glob_sql("v", "*use*", false) == "position(lower(v), 'use') > 0");
  CHECK(remote::glob_sql("v", "CASE*", true) == "(length(v) >= 4 AND startsWith(v, 'CASE'))");
  CHECK(remote::regex_literal("a.b c") == "a\\.b\\ c");
  CHECK(remote::regex_literal("\xc3\xa9").empty());
}
