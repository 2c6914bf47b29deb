// The search filter's paths no other test ran: the raw-term scan split over two threads (enough
// candidate rows for several ranges), and `_time=` leaves (compared as epoch seconds text).
#include <doctest/doctest.h>

#include "eval_core_store_fixture.hpp"
#include "evaluator/raw_terms.hpp"
#include "evaluator/search_filter.hpp"

using namespace spelunk;
using namespace spelunk::test;

namespace {

std::vector<std::size_t> rows_of(const ast::SearchExpr& e, const Store& store, unsigned threads) {
  ColumnLookup lookup = [&store](std::string_view f) { return store.column(f); };
  SearchContext ctx;
  ctx.threads = threads;
  std::vector<std::size_t> out;
  filter_store(e, store, lookup, ctx).for_each([&](std::size_t r) { out.push_back(r); });
  return out;
}

}  // namespace

TEST_CASE("search: a raw-term scan on two threads finds exactly what one thread and a plain reading find") {
  // 60,000 events: four ranges of 16,384 candidate rows, dealt to two threads.
  constexpr std::size_t kEvents = 60000;
  std::vector<Ev> evs;
  std::vector<std::size_t> expected_term, expected_phrase;
  for (std::size_t i = 0; i < kEvents; ++i) {
    const bool term = i % 7 == 3 || i == kEvents - 1;
    const bool phrase = i % 11 == 5;
    std::string raw = "<Event> id=" + std::to_string(i) + (term ? " NETSTAT -ano" : " ipconfig") +
                      (phrase ? " net use \\\\srv\\c$" : "") + "</Event>";
    evs.push_back({{{"k", i % 2 ? "odd" : "even"}}, static_cast<std::int64_t>(i), raw});
    if (term) expected_term.push_back(i);
    if (phrase) expected_phrase.push_back(i);
  }
  auto store = make_store(evs);
  const auto netstat = term("netstat");  // terms are case-insensitive
  CHECK(rows_of(netstat, *store, 2) == expected_term);
  CHECK(rows_of(netstat, *store, 1) == expected_term);
  const auto phrase = term("net use", /*quoted=*/true);
  CHECK(rows_of(phrase, *store, 2) == expected_phrase);
  // Behind a field test: only the odd rows are scanned, still on two threads.
  std::vector<std::size_t> odd_term;
  for (std::size_t r : expected_term)
    if (r % 2) odd_term.push_back(r);
  CHECK(rows_of(group(ast::SearchExpr::Kind::And, {cmp("k", "odd"), netstat}), *store, 2) == odd_term);
}

TEST_CASE("search: _time= leaves compare the event time as epoch seconds") {
  auto store = make_store({{{}, 1709539200, "a"}, {{}, 1709539260, "b"}, {{}, 1709542800, "c"}});
  using Rows = std::vector<std::size_t>;
  CHECK(rows_of(cmp("_time", "1709539260"), *store, 2) == Rows{1});
  CHECK(rows_of(cmp("_time", "1709539260", ast::CompareOp::Ne), *store, 2) == Rows{0, 2});
  CHECK(rows_of(cmp("_time", "1709539260", ast::CompareOp::Ge), *store, 2) == Rows{1, 2});
  CHECK(rows_of(cmp("_time", "1709539260", ast::CompareOp::Lt), *store, 2) == Rows{0});
  CHECK(rows_of(cmp("_time", "17095392*"), *store, 2) == Rows{0, 1});  // a wildcard on the seconds text
  ast::SearchExpr in;
  in.kind = ast::SearchExpr::Kind::In;
  in.field = "_time";
  for (const char* v : {"1709542800", "1"}) {
    ast::SearchValue sv;
    sv.text = v;
    in.values.push_back(sv);
  }
  CHECK(rows_of(in, *store, 2) == Rows{2});
}
