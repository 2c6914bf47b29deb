#include "evaluator/remote/sql_search.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>

#include <fmt/format.h>

#include "evaluator/command.hpp"
#include "evaluator/glob.hpp"
#include "evaluator/raw_terms.hpp"
#include "evaluator/time/relative_time.hpp"
#include "evaluator/value.hpp"
#include "storage/clickhouse/sql_text.hpp"

namespace spelunk::remote {

using clickhouse::sql_string;

namespace {

using ast::SearchExpr;

// ------------------------------------------------------------------ boolean text

const std::string kTrue = "1", kFalse = "0";

std::string sql_and(const std::vector<std::string>& parts) {
  std::vector<const std::string*> kept;
  for (const auto& p : parts) {
    if (p == kFalse) return kFalse;
    if (p != kTrue) kept.push_back(&p);
  }
  if (kept.empty()) return kTrue;
  if (kept.size() == 1) return *kept[0];
  std::string out = "(";
  for (std::size_t i = 0; i < kept.size(); ++i) out += (i ? " AND " : "") + *kept[i];
  return out + ")";
}

std::string sql_or(const std::vector<std::string>& parts) {
  std::vector<const std::string*> kept;
  for (const auto& p : parts) {
    if (p == kTrue) return kTrue;
    if (p != kFalse) kept.push_back(&p);
  }
  if (kept.empty()) return kFalse;
  if (kept.size() == 1) return *kept[0];
  std::string out = "(";
  for (std::size_t i = 0; i < kept.size(); ++i) out += (i ? " OR " : "") + *kept[i];
  return out + ")";
}

std::string sql_not(const std::string& p) {
  if (p == kTrue) return kFalse;
  if (p == kFalse) return kTrue;
  return "NOT " + p;
}

// ------------------------------------------------------------------ numbers

// evaluator/value.cpp's parse_number: an optional '+', then std::from_chars' general format.
constexpr const char* kNumberRegex = "^\\+?-?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?$";
// Integers that Int64 and double both hold exactly.
constexpr const char* kSmallIntRegex = "^\\+?-?[0-9]{1,15}$";

const char* op_sql(ast::CompareOp op) {
  switch (op) {
    case ast::CompareOp::Lt: return "<";
    case ast::CompareOp::Le: return "<=";
    case ast::CompareOp::Gt: return ">";
    case ast::CompareOp::Ge: return ">=";
    case ast::CompareOp::Eq: return "=";
    case ast::CompareOp::Ne: return "!=";
  }
  return "=";
}

// ------------------------------------------------------------------ leaves

// Character classes of Splunk's breakers (raw_terms.cpp), every character escaped; built on
// first use (raw_terms.cpp's tables are other statics).
const std::string& breaker_class(bool minor_too) {
  static const auto make = [](bool minor) {
    std::string out = "[";
    for (int c = 1; c < 128; ++c) {
      const char ch = static_cast<char>(c);
      if (!(is_major_breaker(ch) || (minor && is_minor_breaker(ch)))) continue;
      out += (c < 0x20 || c == 0x7F) ? fmt::format("\\x{:02X}", c) : std::string("\\") + ch;
    }
    return out + "]";
  };
  static const std::string major = make(false), all = make(true);
  return minor_too ? all : major;
}

struct Leaf {
  std::string sql;
  bool exact = true;
  std::vector<std::string> near;
};

class Compiler {
 public:
  Compiler(const FieldResolver& fields, const SearchContext& ctx, const SearchCompileOptions& options)
      : fields_(fields), ctx_(ctx), options_(options) {}

  // upper: the condition may over-approximate where inexact (false: under-approximate).
  Leaf compile(const SearchExpr& e, bool upper) {
    switch (e.kind) {
      case SearchExpr::Kind::And:
      case SearchExpr::Kind::Or: {
        Leaf out;
        std::vector<std::string> parts;
        for (const auto& c : e.children) {
          Leaf l = compile(c, upper);
          out.exact = out.exact && l.exact;
          out.near.insert(out.near.end(), l.near.begin(), l.near.end());
          parts.push_back(std::move(l.sql));
        }
        out.sql = e.kind == SearchExpr::Kind::And ? sql_and(parts) : sql_or(parts);
        return out;
      }
      case SearchExpr::Kind::Not: {
        Leaf l = compile(e.children.at(0), !upper);
        l.sql = sql_not(l.sql);
        return l;
      }
      case SearchExpr::Kind::Term: return term(e, upper);
      case SearchExpr::Kind::Compare:
      case SearchExpr::Kind::In: return field(e, upper);
      case SearchExpr::Kind::TimeModifier: return time_modifier(e);
      case SearchExpr::Kind::Subsearch: {
        if (!ctx_.run_subsearch || !e.subsearch) throw QueryError{"subsearches are not supported here", e.pos};
        SearchExpr generated = subsearch_filter(ctx_.run_subsearch(*e.subsearch), e.pos);
        return compile(generated, upper);
      }
    }
    return inexact(upper);
  }

