#include <doctest/doctest.h>

#include "evaluator/glob.hpp"

using namespace spelunk;

TEST_CASE("glob: whole value, case-insensitive by default") {
  CHECK(glob_match("cmd.exe", "cmd.exe"));
  CHECK(glob_match("CMD.EXE", "cmd.exe"));
  CHECK_FALSE(glob_match("cmd.exe", "C:\\Windows\\System32\\cmd.exe"));  // R3.2
  CHECK_FALSE(glob_match("cmd.exe", "cmd.exe "));
  CHECK_FALSE(glob_match("CMD.EXE", "cmd.exe", true));  // CASE()
  CHECK(glob_match("cmd.exe", "cmd.exe", true));
}

TEST_CASE("glob: * at every position") {
  CHECK(glob_match("*\\cmd.exe", "C:\\Windows\\System32\\cmd.exe"));
  CHECK(glob_match("C:\\*", "C:\\Windows\\System32\\cmd.exe"));
  CHECK(glob_match("C:*cmd.exe", "C:\\Windows\\System32\\cmd.exe"));
  CHECK(glob_match("*System32*", "C:\\Windows\\System32\\cmd.exe"));
  CHECK(glob_match("*use*", "net  user"));  // the seed's `*use*` matches `user`
  CHECK(glob_match("a*b*c", "abc"));
  CHECK(glob_match("a*b*c", "aXbYc"));
  CHECK_FALSE(glob_match("a*b*c", "acb"));
  CHECK_FALSE(glob_match("a*a", "a"));  // anchors must not overlap
  CHECK(glob_match("a*a", "aa"));
  CHECK(glob_match("**", "anything"));
  CHECK(glob_match("a**", "abc"));
  CHECK_FALSE(glob_match("*x", "abc"));
}

TEST_CASE("glob: empty value and empty pattern") {
  CHECK(glob_match("*", ""));   // `*` matches zero characters (R3.6 recommendation)
  CHECK(glob_match("", ""));
  CHECK_FALSE(glob_match("", "a"));
  CHECK_FALSE(glob_match("a*", ""));
  CHECK(GlobPattern("*").matches_everything());
  CHECK_FALSE(GlobPattern("*a").matches_everything());
}

TEST_CASE("glob: only * is a wildcard") {
  CHECK_FALSE(glob_match("*\\cmd.ex?", "C:\\x\\cmd.exe"));  // R3.3: ? is literal
  CHECK(glob_match("*\\cmd.ex?", "C:\\x\\cmd.ex?"));
  CHECK_FALSE(glob_match("100%", "1000"));
  CHECK_FALSE(glob_match("a_c", "abc"));
}

TEST_CASE("glob: field names are case-sensitive") {
  CHECK(field_name_match("Parent*", "ParentImage"));
  CHECK_FALSE(field_name_match("parent*", "ParentImage"));
  CHECK(field_name_match("Image", "Image"));
  CHECK_FALSE(field_name_match("image", "Image"));
}

TEST_CASE("glob: props.conf source patterns") {
  const char* sysmon = "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational";
  CHECK(source_pattern_match("XmlWinEventLog:Microsoft-Windows-Sysmon/Operational", sysmon));
  CHECK(source_pattern_match("XmlWinEventLog:...", sysmon));        // ... crosses '/'
  CHECK_FALSE(source_pattern_match("XmlWinEventLog:*", sysmon));    // * stops at '/'
  CHECK(source_pattern_match("XmlWinEventLog:*/Operational", sysmon));
  CHECK_FALSE(source_pattern_match("xmlwineventlog:...", sysmon));  // case-sensitive
  CHECK(source_pattern_match("...", ""));
  CHECK(source_pattern_match("*", ""));
  CHECK_FALSE(source_pattern_match("", "x"));
  CHECK(source_pattern_match("a*b...c", "axxb/y/c"));
  CHECK_FALSE(source_pattern_match("a*b", "a/b"));
}

TEST_CASE("glob: source patterns stay linear on hostile patterns and sources (fuzz finding)") {
  // Many `...` against a long source that does not match: the backtracking matcher took
  // exponential time; a source of a megabyte recursed once per character.
  std::string pattern = "X";
  for (int i = 0; i < 60; ++i) pattern += "...";
  pattern += "mlWinE...tLog:...]";
  const std::string source = "X" + std::string(1 << 20, '.') + "/Operational";
  CHECK_FALSE(source_pattern_match(pattern, source));
  CHECK(source_pattern_match("X...", source));
  CHECK(source_pattern_match("X*/Operational", source));
}
