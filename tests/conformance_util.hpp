// The conformance suite: the examples of Splunk's Search Reference (help.splunk.com, classic SPL)
// whose result the page states, one table per page, run through a session without events.
//
// Each example names its page, the search (the page's `... |` prefix becomes `| makeresults |`,
// and data the page shows as a table becomes `| makeresults format=csv data=...`), the field to
// read and the values the page gives, one per result row (a multi-value as its values joined by
// '|'). An example where spelunk deliberately differs from the page keeps the page's answer in
// `page_says` and spelunk's in `expected`, with the reason in `differs`; docs/semantics-notes.md
// lists them. The suite reports how many examples it covers, how many give the page's answer
// and how many differ on purpose.
#pragma once

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "cli/session.hpp"

namespace spelunk::conformance {

struct Example {
  const char* page;                   // "Conversion functions"
  std::string query;
  std::string field;                  // the column to read
  std::vector<std::string> expected;  // one entry per row
  const char* differs = nullptr;      // why spelunk's answer is not the page's
  std::vector<std::string> page_says = {};
};

// "now" for every example: 2024-01-01 00:00:00 UTC (the pages' own times are when they ran).
inline constexpr std::int64_t kNowUs = 1704067200LL * 1000000;

struct Tally {
  int covered = 0, passing = 0, differing = 0;
};

inline std::vector<std::string> column_text(const Result& r, const std::string& field) {
  std::vector<std::string> out;
  const int col = r.find(field);
  for (std::size_t i = 0; i < r.size(); ++i) {
    std::string s;
    if (col >= 0)
      for (const auto& v : r.get(static_cast<std::size_t>(col), i).values()) s += (s.empty() ? "" : "|") + v;
    out.push_back(s);
  }
  return out;
}

// Runs every example; each mismatch is a failed CHECK naming the page and the search.
inline Tally run_examples(const std::vector<Example>& examples, const std::string& tz = "UTC") {
  cli::Session session;
  session.load_props({});
  session.set_tz(tz);
  Tally tally;
  auto joined = [](const std::vector<std::string>& v) {
    std::string s = "[";
    for (std::size_t i = 0; i < v.size(); ++i) s += (i ? "] [" : "") + v[i];
    return s + "]";
  };
  for (const auto& ex : examples) {
    const std::string page = ex.page;
    CAPTURE(page);
    CAPTURE(ex.query);
    ++tally.covered;
    cli::SearchOutcome out = session.run(ex.query, nullptr, kNowUs);
    if (!out.ok) {
      FAIL_CHECK("the search failed: " << out.error);
      continue;
    }
    const std::vector<std::string> got = column_text(out.result, ex.field);
    if (got != ex.expected) {
      FAIL_CHECK(ex.field << " is " << joined(got) << ", expected " << joined(ex.expected));
      continue;
    }
    if (ex.differs) {
      CHECK_MESSAGE(ex.page_says != ex.expected, "an example marked as differing gives the page's answer");
      ++tally.differing;
    } else {
      ++tally.passing;
    }
  }
  return tally;
}

inline void report(const char* category, const Tally& t) {
  MESSAGE(std::string(category) << ": " << t.covered << " examples, " << t.passing << " give the page's answer, " << t.differing
                   << " differ on purpose (docs/semantics-notes.md)");
}

}  // namespace spelunk::conformance