 private:
  static Leaf inexact(bool upper, std::string bound = kTrue) { return Leaf{upper ? std::move(bound) : kFalse, false, {}}; }

  Leaf time_modifier(const SearchExpr& e) {
    const std::string spec = e.values.empty() ? std::string() : e.values[0].text;
    auto t = apply_time_modifier(spec, ctx_.now_us, ctx_.tz);
    if (!t) throw QueryError{"invalid time modifier `" + e.field + "=" + spec + "`", e.pos};
    return Leaf{e.field == "earliest" ? fmt::format("`_time` >= {}", *t) : fmt::format("`_time` < {}", *t), true, {}};
  }

  // Bare term or phrase: Splunk's token alignment (raw_terms.cpp) as a regex, when the term is
  // plain ASCII without wildcards; otherwise every literal part must occur (a superset).
  Leaf term(const SearchExpr& e, bool upper) {
    const ast::SearchValue& v = e.values.at(0);
    RawTermMatcher matcher(v.text, v.term, v.case_sensitive);
    if (matcher.matches_everything()) return Leaf{kTrue, true, {}};
    const std::string raw = v.case_sensitive ? "`_raw`" : "lower(`_raw`)";
    const std::string text = v.case_sensitive ? v.text : ascii_lower(v.text);
    const bool wildcard = text.find('*') != std::string::npos;
    const std::string literal = wildcard ? std::string() : regex_literal(text);
    if (!wildcard && !literal.empty()) {
      bool impossible = text.empty();
      if (v.term)
        for (char c : text) impossible = impossible || is_major_breaker(c);
      if (impossible) return Leaf{kFalse, true, {}};
      // Breakers that bound a match: any (major or minor), or major only for TERM(); a term
      // that starts (ends) with a breaker needs no boundary on that side.
      const std::string& breakers = breaker_class(!v.term);
      const bool open_start = !v.term && (is_major_breaker(text.front()) || is_minor_breaker(text.front()));
      const bool open_end = !v.term && (is_major_breaker(text.back()) || is_minor_breaker(text.back()));
      std::string re = (open_start ? "" : "(^|" + breakers + ")") + literal + (open_end ? "" : "($|" + breakers + ")");
      return Leaf{"match(" + raw + ", " + sql_string(re) + ")", true, {}};
    }
    if (wildcard)
      for (char c : text)
        if (c != '*' && is_major_breaker(c)) return Leaf{kFalse, true, {}};  // no token holds it
    std::vector<std::string> parts;
    std::string current;
    for (char c : text) {
      if (c == '*') {
        if (!current.empty()) parts.push_back("position(" + raw + ", " + sql_string(current) + ") > 0");
        current.clear();
      } else {
        current += c;
      }
    }
    if (!current.empty()) parts.push_back("position(" + raw + ", " + sql_string(current) + ") > 0");
    return inexact(upper, sql_and(parts));
  }

  Leaf field(const SearchExpr& e, bool upper) {
    const FieldRef ref = fields_(e.field);
    const ast::CompareOp op = e.kind == SearchExpr::Kind::In ? ast::CompareOp::Eq : e.op;
    switch (ref.kind) {
      case FieldRef::Kind::Missing: return Leaf{kFalse, true, {}};  // no event has the field (R4.1)
      case FieldRef::Kind::Time:
      case FieldRef::Kind::BinnedTime: return inexact(upper);      // `_time=` compares its text form
      case FieldRef::Kind::Raw: {
        Leaf out;
        std::vector<std::string> tests;
        for (const auto& v : e.values) tests.push_back(value_test("`_raw`", op, v, out, upper));
        out.sql = sql_or(tests);
        return out;
      }
      case FieldRef::Kind::Array: {
        Leaf out;
        std::vector<std::string> tests;
        for (const auto& v : e.values) tests.push_back(value_test("v", op, v, out, upper));
        std::string any = sql_or(tests);
        if (any == kFalse) out.sql = kFalse;
        else if (any == kTrue) out.sql = "notEmpty(" + ref.column + ")";
        else out.sql = "arrayExists(v -> " + any + ", " + ref.column + ")";
        for (auto& n : out.near) n = "arrayExists(v -> " + n + ", " + ref.column + ")";
        return out;
      }
    }
    return inexact(upper);
  }

