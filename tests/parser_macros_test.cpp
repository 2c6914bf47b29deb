// Macros: `name` and `name(a, b)` expanded before parsing from macros.conf definitions, with
// $arg$ substitution, nesting, a cycle check and errors that name the macro.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "tests/parser_test_util.hpp"

using spelunk::test::parsed;

namespace {

spelunk::MacroTable sample_macros() {
  spelunk::MacroTable t;
  t.add({"sysmon", {}, "sourcetype=\"XmlWinEventLog:Microsoft-Windows-Sysmon/Operational\""});
  t.add({"ctime", {"field"}, "convert timeformat=\"%Y\" ctime($field$)"});
  t.add({"drop_dm_object_name", {"object"}, "rename $object$.* AS *"});
  t.add({"pair", {"a", "b"}, "$a$=$b$"});
  t.add({"outer", {}, "`sysmon` `pair(x, 1)`"});
  t.add({"x_filter", {}, "search *"});
  t.add({"loop_a", {}, "a `loop_b`"});
  t.add({"loop_b", {}, "b `loop_a`"});
  t.add({"broken", {}, "x | stats"});
  return t;
}

}  // namespace

TEST_CASE("macros: expansion, arguments, nesting") {
  const auto t = sample_macros();
  CHECK(parsed("`sysmon` EventCode=1 | `ctime(firstTime)` | `x_filter`", &t) ==
        "search (AND sourcetype=\"XmlWinEventLog:Microsoft-Windows-Sysmon/Operational\" EventCode=1) | "
        "convert timeformat=%Y ctime(firstTime) | search *");
  CHECK(parsed("a | `drop_dm_object_name(\"Processes\")`", &t) == "search a | rename Processes.* AS *");
  CHECK(parsed("a | `drop_dm_object_name(Processes)`", &t) == "search a | rename Processes.* AS *");
  CHECK(parsed("`outer`", &t) == "search (AND sourcetype=\"XmlWinEventLog:Microsoft-Windows-Sysmon/Operational\" x=1)");
  CHECK(parsed("`pair(\"a, b\", f(1, 2))`", &t) == "search \"a, b\"=\"f(1, 2)\"");
  CHECK(parsed("x=\"`sysmon`\"", &t) == "search x=\"`sysmon`\"");  // not inside quotes
  const auto r = spelunk::parse_query("`sysmon` a", &t);
  CHECK(r.expanded == "sourcetype=\"XmlWinEventLog:Microsoft-Windows-Sysmon/Operational\" a");
}

TEST_CASE("macros: errors name the macro, the cycle, and the position") {
  const auto t = sample_macros();
  CHECK(parsed("a | `nope`", &t) == "error: unknown macro `nope` @1:5");
  CHECK(parsed("a\n | `ctime(a, b)`", &t) == "error: unknown macro `ctime(2)` @2:4");
  CHECK(parsed("`loop_a`", &t) == "error: macro cycle: loop_a -> loop_b -> loop_a @1:1");
  CHECK(parsed("a `sysmon", &t) == "error: unclosed '`' (macro call without its closing backtick) @1:3");
  CHECK(parsed("a | `nope`") == "error: unknown macro `nope` @1:5");  // no table at all
  // An error inside an expansion mentions the macro it falls in.
  const auto r = spelunk::parse_query("a | `broken`", &t);
  REQUIRE(r.error);
  CHECK(r.error->message.find("in the expansion of macro `broken` written at line 1, column 5") != std::string::npos);
}

TEST_CASE("macros: macros.conf with arity stanzas, args and continuation lines") {
  const std::string path = std::string(SPELUNK_SOURCE_DIR) + "/build-test-macros.conf";
  {
    std::ofstream out(path);
    out << "# comment\n[sysmon]\ndefinition = index=main \\\n  sourcetype=sysmon\n\n"
           "[pick(2)]\nargs = field, value\ndefinition = $field$=\"$value$\"\niseval = 0\n"
           "[bad(2)]\nargs = only_one\ndefinition = x\n";
  }
  spelunk::MacroTable t;
  const auto errors = t.load_conf(path);
  std::remove(path.c_str());
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].find("macro bad declares 2 arguments but args lists 1") != std::string::npos);
  REQUIRE(t.find("sysmon", 0));
  CHECK(t.find("sysmon", 0)->definition == "index=main \n  sourcetype=sysmon");
  CHECK(parsed("`sysmon` `pick(Image, *cmd.exe)`", &t) == "search (AND index=main sourcetype=sysmon Image=\"*cmd.exe\")");
  CHECK(t.load_conf(path + ".missing").size() == 1);
}

TEST_CASE("macros: a stanza without a name is an error naming its line, and the rest is read") {
  // Found by the macros_conf fuzz harness: `[]` was kept as a macro named "".
  const std::string path = std::string(SPELUNK_SOURCE_DIR) + "/build-test-macros-noname.conf";
  {
    std::ofstream out(path);
    out << "[]\ndefinition = x\n[(2)]\nargs = a, b\ndefinition = y\n[ok]\ndefinition = EventCode=1\n";
  }
  spelunk::MacroTable t;
  const auto errors = t.load_conf(path);
  std::remove(path.c_str());
  REQUIRE(errors.size() >= 2);
  CHECK(errors[0] == path + ":1: macro stanza without a name []");
  CHECK(std::find(errors.begin(), errors.end(), path + ":3: macro stanza without a name [(2)]") != errors.end());
  CHECK(t.names() == std::vector<std::string>{"ok"});
}
