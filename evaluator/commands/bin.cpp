// `bin|bucket|discretize [span=<n><unit>] [bins=N] field [AS new]` (R8.16). Time bins (a span
// with a unit, or the field `_time`) replace the value by the start of its bin, aligned to epoch
// 0 UTC (months, quarters and years to calendar starts). Plain numeric spans over other fields
// give a range text "start-end". Without span, a span is chosen so that at most `bins` (default
// 100) bins cover the values: for time from 1s, 5s, 10s, 30s, 1m, 5m, 10m, 30m, 1h, 1d, 1mon, 1y;
// for numbers a power of ten. Non-numeric values are left as they are.
#include <algorithm>
#include <cmath>
#include <limits>

#include "evaluator/commands/commands.hpp"

namespace spelunk::commands {

namespace {

constexpr double kDay = 86400;

// Howard Hinnant's civil-date algorithms (proleptic Gregorian, UTC).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2);
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

double month_start(std::int64_t month_index) {  // months since year 0
  std::int64_t y = floor_div(month_index, 12);
  auto m = static_cast<unsigned>(month_index - y * 12 + 1);
  return static_cast<double>(days_from_civil(y, m, 1)) * kDay;
}

std::int64_t month_index_of(double t) {
  std::int64_t y;
  unsigned m;
  civil_from_days(static_cast<std::int64_t>(std::floor(t / kDay)), y, m);
  return y * 12 + (m - 1);
}

struct Unit {
  const char* name;
  double seconds;
  int months;
};

constexpr Unit kUnits[] = {
    {"us", 1e-6, 0},    {"ms", 1e-3, 0},      {"cs", 1e-2, 0},       {"ds", 1e-1, 0},
    {"s", 1, 0},        {"sec", 1, 0},        {"secs", 1, 0},        {"second", 1, 0},
    {"seconds", 1, 0},  {"m", 60, 0},         {"min", 60, 0},        {"mins", 60, 0},
    {"minute", 60, 0},  {"minutes", 60, 0},   {"h", 3600, 0},        {"hr", 3600, 0},
    {"hrs", 3600, 0},   {"hour", 3600, 0},    {"hours", 3600, 0},    {"d", kDay, 0},
    {"day", kDay, 0},   {"days", kDay, 0},    {"w", 7 * kDay, 0},    {"week", 7 * kDay, 0},
    {"weeks", 7 * kDay, 0}, {"mon", 0, 1},    {"month", 0, 1},       {"months", 0, 1},
    {"q", 0, 3},        {"qtr", 0, 3},        {"qtrs", 0, 3},        {"quarter", 0, 3},
    {"quarters", 0, 3}, {"y", 0, 12},         {"yr", 0, 12},         {"yrs", 0, 12},
    {"year", 0, 12},    {"years", 0, 12},
};

}  // namespace

Span parse_span(const ast::Command& cmd, const std::string& text) {
  std::size_t i = 0;
  while (i < text.size() && ((text[i] >= '0' && text[i] <= '9') || text[i] == '.')) ++i;
  double n = 0;
  std::string unit;
  for (char c : text.substr(i)) unit += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  if (i == 0) n = 1;  // "span=h" style: one unit
  else if (!parse_number(std::string_view(text).substr(0, i), n) || !(n > 0))
    throw QueryError{cmd.name + ": span=" + text + " is not a valid span", cmd.pos};
  Span span;
  if (unit.empty()) {
    if (i == 0) throw QueryError{cmd.name + ": span is empty", cmd.pos};
    span.size = n;
    return span;
  }
  for (const auto& u : kUnits) {
    if (unit != u.name) continue;
    if (u.months) {
      if (n != std::floor(n) || n > 12000)
        throw QueryError{cmd.name + ": span=" + text + " needs a whole number of months", cmd.pos};
      span.months = static_cast<int>(n) * u.months;
    } else {
      span.size = n * u.seconds;
    }
    return span;
  }
  throw QueryError{cmd.name + ": unknown time unit in span=" + text, cmd.pos};
}

double bin_start(double t, const Span& span) {
  if (span.months) {
    std::int64_t mi = month_index_of(t);
    return month_start(floor_div(mi, span.months) * span.months);
  }
  return std::floor(t / span.size) * span.size;
}

double next_bin(double start, const Span& span) {
  if (span.months) return month_start(month_index_of(start) + span.months);
  return start + span.size;
}

Span auto_time_span(double lo, double hi, std::size_t bins) {
  const double width = std::max(0.0, hi - lo);
  const auto n = static_cast<double>(std::max<std::size_t>(bins, 1));
  for (double s : {1.0, 5.0, 10.0, 30.0, 60.0, 300.0, 600.0, 1800.0, 3600.0, kDay})
    if (width / s < n) return Span{s, 0};
  if (width / (31 * kDay) < n) return Span{0, 1};
  return Span{0, 12};
}

namespace {

bool is_time_span(const std::string* span_text) {
  if (!span_text || span_text->empty()) return false;
  char last = span_text->back();
  return !(last >= '0' && last <= '9') && last != '.';
}

}  // namespace

double auto_numeric_span(double lo, double hi, std::size_t bins) {
  double width = std::max(hi - lo, 1e-9);
  double step = std::pow(10.0, std::ceil(std::log10(width / static_cast<double>(std::max<std::size_t>(bins, 1)))));
  while (width / step >= static_cast<double>(bins)) step *= 10;
  return step;
}

Result run_bin(const ast::Command& cmd, Result input, ExecContext&) {
  const auto& bin = body_of<ast::BinCommand>(cmd);
  check_options(cmd, bin.options, {"span", "bins"});
  int col = input.find(bin.field);
  if (col < 0) return input;
  const std::string* span_text = bin.options.get("span");
  const bool time = bin.field == "_time" || is_time_span(span_text);

  std::vector<double> numbers(input.size(), 0);
  std::vector<bool> numeric(input.size(), false);
  std::vector<Value> values(input.size());
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (std::size_t r = 0; r < input.size(); ++r) {
    values[r] = input.get(static_cast<std::size_t>(col), r);
    double d = 0;
    if (values[r].as_number(d)) {
      numbers[r] = d;
      numeric[r] = true;
      lo = std::min(lo, d);
      hi = std::max(hi, d);
    }
  }
  if (lo > hi) lo = hi = 0;

  Span span;
  const std::size_t bins = option_size(cmd, bin.options, "bins", 100);
  if (span_text) span = parse_span(cmd, *span_text);
  else if (time) span = auto_time_span(lo, hi, bins);
  else span.size = auto_numeric_span(lo, hi, bins);

  for (std::size_t r = 0; r < input.size(); ++r) {
    if (!numeric[r]) continue;
    double start = bin_start(numbers[r], span);
    if (time) values[r] = Value::of(start);
    else values[r] = Value::of(format_number(start) + "-" + format_number(next_bin(start, span)));
  }
  input.set_column(bin.as.empty() ? bin.field : bin.as, std::move(values));
  return input;
}

}  // namespace spelunk::commands