  // The test of one value `x` (SQL text) against one search value, as ValueTest::test. Marks
  // `leaf` inexact (and returns a bound) when it cannot be exact.
  std::string value_test(const std::string& x, ast::CompareOp op, const ast::SearchValue& v, Leaf& leaf, bool upper) {
    ValueTest test(op, v);
    switch (op) {
      case ast::CompareOp::Eq:
      case ast::CompareOp::Ne: {
        std::string match;
        if (test.cidr_family() == 6) {
          // inet_pton's IPv6 grammar has no exact SQL counterpart here: a bound.
          leaf.exact = false;
          return upper ? kTrue : kFalse;
        }
        match = test.cidr_family() == 4 ? cidr4_sql(x, test) : glob_sql(x, v.text, v.case_sensitive);
        return op == ast::CompareOp::Eq ? match : sql_not(match);
      }
      default: return order_sql(x, op, v, leaf, upper);
    }
  }

  static std::string cidr4_sql(const std::string& x, const ValueTest& test) {
    const unsigned char* a = test.cidr_address();
    const std::uint32_t addr = (std::uint32_t{a[0]} << 24) | (std::uint32_t{a[1]} << 16) | (std::uint32_t{a[2]} << 8) | a[3];
    const int bits = test.cidr_bits();
    const std::uint32_t mask = bits == 0 ? 0 : ~std::uint32_t{0} << (32 - bits);
    const std::uint32_t lo = addr & mask, hi = lo | ~mask;
    // inet_pton(AF_INET): four decimal parts 0-255, no leading zeros.
    static const std::string octet = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])";
    const std::string dotted = "^" + octet + "(\\." + octet + "){3}$";
    return fmt::format("(match({0}, {1}) AND IPv4StringToNum({0}) >= {2} AND IPv4StringToNum({0}) <= {3})", x,
                       sql_string(dotted), lo, hi);
  }

  // `<`, `<=`, `>`, `>=` (search_filter.cpp ValueTest::test_order).
  std::string order_sql(const std::string& x, ast::CompareOp op, const ast::SearchValue& v, Leaf& leaf, bool upper) {
    const std::string text_compare = x + " " + op_sql(op) + " " + sql_string(v.text);
    double n = 0;
    if (!parse_number(v.text, n)) return text_compare;
    const std::string unsigned_x = "replaceRegexpOne(" + x + ", '^\\\\+', '')";
    const std::string as_int = "toInt64OrZero(" + unsigned_x + ")";
    const std::string as_float = "toFloat64OrZero(" + unsigned_x + ")";
    const std::string literal = exact_double_sql(n);
    const std::string small_int = "match(" + x + ", " + sql_string(kSmallIntRegex) + ")";
    // A number by parse_number: the grammar, finite, and not a nonzero mantissa rounded to 0.
    const std::string number = "(match(" + x + ", " + sql_string(kNumberRegex) + ") AND isFinite(" + as_float +
                               ") AND NOT (" + as_float + " = 0 AND match(" + x + ", '^[^eE]*[1-9]')))";
    const std::string float_compare = as_float + " " + op_sql(op) + " " + literal;
    std::string float_branch = float_compare;
    // Values whose Float64 parse may decide differently from spelunk's exact one.
    const std::string near = "(" + number + " AND NOT " + small_int + " AND (length(" + x + ") > 40 OR abs(" +
                             as_float + ") > 1e300 OR abs(" + as_float + ") < 1e-300 OR abs(" + as_float + " - " +
                             literal + ") <= 1e-9 * greatest(1, abs(" + literal + "))))";
    if (options_.trust_float_compare) {
      leaf.near.push_back(near);
    } else {
      leaf.exact = false;
      float_branch = upper ? "(" + float_compare + " OR " + near + ")" : "(" + float_compare + " AND NOT " + near + ")";
    }
    return "multiIf(" + small_int + ", " + as_int + " " + op_sql(op) + " " + literal + ", " + number + ", " +
           float_branch + ", " + text_compare + ")";
  }

