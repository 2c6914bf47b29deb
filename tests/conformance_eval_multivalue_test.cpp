// Conformance: Search Reference, Multivalue eval functions.
#include "conformance_util.hpp"

using spelunk::conformance::Example;

namespace {

constexpr const char* kPage = "Multivalue eval functions";

const char* const kNames = R"(| makeresults | eval names=split("alex,celestino,claudia,david,ikraam,nyah,rutherford,wei", ","))";
const char* const kPonies = R"(| makeresults | eval ponies=split("buttercup,dash,flutter,honey,ivory,minty,pinky,rarity", ","))";

std::string with(const char* prefix, const std::string& rest) { return std::string(prefix) + rest; }

const std::vector<Example>& examples() {
  static const std::vector<Example> table = {
      {kPage, R"(| makeresults | eval x=commands("search foo | stats count | sort count"))", "x", {"search|stats|sort"}},
      {kPage, R"(| makeresults | eval srcip="203.0.113.0", destip="203.0.113.255" | eval ipaddresses=mvappend("localhost", srcip, destip, "192.168.1.1"))",
       "ipaddresses", {"localhost|203.0.113.0|203.0.113.255|192.168.1.1"}},
      {kPage, R"(| makeresults | eval srcip="203.0.113.0", destip="203.0.113.255" | eval ipaddresses=mvappend(mvappend("localhost", srcip), destip, "192.168.1.1"))",
       "ipaddresses", {"localhost|203.0.113.0|203.0.113.255|192.168.1.1"}},
      {kPage, R"(| makeresults | eval From="a@example.com" | eval From_count=mvcount(From), Cc_count=mvcount(split(Cc,"@"))-1)",
       "From_count", {"1"}},
      {kPage, R"(| makeresults | eval From="a@example.com" | eval Cc_count=mvcount(split(Cc,"@"))-1)", "Cc_count", {""}},
      {kPage, with(kNames, " | eval my_names=mvindex(names,2)"), "my_names", {"claudia"}},
      {kPage, with(kNames, " | eval my_names=mvindex(names,0,3)"), "my_names", {"alex|celestino|claudia|david"}},
      {kPage, with(kPonies, " | eval my_ponies=mvindex(ponies,-1)"), "my_ponies", {"rarity"}},
      {kPage, with(kPonies, " | eval my_ponies=mvindex(ponies,-3)"), "my_ponies", {"minty"}},
      {kPage, with(kPonies, " | eval my_ponies=mvindex(ponies, -3, -1)"), "my_ponies", {"minty|pinky|rarity"}},
      {kPage, R"(| makeresults | eval base=mvrange(1,6), joined=mvjoin('base'," OR "))", "joined", {"1 OR 2 OR 3 OR 4 OR 5"}},
      {kPage, R"(| makeresults | eval mv=mvrange(1,11,2))", "mv", {"1|3|5|7|9"}},
      {kPage, R"(| makeresults | eval a=mvreverse(split("1,2,3", ",")))", "a", {"3|2|1"}},
      {kPage, R"(| makeresults | eval b = mvappend("1","2","3"), a=mvreverse(b))", "a", {"3|2|1"}},
      {kPage, R"(| makeresults | eval myfield = "one,two,three" | makemv tokenizer = "([^,]+),?" myfield | eval new_myfield = mvreverse(myfield))",
       "new_myfield", {"three|two|one"}},
      {kPage, R"(| makeresults | eval myfield = mvreverse(mvappend("1", "2", "3")))", "myfield", {"3|2|1"}},
      {kPage, R"(| makeresults | eval mvfield=split("10,9,70,100", ",") | eval s=mvsort(mvfield))", "s", {"10|100|70|9"}},
      {kPage, R"(| makeresults | eval test="abcd" | eval results=split(test,""))", "results", {"a|b|c|d"}},
      {kPage, R"(| makeresults | eval test="buttercup;rarity;tenderhoof;dash;mcintosh;fleetfoot;mistmane" | eval ponies=split(test,";"))",
       "ponies", {"buttercup|rarity|tenderhoof|dash|mcintosh|fleetfoot|mistmane"}},
      {kPage, R"(| makeresults | eval test="1a2b3c4def567890" | eval results=split(test,"def"))", "results", {"1a2b3c4|567890"}},
      {kPage, R"(| makeresults | eval test="name::value" | eval results=split(test,"::"))", "results", {"name|value"}},
      {kPage, R"(| makeresults | eval results=mvappend("1","2"), threshold=3 | eval n=mvmap(results, results*10))", "n", {"10|20"}},
      {kPage, R"(| makeresults | eval results=mvappend("1","2","3"), threshold=3 | eval n=mvmap(mvindex(results, 1,2), results*threshold))",
       "n", {"6|9"}},
      // The page's mvrange with a 7d step, in a US time zone: the step is 7 calendar days, so the
      // DST change of 11 March 2018 makes one step an hour shorter (1520277931 -> 1520879131).
      {kPage, R"(| makeresults | eval mv=mvrange(1514834731,1524134919,"7d") | eval all=mvjoin(mv, ""))", "all",
       {"1514834731151543953115160443311516649131151725393115178587311518463531151906833115196731311520277931152087913115214839311522088731152269353115232983311523903131"}},
  };
  return table;
}

}  // namespace

TEST_CASE("conformance: Multivalue eval functions") {
  auto tally = spelunk::conformance::run_examples(examples(), "America/Los_Angeles");
  spelunk::conformance::report(kPage, tally);
}
