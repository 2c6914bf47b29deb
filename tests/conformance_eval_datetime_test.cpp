// Conformance: Search Reference, "Date and time format variables" (the variables of strftime and
// strptime). The page states its examples for a time in a named zone ("Thu Jul 18 09:30:00 PDT
// 2019", "-0500 ... Eastern Standard Time"), so each table runs in that zone. The Date and Time
// functions page itself states no result that does not depend on when the search runs.
#include "conformance_util.hpp"

using spelunk::conformance::Example;

namespace {

constexpr const char* kPage = "Date and time format variables";

// 2019-07-18 09:30:00 PDT and 2019-07-13 09:30:00 PDT (the page's %c/%+ and %x examples).
const std::vector<Example>& pacific_examples() {
  static const std::vector<Example> table = {
      {kPage, R"(| makeresults | eval t=strftime(1563467400, "%c"))", "t", {"Thu Jul 18 09:30:00 2019"}},
      {kPage, R"(| makeresults | eval t=strftime(1563467400, "%+"))", "t", {"Thu Jul 18 09:30:00 PDT 2019"}},
      {kPage, R"(| makeresults | eval t=strftime(1563467400, "%k"))", "t", {" 9"}},  // "leading zeros are replaced by a space"
      {kPage, R"(| makeresults | eval t=strftime(1563467400, "%I %p"))", "t", {"09 AM"}},
      {kPage, R"(| makeresults | eval t=strftime(1563467400, "%F") . "=" . strftime(1563467400, "%Y-%m-%d"))", "t",
       {"2019-07-18=2019-07-18"}},
      {kPage, R"(| makeresults | eval t=strftime(1563467400.123456, "%Q|%3Q|%6Q|%3N|%6N|%N|%f"))", "t",
       {"123|123|123456|123|123456|123456000|123456"}},
      {kPage, R"(| makeresults | eval t=strptime("Thu Jul 18 09:30:00 2019", "%a %b %d %H:%M:%S %Y"))", "t", {"1563467400"}},
      {kPage, R"(| makeresults | eval t=strptime("07/18/2019 09:30 PM", "%m/%d/%Y %I:%M %p"))", "t", {"1563510600"}},
      // %x and %X are "the current locale's format"; spelunk uses the C locale's, as a server
      // without a locale set does. The page shows US English without leading zeros.
      {kPage, R"(| makeresults | eval t=strftime(1563035400, "%x"))", "t", {"07/13/19"},
       "%x uses the C locale (MM/DD/YY), not US English", {"7/13/2019"}},
      {kPage, R"(| makeresults | eval t=strftime(1563035400, "%X"))", "t", {"09:30:00"},
       "%X uses the C locale (HH:MM:SS), not US English", {"9:30:00"}},
  };
  return table;
}

// 2019-07-18 23:59:59 EDT and 2019-01-18 12:00:00 EST (the page's %T and %z examples).
const std::vector<Example>& eastern_examples() {
  static const std::vector<Example> table = {
      {kPage, R"(| makeresults | eval t=strftime(1563508799, "%T"))", "t", {"23:59:59"}},
      {kPage, R"(| makeresults | eval t=strftime(1547830800, "%Z"))", "t", {"EST"}},
      {kPage, R"(| makeresults | eval t=strftime(1547830800, "%z"))", "t", {"-0500"}},
      {kPage, R"(| makeresults | eval t=strftime(1547830800, "%:z"))", "t", {"-05:00"}},
      {kPage, R"(| makeresults | eval t=strftime(1547830800, "%::z"))", "t", {"-05:00:00"}},
      {kPage, R"(| makeresults | eval t=strftime(1547830800, "%:::z"))", "t", {"-05"}},
      {kPage, R"(| makeresults | eval t=strptime("2019-01-18 12:00:00 -0500", "%Y-%m-%d %H:%M:%S %z"))", "t", {"1547830800"}},
  };
  return table;
}

// %s: "the UNIX Epoch Time timestamp 1484993700 is equal to Tue Jan 21 10:15:00 2020". 1484993700
// is Sat Jan 21 10:15:00 2017 UTC; the page's weekday and year are wrong.
const std::vector<Example>& utc_examples() {
  static const std::vector<Example> table = {
      {kPage, R"(| makeresults | eval t=strftime(strptime("1484993700", "%s"), "%c"))", "t", {"Sat Jan 21 10:15:00 2017"},
       "1484993700 is a Saturday in 2017; the page's \"Tue Jan 21 10:15:00 2020\" is a typo", {"Tue Jan 21 10:15:00 2020"}},
      {kPage, R"(| makeresults | eval t=strftime(1484993700, "%s"))", "t", {"1484993700"}},
  };
  return table;
}

}  // namespace

TEST_CASE("conformance: Date and time format variables") {
  using spelunk::conformance::run_examples;
  spelunk::conformance::Tally tally;
  for (const auto& [examples, tz] :
       {std::pair{&pacific_examples(), "America/Los_Angeles"}, std::pair{&eastern_examples(), "America/New_York"},
        std::pair{&utc_examples(), "UTC"}}) {
    auto t = run_examples(*examples, tz);
    tally.covered += t.covered;
    tally.passing += t.passing;
    tally.differing += t.differing;
  }
  spelunk::conformance::report(kPage, tally);
}