  const FieldResolver& fields_;
  const SearchContext& ctx_;
  const SearchCompileOptions& options_;
};

}  // namespace

std::string exact_double_sql(double d) {
  if (d == std::trunc(d) && std::fabs(d) < 9007199254740992.0) return fmt::format("{}", static_cast<long long>(d));
  std::uint64_t bits;
  std::memcpy(&bits, &d, sizeof bits);
  std::string hex;
  for (int i = 0; i < 8; ++i) hex += fmt::format("{:02X}", (bits >> (8 * i)) & 0xFF);  // little-endian bytes
  return "reinterpretAsFloat64(unhex('" + hex + "'))";
}

std::string regex_literal(std::string_view text) {
  std::string out;
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x80) return {};  // RE2 reads the pattern as UTF-8: only ASCII is said byte for byte
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) out += ch;
    else if (c < 0x20 || c == 0x7F) out += fmt::format("\\x{:02X}", c);
    else out += std::string("\\") + ch;
  }
  return out.empty() ? std::string("(?:)") : out;
}

namespace {

// Parts m[i..] in order inside `span`: each found leftmost, the next searched after it. A lambda
// over a one-element array names each remaining span once, so the SQL grows linearly.
std::string middle_parts(const std::string& span, const std::vector<std::string>& m, std::size_t i) {
  const std::string s = fmt::format("s{}", i);
  const std::string at = "position(" + s + ", " + sql_string(m[i]) + ")";
  std::string body = at + " > 0";
  if (i + 1 < m.size()) body += " AND " + middle_parts(fmt::format("substring({}, {} + {})", s, at, m[i].size()), m, i + 1);
  return "arrayExists(" + s + " -> " + body + ", [" + span + "])";
}

}  // namespace

std::string glob_sql(const std::string& x, std::string_view pattern, bool case_sensitive) {
  // GlobPattern's reading of the pattern: parts between stars, lowered unless case-sensitive,
  // empty middle parts dropped.
  std::vector<std::string> parts{std::string()};
  bool star = false;
  for (char c : pattern) {
    if (c == '*') {
      star = true;
      parts.emplace_back();
    } else {
      parts.back() += case_sensitive ? c : ascii_lower(c);
    }
  }
  // lower() changes letters only: a pattern without letters matches the value as it is.
  bool letters = false;
  for (char c : pattern) letters = letters || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  const std::string folded = case_sensitive || !letters ? x : "lower(" + x + ")";
  if (!star) return folded + " = " + sql_string(parts[0]);
  const std::string first = parts.front(), last = parts.back();
  std::vector<std::string> middles;
  for (std::size_t i = 1; i + 1 < parts.size(); ++i)
    if (!parts[i].empty()) middles.push_back(parts[i]);
  if (first.empty() && last.empty() && middles.empty()) return kTrue;  // `*`: every value
  std::vector<std::string> conds;
  const std::size_t anchored = first.size() + last.size();
  if (anchored) conds.push_back(fmt::format("length({}) >= {}", x, anchored));
  if (!first.empty()) conds.push_back("startsWith(" + folded + ", " + sql_string(first) + ")");
  if (!last.empty()) conds.push_back("endsWith(" + folded + ", " + sql_string(last) + ")");
  // Middle parts, leftmost first, inside what the anchors leave (GlobPattern::matches).
  std::string span = anchored ? fmt::format("substring({0}, {1}, if(length({2}) >= {3}, length({2}) - {3}, 0))",
                                            folded, first.size() + 1, x, anchored)
                              : folded;
  if (middles.size() == 1) conds.push_back("position(" + span + ", " + sql_string(middles[0]) + ") > 0");
  if (middles.size() > 1) conds.push_back(middle_parts(span, middles, 0));
  return sql_and(conds);
}

SqlCondition compile_search(const ast::SearchExpr& expr, const FieldResolver& fields, const SearchContext& ctx,
                            const SearchCompileOptions& options) {
  Compiler compiler(fields, ctx, options);
  Leaf l = compiler.compile(expr, true);
  return SqlCondition{std::move(l.sql), l.exact, std::move(l.near)};
}

}  // namespace spelunk::remote
