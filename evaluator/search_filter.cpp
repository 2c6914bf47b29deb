#include "evaluator/search_filter.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>
#include <optional>
#include <thread>
#include <unordered_map>

#include "evaluator/command.hpp"
#include "evaluator/raw_terms.hpp"
#include "evaluator/two_threads.hpp"
#include "evaluator/value.hpp"

#if __has_include("evaluator/time/relative_time.hpp")
#include "evaluator/time/relative_time.hpp"
#define SPELUNK_HAVE_TIME_MODIFIERS 1
#endif

namespace spelunk {

// ------------------------------------------------------------------ ValueTest

namespace {

bool parse_ip(std::string_view text, int& family, unsigned char* out) {
  if (text.size() > 45) return false;
  char buf[64];
  std::memcpy(buf, text.data(), text.size());
  buf[text.size()] = 0;
  if (inet_pton(AF_INET, buf, out) == 1) { family = 4; return true; }
  if (inet_pton(AF_INET6, buf, out) == 1) { family = 6; return true; }
  return false;
}

bool prefix_equal(const unsigned char* a, const unsigned char* b, int bits) {
  int full = bits / 8;
  if (std::memcmp(a, b, static_cast<std::size_t>(full)) != 0) return false;
  int rest = bits % 8;
  if (rest == 0) return true;
  unsigned char mask = static_cast<unsigned char>(0xFF << (8 - rest));
  return (a[full] & mask) == (b[full] & mask);
}

}  // namespace

ValueTest::ValueTest(ast::CompareOp op, const ast::SearchValue& value)
    : op_(op), glob_(value.text, value.case_sensitive), literal_(value.text) {
  numeric_ = parse_number(value.text, number_);
  // CIDR block (R3.8): an address, a slash, a prefix length.
  auto slash = value.text.find('/');
  if ((op == ast::CompareOp::Eq || op == ast::CompareOp::Ne) && slash != std::string::npos &&
      value.text.find('*') == std::string::npos) {
    double bits = 0;
    int family = 0;
    if (parse_number(std::string_view(value.text).substr(slash + 1), bits) &&
        parse_ip(std::string_view(value.text).substr(0, slash), family, cidr_addr_) &&
        bits >= 0 && bits <= (family == 4 ? 32 : 128) && bits == static_cast<int>(bits)) {
      cidr_family_ = family;
      cidr_bits_ = static_cast<int>(bits);
    }
  }
}

bool ValueTest::test_cidr(std::string_view value) const {
  unsigned char addr[16];
  int family = 0;
  if (!parse_ip(value, family, addr) || family != cidr_family_) return false;
  return prefix_equal(addr, cidr_addr_, cidr_bits_);
}

bool ValueTest::test_order(std::string_view value) const {
  double v = 0;
  int cmp;
  if (numeric_ && parse_number(value, v)) {
    cmp = v < number_ ? -1 : (v > number_ ? 1 : 0);
  } else {
    int c = value.compare(literal_);
    cmp = c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  switch (op_) {
    case ast::CompareOp::Lt: return cmp < 0;
    case ast::CompareOp::Le: return cmp <= 0;
    case ast::CompareOp::Gt: return cmp > 0;
    case ast::CompareOp::Ge: return cmp >= 0;
    default: return false;
  }
}

bool ValueTest::test(std::string_view value) const {
  switch (op_) {
    case ast::CompareOp::Eq: return cidr_family_ ? test_cidr(value) : glob_.matches(value);
    case ast::CompareOp::Ne: return !(cidr_family_ ? test_cidr(value) : glob_.matches(value));
    default: return test_order(value);
  }
}

// ------------------------------------------------------------------ helpers

namespace {

using ast::SearchExpr;

QueryError error_at(std::string message, const ast::Position& pos) {
  return QueryError{std::move(message), pos};
}

// earliest= / latest= -> bound in microseconds.
std::int64_t time_bound(const SearchExpr& e, const SearchContext& ctx) {
#ifdef SPELUNK_HAVE_TIME_MODIFIERS
  const std::string& spec = e.values.empty() ? std::string() : e.values[0].text;
  auto t = apply_time_modifier(spec, ctx.now_us, ctx.tz);
  if (!t) throw error_at("invalid time modifier `" + e.field + "=" + spec + "`", e.pos);
  return *t;
#else
  (void)ctx;
  throw error_at("time modifier `" + e.field + "` is not supported yet", e.pos);
#endif
}

bool time_in_bound(const SearchExpr& e, std::int64_t t, std::int64_t bound) {
  return e.field == "earliest" ? t >= bound : t < bound;
}

bool is_raw_leaf(const SearchExpr& e) {
  return e.kind == SearchExpr::Kind::Term ||
         ((e.kind == SearchExpr::Kind::Compare || e.kind == SearchExpr::Kind::In) && e.field == "_raw");
}

bool reads_raw(const SearchExpr& e) {
  if (is_raw_leaf(e)) return true;
  for (const auto& c : e.children)
    if (reads_raw(c)) return true;
  return false;
}

// _time as seconds text, for `_time=...` comparisons.
std::string time_text(std::int64_t us) {
  return format_number(static_cast<double>(us) / kMicrosPerSecond);
}

// A per-event test of the raw text (Term, or `_raw op value`).
class RawTest {
 public:
  explicit RawTest(const SearchExpr& e) : expr_(e) {
    if (e.kind == SearchExpr::Kind::Term) {
      const auto& v = e.values.at(0);
      term_.emplace(v.text, v.term, v.case_sensitive);
      folded_ = !v.case_sensitive;
    } else {
      for (const auto& v : e.values) tests_.emplace_back(e.op, v);
    }
  }
  bool wants_folded() const { return folded_; }
  // `*` alone: every event matches, no need to read _raw.
  bool matches_everything() const { return term_ && term_->matches_everything(); }
  bool test(std::string_view raw, std::string_view folded) const {
    if (term_) return term_->matches(folded_ ? folded : raw);
    for (const auto& t : tests_)
      if (t.test(raw)) return true;
    return false;
  }

 private:
  const SearchExpr& expr_;
  std::optional<RawTermMatcher> term_;
  std::vector<ValueTest> tests_;
  bool folded_ = false;
};

// ------------------------------------------------------------------ store filter

class StoreFilter {
 public:
  StoreFilter(const Store& store, const ColumnLookup& columns, const SearchContext& ctx)
      : store_(store), columns_(columns), ctx_(ctx), n_(store.rows()) {}

  RowSet eval(const SearchExpr& e, const RowSet& candidates) {
    switch (e.kind) {
      case SearchExpr::Kind::And: return eval_and(e, candidates);
      case SearchExpr::Kind::Or: {
        RowSet out(n_);
        for (const auto& c : e.children) out |= eval(c, candidates);
        out &= candidates;
        return out;
      }
      case SearchExpr::Kind::Not: {
        RowSet out = eval(e.children.at(0), candidates);
        out.flip();
        out &= candidates;
        return out;
      }
      case SearchExpr::Kind::Term: return raw_leaf(e, candidates);
      case SearchExpr::Kind::Compare:
      case SearchExpr::Kind::In: return field_leaf(e, candidates);
      case SearchExpr::Kind::TimeModifier: return time_leaf(e);
      case SearchExpr::Kind::Subsearch: {
        if (!ctx_.run_subsearch || !e.subsearch) throw error_at("subsearches are not supported here", e.pos);
        SearchExpr generated = subsearch_filter(ctx_.run_subsearch(*e.subsearch), e.pos);
        return eval(generated, candidates);
      }
    }
    return RowSet(n_);
  }

 private:
  RowSet eval_and(const SearchExpr& e, const RowSet& candidates) {
    // Field tests first: the raw scans then only read rows still possible.
    std::vector<const SearchExpr*> order;
    for (const auto& c : e.children)
      if (!reads_raw(c)) order.push_back(&c);
    for (const auto& c : e.children)
      if (reads_raw(c)) order.push_back(&c);
    RowSet acc = candidates;
    for (const SearchExpr* c : order) {
      if (acc.none()) break;
      acc &= eval(*c, acc);
    }
    return acc;
  }

  RowSet time_leaf(const SearchExpr& e) {
    std::int64_t bound = time_bound(e, ctx_);
    RowSet out(n_);
    auto times = store_.times();
    for (std::size_t r = 0; r < n_; ++r)
      if (time_in_bound(e, times[r], bound)) out.set(r);
    return out;
  }

  RowSet field_leaf(const SearchExpr& e, const RowSet& candidates) {
    if (e.field == "_raw") return raw_leaf(e, candidates);
    if (e.field == "_time") return time_field_leaf(e);
    RowSet out(n_);
    const Column* col = columns_(e.field);
    if (!col) return out;  // no event has the field: nothing matches (R4.1)
    Decisions& decisions = decisions_for(e, *col);
    // Few candidates (the inner leaf of `a=x AND b=*y*`): decide only the codes they carry,
    // instead of every value of a large dictionary.
    const std::size_t candidate_count = candidates.count();
    if (candidate_count * 8 < n_ && candidate_count < col->dict().size()) {
      candidates.for_each([&](std::size_t row) {
        for (Code c : col->values(row))
          if (decisions.decide(c)) { out.set(row); break; }
      });
      return out;
    }
    decisions.decide_all();
    apply_codes(*col, decisions.state, out);
    return out;
  }

  // A leaf's verdict per dictionary code, filled lazily and shared by identical leaves of the
  // query (the seed search tests `cmdline="*use*"` once for net.exe and once for net1.exe).
  struct Decisions {
    const Dictionary* dict = nullptr;
    std::vector<ValueTest> tests;
    std::vector<std::uint8_t> state;  // per code: 0 no, 1 yes, kUnknown not decided yet
    static constexpr std::uint8_t kUnknown = 2;

    bool decide(Code c) {
      std::uint8_t& s = state[c];
      if (s == kUnknown) {
        s = 0;
        std::string_view v = dict->value(c);
        for (const auto& t : tests)
          if (t.test(v)) { s = 1; break; }
      }
      return s == 1;
    }
    void decide_all() {
      for (Code c = 1; c < state.size(); ++c) decide(c);
    }
  };

  Decisions& decisions_for(const SearchExpr& e, const Column& col) {
    std::string key = col.name();
    key += '\0';
    key += static_cast<char>('0' + static_cast<int>(e.kind));
    key += static_cast<char>('0' + static_cast<int>(e.op));
    for (const auto& v : e.values) {
      key += '\0';
      key += v.quoted ? 'q' : '-';
      key += v.term ? 't' : '-';
      key += v.case_sensitive ? 'c' : '-';
      key += v.text;
    }
    auto [it, inserted] = decisions_.try_emplace(std::move(key));
    Decisions& d = it->second;
    if (inserted) {
      d.dict = &col.dict();
      for (const auto& v : e.values) d.tests.emplace_back(e.kind == SearchExpr::Kind::In ? ast::CompareOp::Eq : e.op, v);
      d.state.assign(col.dict().size() + 1, Decisions::kUnknown);
      d.state[0] = 0;  // absent
    }
    return d;
  }

  // out[row] = any(decided[code]) over the row's values; absent rows stay 0.
  void apply_codes(const Column& col, const std::vector<std::uint8_t>& decided, RowSet& out) {
    auto hit_of = [&](Code c) {
      if (!Column::is_multi(c)) return decided[c] != 0;
      for (Code v : col.list(c))
        if (decided[v]) return true;
      return false;
    };
    if (col.is_sparse()) {  // only the rows that have the field
      col.for_each_present(0, n_, [&](std::size_t row, Code c) {
        if (hit_of(c)) out.set(row);
      });
      return;
    }
    auto codes = col.codes();
    const std::size_t rows = std::min(codes.size(), n_);
    auto& words = out.words();
    auto run = [&](std::size_t word_begin, std::size_t word_end) {
      for (std::size_t w = word_begin; w < word_end; ++w) {
        std::uint64_t bits = 0;
        const std::size_t base = w * 64;
        const std::size_t end = std::min(base + 64, rows);
        if (!col.has_multi()) {  // the common case: a branch-free table look-up per row
          for (std::size_t r = base; r < end; ++r)
            bits |= static_cast<std::uint64_t>(decided[codes[r]]) << (r - base);
          words[w] = bits;
          continue;
        }
        for (std::size_t r = base; r < end; ++r) {
          Code c = codes[r];
          bool hit;
          if (Column::is_multi(c)) {
            hit = false;
            for (Code v : col.list(c))
              if (decided[v]) { hit = true; break; }
          } else {
            hit = decided[c] != 0;
          }
          bits |= static_cast<std::uint64_t>(hit) << (r - base);
        }
        words[w] = bits;
      }
    };
    const std::size_t word_count = (rows + 63) / 64;
    if (ctx_.threads > 1 && rows >= (1u << 16)) {
      std::size_t half = word_count / 2;
      run_in_two_threads([&] { run(half, word_count); }, [&] { run(0, half); });
    } else {
      run(0, word_count);
    }
  }

  bool cancelled() const { return ctx_.cancel && ctx_.cancel->load(std::memory_order_relaxed); }

  RowSet time_field_leaf(const SearchExpr& e) {
    std::vector<ValueTest> tests;
    for (const auto& v : e.values) tests.emplace_back(e.kind == SearchExpr::Kind::In ? ast::CompareOp::Eq : e.op, v);
    RowSet out(n_);
    auto times = store_.times();
    for (std::size_t r = 0; r < n_; ++r) {
      if (r % 65536 == 0 && cancelled()) throw error_at("search cancelled", e.pos);
      std::string t = time_text(times[r]);
      for (const auto& test : tests)
        if (test.test(t)) { out.set(r); break; }
    }
    return out;
  }

  // Scans _raw of the candidate rows, split across threads.
  RowSet raw_leaf(const SearchExpr& e, const RowSet& candidates) {
    RawTest test(e);
    if (test.matches_everything()) return candidates;
    std::vector<std::uint8_t> hit(n_, 0);
    std::vector<std::pair<std::size_t, std::size_t>> ranges = candidate_ranges(candidates);
    std::atomic<bool> stopped{false};
    auto work = [&](std::size_t first, std::size_t last) {
      std::string folded;
      for (std::size_t i = first; i < last; ++i) {
        // A range is at most 16,384 rows: Ctrl-C is seen within one range's scan.
        if (cancelled()) {
          stopped = true;
          return;
        }
        store_.raw().scan(ranges[i].first, ranges[i].second, [&](std::size_t row, std::string_view raw) {
          if (!candidates.test(row)) return;
          if (test.wants_folded()) {
            folded.assign(raw);
            for (char& c : folded) c = ascii_lower(c);
          }
          hit[row] = test.test(raw, folded);
        });
      }
    };
    if (ctx_.threads > 1 && ranges.size() > 1) {
      // Balance by rows covered.
      std::size_t total = 0;
      for (auto& r : ranges) total += r.second - r.first;
      std::size_t acc = 0, split = 0;
      while (split < ranges.size() && acc < total / 2) acc += ranges[split].second - ranges[split].first, ++split;
      run_in_two_threads([&] { work(split, ranges.size()); }, [&] { work(0, split); });
    } else {
      work(0, ranges.size());
    }
    if (stopped) throw error_at("search cancelled", e.pos);
    RowSet out(n_);
    for (std::size_t r = 0; r < n_; ++r)
      if (hit[r]) out.set(r);
    return out;
  }

  // Runs of candidate rows; gaps shorter than a raw block are bridged so that each block is
  // decompressed once.
  std::vector<std::pair<std::size_t, std::size_t>> candidate_ranges(const RowSet& candidates) {
    std::vector<std::pair<std::size_t, std::size_t>> ranges;
    constexpr std::size_t kBridge = RawStore::kBlockEvents;
    constexpr std::size_t kMaxRange = 1u << 14;  // keeps thread split fine-grained
    candidates.for_each([&](std::size_t row) {
      if (!ranges.empty() && row < ranges.back().second + kBridge &&
          row - ranges.back().first < kMaxRange) {
        ranges.back().second = row + 1;
      } else {
        ranges.emplace_back(row, row + 1);
      }
    });
    return ranges;
  }

  const Store& store_;
  const ColumnLookup& columns_;
  const SearchContext& ctx_;
  std::size_t n_;
  std::unordered_map<std::string, Decisions> decisions_;
};

// ------------------------------------------------------------------ row filter

bool any_value(const Value& v, const ValueTest& t) {
  for (const auto& s : v.values())
    if (t.test(s)) return true;
  return false;
}

bool match_row(const SearchExpr& e, const Result& result, std::size_t row, const SearchContext& ctx) {
  switch (e.kind) {
    case SearchExpr::Kind::And:
      for (const auto& c : e.children)
        if (!match_row(c, result, row, ctx)) return false;
      return true;
    case SearchExpr::Kind::Or:
      for (const auto& c : e.children)
        if (match_row(c, result, row, ctx)) return true;
      return false;
    case SearchExpr::Kind::Not: return !match_row(e.children.at(0), result, row, ctx);
    case SearchExpr::Kind::Term: {
      RawTest test(e);
      // `search *` keeps every row, with or without _raw (ESCU's `<detection>_filter` after stats).
      if (test.matches_everything()) return true;
      int col = result.find("_raw");
      if (col < 0) return false;
      std::string raw = result.get(static_cast<std::size_t>(col), row).to_string();
      return test.test(raw, ascii_lower(raw));
    }
    case SearchExpr::Kind::Compare:
    case SearchExpr::Kind::In: {
      Value v = result.get(e.field, row);
      if (v.is_null()) return false;
      if (e.field == "_time" && v.type == Value::Type::Number) v = Value::of(format_number(v.number));
      for (const auto& sv : e.values)
        if (any_value(v, ValueTest(e.kind == SearchExpr::Kind::In ? ast::CompareOp::Eq : e.op, sv))) return true;
      return false;
    }
    case SearchExpr::Kind::TimeModifier: {
      Value t = result.get("_time", row);
      double secs = 0;
      if (!t.as_number(secs)) return false;
      return time_in_bound(e, static_cast<std::int64_t>(secs * kMicrosPerSecond), time_bound(e, ctx));
    }
    case SearchExpr::Kind::Subsearch: {
      if (!ctx.run_subsearch || !e.subsearch) throw error_at("subsearches are not supported here", e.pos);
      return match_row(subsearch_filter(ctx.run_subsearch(*e.subsearch), e.pos), result, row, ctx);
    }
  }
  return false;
}

}  // namespace

ast::SearchExpr subsearch_filter(const Result& rows, const ast::Position& pos) {
  SearchExpr any;
  any.kind = SearchExpr::Kind::Or;
  any.pos = pos;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    SearchExpr all;
    all.kind = SearchExpr::Kind::And;
    all.pos = pos;
    for (std::size_t c = 0; c < rows.columns().size(); ++c) {
      const std::string& name = rows.columns()[c].name;
      if (name.empty() || name[0] == '_') continue;
      Value v = rows.get(c, r);
      if (v.is_null()) continue;
      SearchExpr cmp;
      cmp.kind = SearchExpr::Kind::In;  // a multi-value: any of its values
      cmp.field = name;
      cmp.pos = pos;
      for (auto& text : v.values()) {
        ast::SearchValue sv;
        sv.text = std::move(text);
        sv.quoted = true;
        cmp.values.push_back(std::move(sv));
      }
      all.children.push_back(std::move(cmp));
    }
    if (!all.children.empty()) any.children.push_back(std::move(all));
  }
  return any;  // an Or without children matches nothing
}

RowSet filter_store(const ast::SearchExpr& expr, const Store& store, const ColumnLookup& columns,
                    const SearchContext& context) {
  StoreFilter filter(store, columns, context);
  return filter.eval(expr, RowSet(store.rows(), true));
}

RowSet filter_store(const ast::SearchExpr& expr, const Store& store, const ColumnLookup& columns,
                    const SearchContext& context, const RowSet& candidates) {
  StoreFilter filter(store, columns, context);
  RowSet out = filter.eval(expr, candidates);
  out &= candidates;
  return out;
}

bool match_result_row(const ast::SearchExpr& expr, const Result& result, std::size_t row,
                      const SearchContext& context) {
  return match_row(expr, result, row, context);
}

}  // namespace spelunk
