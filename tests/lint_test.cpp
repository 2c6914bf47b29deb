// `spelunk lint`: parse errors with their place in the file, unsupported commands, unknown
// functions, and (with data) fields no event has.
#include <doctest/doctest.h>

#include "cli/lint.hpp"
#include "cli/session.hpp"
#include "runner_util.hpp"

using namespace spelunk;
using namespace spelunk::cli;
using spelunk::test::ScratchDir;

TEST_CASE("lint: a parse error points at its line and column in the file") {
  auto found = lint_search("index=a\n| stats count by", "q.spl", 10, nullptr);
  REQUIRE(found.size() == 1);
  CHECK(found[0].error);
  CHECK(found[0].line == 11);
  CHECK(found[0].render().starts_with("q.spl:11:"));
}

TEST_CASE("lint: unsupported commands, also in subsearches, and unknown functions") {
  auto found = lint_search("index=a | nosuchcommand x | eval y=nosuchfunction(1)", "q.spl", 1, nullptr);
  REQUIRE(found.size() == 2);
  CHECK(found[0].message == "command `nosuchcommand` is not supported yet");
  CHECK(found[0].column == 11);
  CHECK(found[1].message.find("nosuchfunction") != std::string::npos);
  found = lint_search("index=a | append [ search index=b | othercommand ]", "q.spl", 1, nullptr);
  REQUIRE(found.size() == 1);
  CHECK(found[0].message == "command `othercommand` is not supported yet");
  CHECK(lint_search("index=a | stats count by host | sort - count", "q.spl", 1, nullptr).empty());
}

TEST_CASE("lint with data: fields no event has, with the closest names") {
  ScratchDir dir("lint");
  std::string data = dir.write("sysmon.xml", test::small_sysmon_log());
  Session session;
  std::vector<std::string> messages;
  REQUIRE(session.load({data}, messages));
  session.load_props({});
  auto found = lint_search("Imagee=*net.exe CommandLine=* | table _time Image", "q.spl", 3, &session);
  REQUIRE(found.size() == 1);
  CHECK(!found[0].error);
  CHECK(found[0].message.find("`Imagee`: no event has this field") != std::string::npos);
  CHECK(found[0].message.find("`Image`") != std::string::npos);
  CHECK(found[0].line == 3);
}

TEST_CASE("spelunk lint: exit status and the seed's searches") {
  ScratchDir dir("lint-cli");
  dir.write("good.spl", "index=a | stats count by host\n");
  dir.write("bad.spl", "index=a\n| where (x=1\n");
  CHECK(test::run_spelunk({"lint", dir.file("good.spl")}).status == 0);
  auto bad = test::run_spelunk({"lint", dir.file("bad.spl")});
  CHECK(bad.status == 1);
  CHECK(bad.out.find("bad.spl:2:") != std::string::npos);
  CHECK(test::run_spelunk({"lint", dir.path.string()}).status == 1);
  CHECK(test::run_spelunk({"lint"}).status == 2);

  // The shipped seed searches parse and use supported commands only.
  std::string queries = test::source_dir() + "/queries";
  auto plain = test::run_spelunk({"lint", queries + "/T1049-sysmon.spl", queries + "/T1049-powershell.spl"});
  INFO(plain.out);
  CHECK(plain.status == 0);
  CHECK(plain.out.find("0 error(s)") != std::string::npos);

  // With the sample data: the PowerShell search names Message, which Sysmon events lack; the
  // seed's own caveat ("some fields may not match your environment").
  auto with_data = test::run_spelunk({"lint", "-d", test::source_dir() + "/samples", queries + "/T1049-powershell.spl"});
  INFO(with_data.out << with_data.err);
  CHECK(with_data.status == 0);
  CHECK(with_data.out.find("`Message`: no event has this field") != std::string::npos);
  CHECK(test::run_spelunk({"lint", "--strict", "-d", test::source_dir() + "/samples", queries + "/T1049-powershell.spl"}).status == 1);

  std::string seed = test::shared_dir() + "/seed/T1049-system-network-connections-discovery.md";
  if (!test::shared_available(seed)) return;
  auto doc = test::run_spelunk({"lint", seed});
  INFO(doc.out);
  CHECK(doc.status == 0);
  CHECK(doc.out.find("2 search(es): 0 error(s)") != std::string::npos);
}
