// Conformance: Search Reference, Conversion functions (ipmask, printf, toarray, tobool,
// todouble, toint, tomv, tonumber, toobject, tostring).
#include "conformance_util.hpp"

using spelunk::conformance::Example;

namespace {

constexpr const char* kPage = "Conversion functions";

const std::vector<Example>& examples() {
  static const std::vector<Example> table = {
      {kPage, R"(| makeresults | eval maskedIP = ipmask("255.255.255.0", "10.20.30.120"))", "maskedIP", {"10.20.30.0"}},
      {kPage, R"(| makeresults | eval m = ipmask("0.255.0.224", "10.20.30.120"))", "m", {"0.20.0.96"}},
      {kPage, R"(| makeresults | eval p=printf("%.3A",pi()))", "p", {"0X1.922P+1"}},
      {kPage, R"(| makeresults | eval p=printf("%c,%c",65,"Foo"))", "p", {"A,F"}},
      {kPage, R"(| makeresults | eval p=printf("%d,%i,%d",-2,+4,30))", "p", {"-2,4,30"}},
      {kPage, R"(| makeresults | eval p=printf("%.2e",5139))", "p", {"5.14e+03"}},
      {kPage, R"(| makeresults | eval p=printf("%.2f",pi()))", "p", {"3.14"}},
      {kPage, R"(| makeresults | eval p=printf("%.2g,%.2g",pi(),123))", "p", {"3.1,1.2e+02"}},
      {kPage, R"(| makeresults | eval p=printf("%o",255))", "p", {"377"}},
      {kPage, R"(| makeresults | eval p=printf("%s%z", "foo", "bar"))", "p", {"foobar"}},
      {kPage, R"(| makeresults | eval p=printf("%u",99))", "p", {"99"}},
      {kPage, R"(| makeresults | eval p=printf("%x,%X,%p",10,10,10))", "p", {"a,A,A"}},
      {kPage, R"(| makeresults | eval p=printf("100%%"))", "p", {"100%"}},
      {kPage, R"(| makeresults | eval p=printf("%'d",12345))", "p", {"12,345"}},
      // The page prints the padded results without their spaces; C's padding is what it describes.
      {kPage, R"(| makeresults | eval p=printf("%-4d",1) . "|")", "p", {"1   |"}},
      {kPage, R"(| makeresults | eval p=printf("%04d",1))", "p", {"0001"}},
      {kPage, R"(| makeresults | eval p=printf("%+4d",1))", "p", {"  +1"}},
      {kPage, R"(| makeresults | eval p=printf("% -4d",1) . "|")", "p", {" 1  |"}},
      {kPage, R"(| makeresults | eval p=printf("%#x", 1))", "p", {"0x1"}},
      {kPage, R"(| makeresults | eval p=printf("%*d", 5, 123))", "p", {"  123"}},
      {kPage, R"(| makeresults | eval p=printf("%.*f", 1, 1.23))", "p", {"1.2"}},
      {kPage, R"(| makeresults | eval p=printf("%*.*e", 9, 2, pi()))", "p", {" 3.14e+00"}},
      {kPage, R"(| makeresults | eval my_array=toarray(split("1, 2, 3", ",")))", "my_array", {"[1,2,3]"}},
      {kPage, R"(| makeresults | eval grocery_array=toarray("[\"carrots\", 1.00, \"potatoes\", 1.75]"))", "grocery_array",
       {"[\"carrots\",1,\"potatoes\",1.75]"}},
      {kPage, R"(| makeresults | eval result = if(isnull(toarray("somefield")), "True", "False"))", "result", {"True"}},
      {kPage, R"(| makeresults | eval test_data=mvappend("100","200","300") | eval test_array = toarray(test_data))",
       "test_array", {"[100,200,300]"}},
      {kPage, R"(| makeresults format=csv data="categoryId,units
Dream Crusher,12
Final Sequel,0
Grand Theft Scooter,15
Mediocre Kingdom,35
Orvil the Wolverine,1" | eval in_stock=if(tobool(units), "In Stock", "Not in Stock"))",
       "in_stock", {"In Stock", "Not in Stock", "In Stock", "In Stock", "In Stock"}},
      {kPage, R"(| makeresults | eval result = todouble("number"))", "result", {""}},
      {kPage, R"(| makeresults | eval numbers_double=todouble(5))", "numbers_double", {"5.0"}},
      {kPage, R"(| makeresults | eval numbers_int=toint("24"))", "numbers_int", {"24"}},
      {kPage, R"(| makeresults | eval numbers_int=toint(3.14))", "numbers_int", {"3"}},
      {kPage, R"(| makeresults | eval ponies = json_array("Buttercup", "Fluttershy", "Rarity"), mv_ponies = tomv(ponies))",
       "mv_ponies", {"\"Buttercup\"|\"Fluttershy\"|\"Rarity\""}},
      {kPage, R"(| makeresults | eval surname = json_array("dubois", json_object("name", "patel")), surname_mv=tomv(surname))",
       "surname_mv", {"\"dubois\"|{\"name\":\"patel\"}"}},
      {kPage, R"(| makeresults | eval result = tonumber("0101", 2))", "result", {"5"}},
      {kPage, R"(| makeresults | eval n=tonumber("0A4",16))", "n", {"164"}},
      {kPage, R"(| makeresults | eval employee_record = toobject("{\"name\": \"maria\", \"age\": 25, \"status\": \"full-time\"}"))",
       "employee_record", {"{\"name\":\"maria\",\"age\":25,\"status\":\"full-time\"}"}},
      {kPage, R"(| makeresults | eval result = tostring(9, "binary"))", "result", {"1001"}},
      {kPage, R"(| makeresults | eval n=tostring(1==1) + " " + tostring(15, "hex") + " " + tostring(12345.6789, "commas"))",
       "n", {"True 0xF 12,345.68"}},
      {kPage, R"(| makeresults | eval foo=615 | eval foo2 = tostring(foo, "duration"))", "foo2", {"00:10:15"}},
      {kPage, R"(| makeresults | eval foo=615 | eval foo2 = tostring(foo, "duration"))", "foo", {"615"}},
      // The page: tonumber("seven") "returns an error ... the following search fails". spelunk
      // follows the same page's rule for field values (null when it cannot parse), for literals too.
      {kPage, R"(| makeresults | eval result=tonumber("seven"))", "result", {""},
       "tonumber() of text that is no number gives null, literal or field", {"(an error)"}},
  };
  return table;
}

}  // namespace

TEST_CASE("conformance: Conversion functions") {
  auto tally = spelunk::conformance::run_examples(examples());
  spelunk::conformance::report(kPage, tally);
}
