// Conformance: Search Reference, Comparison and Conditional functions.
#include "conformance_util.hpp"

using spelunk::conformance::Example;

namespace {

constexpr const char* kPage = "Comparison and Conditional functions";

const char* const kStatus = R"(| makeresults format=csv data="status
200
200
408
200
404
200
406
500
200")";

std::string with(const char* prefix, const std::string& rest) { return std::string(prefix) + rest; }

const std::vector<Example>& examples() {
  static const std::vector<Example> table = {
      {kPage, with(kStatus, R"( | eval description=case(status==200, "OK", status==404, "Not found", status==500, "Internal Server Error") | table status description)"),
       "description", {"OK", "OK", "", "OK", "Not found", "OK", "", "Internal Server Error", "OK"}},
      {kPage, with(kStatus, R"( | eval description=case(status==200,"OK", status==404, "Not found", true(), "Other") | table status description)"),
       "description", {"OK", "OK", "Other", "OK", "Not found", "OK", "Other", "Other", "OK"}},
      {kPage, R"(| makeresults format=csv data="Description
Deep
Low
Mid" | eval sort_field=case(Description="Low", 1, Description="Mid", 2, Description="Deep",3) | sort sort_field)",
       "Description", {"Low", "Mid", "Deep"}},
      {kPage, R"(| makeresults | eval subnet="192.0.2.0/24", ip="192.0.3.0" | eval result=if(cidrmatch(subnet, ip), "true", "false"))",
       "result", {"false"}},
      {kPage, R"(| makeresults | eval ip="192.0.2.56" | where cidrmatch("192.0.2.0/24", ip))", "ip", {"192.0.2.56"}},
      {kPage, R"(| makeresults | eval ip="192.0.2.56" | search ip="192.0.2.0/24")", "ip", {"192.0.2.56"}},
      {kPage, R"(| makeresults | eval subnet="2001:0db8:ffff:ffff:ffff:ffff:ffff:ff00/120", ip="2001:0db8:ffff:ffff:ffff:ffff:ffff:ff99" | eval result = if(cidrmatch(subnet, ip), "true", "false"))",
       "result", {"true"}},
      {kPage, R"(| makeresults | eval ip="2001:0db8:ffff:ffff:ffff:ffff:ffff:ff99" | where cidrmatch("2001:0db8:ffff:ffff:ffff:ffff:ffff:ff00/120", ip))",
       "ip", {"2001:0db8:ffff:ffff:ffff:ffff:ffff:ff99"}},
      {kPage, R"(| makeresults | eval error=200 | eval err=if(error == 200, "OK", "Error"))", "err", {"OK"}},
      {kPage, R"(| makeresults | eval error=404 | eval err=if(error == 200, "OK", "Error"))", "err", {"Error"}},
      {kPage, R"(| makeresults | eval test="\"yes\"" | eval matches = if(match(test, "\"yes\""), 1, 0))", "matches", {"1"}},
      {kPage, R"(| makeresults | eval names="buttercup rarity tenderhoof dash" | makemv delim=" " names | mvexpand names | eval ponies = if(names="buttercup", "mistmane", names))",
       "ponies", {"mistmane", "rarity", "tenderhoof", "dash"}},
      {kPage, R"(| makeresults | eval names="buttercup rarity tenderhoof dash" | makemv delim=" " names | mvexpand names | eval ponies = if(names="buttercup", "mistmane", names) | eval compare = nullif(names, ponies))",
       "compare", {"buttercup", "", "", ""}},
      // The page writes `| makeresults 1`, which the makeresults page does not allow (count=N).
      {kPage, R"(| makeresults count=1 | eval _raw = "x=hi y=bye" | eval x="hi" | eval y="bye" | eval test=if(searchmatch("x=hi y=*"), "yes", "no") | table _raw test x y)",
       "test", {"yes"}},
      {kPage, R"(| makeresults | eval status="404" | eval error=if(in(status, "404","500","503"),"true","false"))", "error",
       {"true"}},
      {kPage, R"(| makeresults | eval status="403" | where status in("400", "401", "403", "404"))", "status", {"403"}},
      {kPage, R"(| makeresults | eval field="foobar" | eval is_a_foo=if(like(field, "foo%"), "yes a foo", "not a foo"))",
       "is_a_foo", {"yes a foo"}},
  };
  return table;
}

}  // namespace

TEST_CASE("conformance: Comparison and Conditional functions") {
  auto tally = spelunk::conformance::run_examples(examples());
  spelunk::conformance::report(kPage, tally);
}
