// Conformance: Search Reference, Text functions.
#include "conformance_util.hpp"

using spelunk::conformance::Example;

namespace {

constexpr const char* kPage = "Text functions";

const std::vector<Example>& examples() {
  static const std::vector<Example> table = {
      {kPage, R"(| makeresults format=csv data="names
buttercup
rarity
tenderhoof
dash
mistmane" | eval length=len(names))", "length", {"9", "6", "10", "4", "8"}},
      {kPage, R"(| makeresults | eval x=ltrim("   ZZZZabcZZ ", " Z"))", "x", {"abcZZ "}},
      {kPage, R"(| makeresults | eval n=rtrim("   ZZZZabcZZ ", " Z"))", "n", {"   ZZZZabc"}},
      {kPage, R"(| makeresults | eval n=trim("   ZZZZabcZZ ", " Z"))", "n", {"abc"}},
      {kPage, R"(| makeresults | eval date="1/14/2023" | eval n=replace(date, "^(\d{1,2})/(\d{1,2})/", "\2/\1/"))", "n",
       {"14/1/2023"}},
      {kPage, R"(| makeresults | eval dst="54.81.233.206:443:X1" | eval dst=replace(dst,":.*",""))", "dst", {"54.81.233.206"}},
      {kPage, R"(| makeresults | eval n=substr("string", 1, 3) + substr("string", -3))", "n", {"string"}},
      {kPage, R"(| makeresults | eval n=urldecode("http%3A%2F%2Fwww.splunk.com%2Fdownload%3Fr%3Dheader"))", "n",
       {"http://www.splunk.com/download?r=header"}},
  };
  return table;
}

}  // namespace

TEST_CASE("conformance: Text functions") {
  auto tally = spelunk::conformance::run_examples(examples());
  spelunk::conformance::report(kPage, tally);
}
