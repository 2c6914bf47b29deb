// Conformance: Search Reference, Statistical eval functions (avg, max, min, random).
#include "conformance_util.hpp"

using spelunk::conformance::Example;

namespace {

constexpr const char* kPage = "Statistical eval functions";

const std::vector<Example>& examples() {
  static const std::vector<Example> table = {
      {kPage, R"(| makeresults | eval a = 5.0, b = "9", x = avg(a, b, c))", "x", {"7"}},
      {kPage, R"(| makeresults | eval c=avg(1, 2, 3))", "c", {"2"}},
      {kPage, R"(| makeresults | eval c=avg(1, 2, tonumber("3")))", "c", {"2"}},
      {kPage, R"(| makeresults | eval a="1", c=avg(a, 2, 3))", "c", {"2"}},
      {kPage, R"(| makeresults | eval a="somedata", c=avg(a, 2, 3))", "c", {"2.5"}},
      {kPage, R"(| makeresults | eval name="baz" | eval n=max(1, 3, 6, 7, "foo", name))", "n", {"foo"}},
      {kPage, R"(| makeresults | eval name="zaz" | eval n=max(1, 3, 6, 7, "foo", name))", "n", {"zaz"}},
      {kPage, R"(| makeresults | eval n = "1 3 5 6 4 2" | makemv n | eval maxn = max(n))", "maxn", {"6"}},
      {kPage, R"(| makeresults | eval size=9 | eval n=min(3, 6, 7, "maria", size))", "n", {"3"}},
      {kPage, R"(| makeresults | eval size=1 | eval n=min(3, 6, 7, "maria", size))", "n", {"1"}},
      {kPage, R"(| makeresults | eval n = "3 5 6 4 7 2" | makemv n | eval minn = min(n))", "minn", {"2"}},
      {kPage, R"(| makeresults | eval n=random() | eval ok=if(n >= 0 AND n <= 2147483647, "yes", "no"))", "ok", {"yes"}},
      {kPage, R"(| makeresults | eval n=(random() % 100000) + 1 | eval ok=if(n >= 1 AND n <= 100000, "yes", "no"))", "ok",
       {"yes"}},
  };
  return table;
}

}  // namespace

TEST_CASE("conformance: Statistical eval functions") {
  auto tally = spelunk::conformance::run_examples(examples());
  spelunk::conformance::report(kPage, tally);
}
