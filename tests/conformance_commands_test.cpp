// Conformance: Search Reference command pages (eval, makeresults, chart, transpose, xyseries,
// untable, format, return, streamstats, foreach, fromjson) — the examples whose results the
// pages state, their data built with makeresults.
#include "conformance_util.hpp"

using spelunk::conformance::Example;

namespace {

const char* const kSales = R"(| makeresults format=csv data="products,quarter,sales
ProductA,QTR1,1200
ProductB,QTR1,1400
ProductC,QTR1,1650
ProductA,QTR2,1425
ProductB,QTR2,1175
ProductC,QTR2,1550
ProductA,QTR3,1300
ProductB,QTR3,1250
ProductC,QTR3,1375
ProductA,QTR4,1550
ProductB,QTR4,1700
ProductC,QTR4,1625")";

const char* const kHosts = R"(| makeresults format=csv data="host,count
www1,11835
www2,11186
www3,11261")";

const char* const kTop = R"(| makeresults format=csv data="categoryId,count,percent
STRATEGY,806,30.495649
ARCADE,493,18.653046
TEE,367,13.885736
ACCESSORIES,348,13.166856
SIMULATION,246,9.307605
SHOOTER,245,9.269769
SPORTS,138,5.221339")";

const char* const kSyslog = R"(| makeresults format=csv data="source,sourcetype,host
syslog.log,syslog,my_laptop
bob-syslog.log,syslog,bobs_laptop
laura-syslog.log,syslog,lauras_laptop")";

std::string with(const char* prefix, const std::string& rest) { return std::string(prefix) + rest; }

const std::vector<Example>& examples() {
  static const std::vector<Example> table = {
      // eval: dynamic field names, trailing spaces in a name
      {"eval", R"(| makeresults | eval aName="counter", aValue=1234 | eval {aName}=aValue)", "counter", {"1234"}},
      {"eval", R"(| makeresults | eval field1="counter", {field1}="1234")", "counter", {"1234"}},
      {"eval", R"(| makeresults | eval "first  " = 123 | eval second='first  ')", "second", {"123"}},
      {"eval", R"(| makeresults | eval x=1000000.1278 | eval x=tostring(x,"commas"))", "x", {"1,000,000.13"}},
      {"eval", R"(| makeresults | eval x=1000000.1278 | eval x="$".tostring(x,"commas"))", "x", {"$1,000,000.13"}},
      {"eval", R"(| makeresults | eval mailfrom="na.lui@sample.net" | eval accountname=split(mailfrom,"@"), from_user=mvindex(accountname,0), from_domain=mvindex(accountname,-1) | eval both=from_user." ".from_domain)",
       "both", {"na.lui sample.net"}},
      // makeresults
      {"makeresults", R"(| makeresults | eval newfield="some value")", "newfield", {"some value"}},
      {"makeresults", R"(| makeresults count=5 | streamstats count)", "count", {"1", "2", "3", "4", "5"}},
      {"makeresults", R"(| makeresults count=5 | streamstats count | eval _time=_time-(count*86400) | eval d=strftime(_time, "%Y-%m-%d"))",
       "d", {"2023-12-31", "2023-12-30", "2023-12-29", "2023-12-28", "2023-12-27"}},
      {"makeresults", R"(| makeresults | eval test="buttercup rarity tenderhoof dash mcintosh fleetfoot mistmane" | makemv delim=" " test | mvexpand test)",
       "test", {"buttercup", "rarity", "tenderhoof", "dash", "mcintosh", "fleetfoot", "mistmane"}},
      {"makeresults", R"(| makeresults count=4 | streamstats count | eval age = case(count=1, 25, count=2, 39, count=3, 31, count=4, null()) | eval city = case(count=1 OR count=3, "San Francisco", count=2 OR count=4, "Seattle") | eventstats avg(age) BY city)",
       "avg(age)", {"28", "39", "28", "39"}},
      {"makeresults", R"(| makeresults format=json data="[{\"name\":\"Larson\",\"age\":32}, {\"name\":\"Nyeti\",\"age\":44}, {\"name\":\"Vero\",\"age\":22}]")",
       "_raw", {R"({"name":"Larson","age":32})", R"({"name":"Nyeti","age":44})", R"({"name":"Vero","age":22})"}},
      {"makeresults", R"(| makeresults format=csv data="name, age
Sujata,61
Linus,29
Karina,33" | fields name, age)", "age", {"61", "29", "33"}},
      // chart
      {"chart", with(kSales, " | chart sum(sales) BY products quarter"), "QTR1", {"1200", "1400", "1650"}},
      {"chart", with(kSales, " | chart sum(sales) BY products quarter"), "QTR4", {"1550", "1700", "1625"}},
      {"chart", with(kSales, " | chart sum(sales) BY products quarter"), "products", {"ProductA", "ProductB", "ProductC"}},
      // transpose
      {"transpose", with(kHosts, " | table host count | transpose"), "column", {"host", "count"}},
      {"transpose", with(kHosts, " | table host count | transpose"), "row 3", {"www3", "11261"}},
      {"transpose", with(kHosts, " | table host count | transpose header_field=host"), "www2", {"11186"}},
      {"transpose", with(kHosts, " | table host count | transpose header_field=host"), "column", {"count"}},
      // xyseries / untable
      {"xyseries", with(kTop, " | xyseries categoryId count percent"), "806", {"30.495649", "", "", "", "", "", ""}},
      {"xyseries", with(kTop, " | xyseries categoryId count percent"), "categoryId",
       {"STRATEGY", "ARCADE", "TEE", "ACCESSORIES", "SIMULATION", "SHOOTER", "SPORTS"},
       "rows in the order their x values first come; the page's table starts with SPORTS and is not in any order it states",
       {"SPORTS", "ACCESSORIES", "ARCADE", "SHOOTER", "SIMULATION", "STRATEGY", "TEE"}},
      {"untable", with(kTop, " | untable categoryId calculation value | head 4"), "value", {"806", "30.495649", "493", "18.653046"}},
      {"untable", with(kTop, " | untable categoryId calculation value | head 4"), "calculation", {"count", "percent", "count", "percent"}},
      {"untable", R"(| makeresults format=csv data="EventCode,Message
4136,Too late now
1234,I dont know" | streamstats count as recno | untable recno FieldName FieldValue)", "FieldValue",
       {"4136", "Too late now", "1234", "I dont know"}},
      {"untable", R"(| makeresults format=csv data="EventCode,Message
4136,Too late now
1234,I dont know" | streamstats count as recno | untable recno FieldName FieldValue | xyseries recno FieldName FieldValue)",
       "Message", {"Too late now", "I dont know"}},
      // format
      {"format", with(kSyslog, " | head 2 | fields source, sourcetype, host | format"), "search",
       {R"(( ( host="my_laptop" AND source="syslog.log" AND sourcetype="syslog" ) OR ( host="bobs_laptop" AND source="bob-syslog.log" AND sourcetype="syslog" ) ))"}},
      {"format", with(kSyslog, R"( | head 2 | fields source, sourcetype, host | format "[" "[" "&&" "]" "||" "]")"), "search",
       {R"([ [ host="my_laptop" && source="syslog.log" && sourcetype="syslog" ] || [ host="bobs_laptop" && source="bob-syslog.log" && sourcetype="syslog" ] ])"}},
      {"format", R"(| makeresults | eval foo="eventtype,log_level" | makemv delim="," foo | fields foo | format mvsep="mvseparator" "{" "[" "AND" "]" "AND" "}")",
       "search", {R"({ [ ( foo="eventtype" mvseparator foo="log_level" ) ] })"}},
      {"format", R"(| makeresults count=1 | format emptystr="Error Found")", "search", {"Error Found"}},
      {"format", R"(| makeresults count=1 | format)", "search", {"NOT ( )"}},
      // return
      {"return", R"(| makeresults | eval ip="10.1.11.2" | return ip)", "search", {R"(ip="10.1.11.2")"}},
      {"return", R"(| makeresults count=2 | streamstats count | eval user=if(count=1, "bob", "fred"), ip=if(count=1, "10.1.11.2", "10.2.12.3") | return 2 user ip)",
       "search", {R"((user="bob" ip="10.1.11.2") OR (user="fred" ip="10.2.12.3"))"}},
      {"return", R"(| makeresults | eval srcip="10.1.11.2" | return ip=srcip)", "search", {R"(ip="10.1.11.2")"}},
      {"return", R"(| makeresults | eval srcip="10.1.11.2" | return $srcip)", "search", {"10.1.11.2"}},
      // fromjson
      {"fromjson", R"(| makeresults | eval object=json_object("name", "Albert", "age", 63) | fromjson object | eval both=name." ".age)",
       "both", {"Albert 63"}},
      {"fromjson", R"(| makeresults | eval object=json_object("name", "Albert", "age", 63) | fromjson object prefix=json_ | eval both=json_name." ".json_age)",
       "both", {"Albert 63"}},
      // streamstats
      {"streamstats", R"(| makeresults count=3 | streamstats count | eval test=if(count==2,"yes","no"))", "test", {"no", "yes", "no"}},
      {"streamstats", R"(| makeresults format=csv data="shift
DAY
DAY
NIGHT
NIGHT
NIGHT
NIGHT
DAY
NIGHT" | streamstats count BY shift reset_on_change=true)", "count", {"1", "2", "1", "2", "3", "4", "1", "1"}},
      {"streamstats", R"(| makeresults count=5 | streamstats count | eval age = case(count=1, 25, count=2, 39, count=3, 31, count=4, 27, count=5, null()) | eval city = case(count=1 OR count=3, "San Francisco", count=2 OR count=4, "Seattle",count=5, "Los Angeles"))",
       "city", {"San Francisco", "Seattle", "San Francisco", "Seattle", "Los Angeles"}},
      // foreach
      {"foreach", R"(| makeresults | eval myfield_1 = 5, myfield_2 = 10 | foreach myfield_* [eval <<FIELD>> = '<<FIELD>>' + <<MATCHSTR>>] | eval both=myfield_1." ".myfield_2)",
       "both", {"6 12"}},
      {"foreach", R"(| makeresults | eval mv=mvappend("5", "15"), total = 0, count = 0 | foreach mode=multivalue mv [eval total = total + <<ITEM>>, count = count + 1] | eval both=total." ".count)",
       "both", {"20 2"}},
      {"foreach", R"(| makeresults | eval mv1=mvappend("1", "2"), mv2=mvappend("3", "4"), 'mv*'=mvappend("100", "300"), total = 0 | foreach mode=multivalue mv* [eval total = total + <<ITEM>>])",
       "total", {"400"}},
      // The page's ARCADE row lacks www2 and still shows total 800; in eval a missing operand
      // makes the sum null (R9.1), so total is empty there.
      {"foreach", R"(| makeresults format=csv data="categoryId,www1,www2
ACCESSORIES,1000,500
SIMULATION,3000,750
ARCADE,800,
STRATEGY,400,200" | eval total=0 | foreach www* [eval total=total + <<FIELD>>])", "total", {"1500", "3750", "", "600"},
       "a row lacking www2 gets no total: `total + www2` with www2 missing is null", {"1500", "3750", "800", "600"}},
  };
  return table;
}

}  // namespace

TEST_CASE("conformance: command pages") {
  auto tally = spelunk::conformance::run_examples(examples());
  spelunk::conformance::report("Search commands (eval, makeresults, chart, transpose, xyseries, untable, format, return, "
                               "streamstats, foreach, fromjson)",
                               tally);
}
