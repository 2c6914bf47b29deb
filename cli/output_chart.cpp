// `-o chart`: results drawn in the terminal. Categories (chart, top, `stats count by x`) as
// horizontal bars with eighth-block precision; one time series (timechart) as a column chart;
// several as one sparkline per series. Unicode blocks on a UTF-8 terminal, ASCII elsewhere.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "cli/chart_data.hpp"
#include "cli/output.hpp"

namespace spelunk::cli {

namespace {

// Eighths of a block, for bars (left to right) and columns (bottom to top).
const char* const kBarEighths[9] = {"", "\u258f", "\u258e", "\u258d", "\u258c", "\u258b", "\u258a", "\u2589", "\u2588"};
const char* const kColumnEighths[9] = {" ", "\u2581", "\u2582", "\u2583", "\u2584", "\u2585", "\u2586", "\u2587", "\u2588"};
// Further series of a grouped bar chart: shades, then ASCII fills.
const char* const kUnicodeFills[] = {"\u2588", "\u2593", "\u2592", "\u2591"};
const char* const kAsciiFills[] = {"#", "=", "+", "-", "*", "o", "x", "~"};
const char kAsciiSpark[] = "_.:-=+*#";  // zero is `_`; a bucket without a value is blank

std::string repeat(const char* s, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

// Escaped, then cut to `width` display columns ("..." marks a cut).
std::string fit(std::string_view text, std::size_t width) {
  std::string e = escape_for_terminal(text);
  if (display_width(e) <= width) return e + std::string(width - display_width(e), ' ');
  std::string out;
  std::size_t w = 0, i = 0;
  while (i < e.size() && w + 3 < width) {
    std::size_t len = 1;
    while (i + len < e.size() && (static_cast<unsigned char>(e[i + len]) & 0xC0) == 0x80) ++len;
    out.append(e, i, len);
    i += len;
    ++w;
  }
  return out + std::string(width - w, '.');
}

std::string span_text(double seconds) {
  if (seconds <= 0) return "";
  struct Unit { double s; const char* name; };
  for (Unit u : {Unit{86400, "d"}, Unit{3600, "h"}, Unit{60, "m"}, Unit{1, "s"}})
    if (seconds >= u.s && std::fmod(seconds, u.s) == 0) return short_number(seconds / u.s) + u.name;
  return short_number(seconds) + "s";
}

// Groups of consecutive buckets when there are more than `columns`: each group's maximum (a
// spike stays visible), or nothing when no bucket of the group has a value.
std::vector<std::optional<double>> fold(const std::vector<std::optional<double>>& values, std::size_t group) {
  std::vector<std::optional<double>> out;
  for (std::size_t i = 0; i < values.size(); i += group) {
    std::optional<double> m;
    for (std::size_t k = i; k < std::min(values.size(), i + group); ++k)
      if (values[k]) m = m ? std::max(*m, *values[k]) : *values[k];
    out.push_back(m);
  }
  return out;
}

void write_bars(const ChartData& chart, std::ostream& out, bool unicode, std::size_t width) {
  std::size_t label_width = chart.x_name.size();
  for (const auto& l : chart.labels) label_width = std::max(label_width, display_width(escape_for_terminal(l)));
  label_width = std::min(label_width, std::max<std::size_t>(8, width / 3));
  std::size_t value_width = 1;
  for (const auto& s : chart.series)
    for (const auto& v : s.values)
      if (v) value_width = std::max(value_width, short_number(*v).size());
  const std::size_t bar_width = width > label_width + value_width + 4 ? width - label_width - value_width - 4 : 10;
  const double max = chart.max_value();
  const bool grouped = chart.series.size() > 1;
  auto fill = [&](std::size_t s) {
    return unicode ? kUnicodeFills[s % std::size(kUnicodeFills)] : kAsciiFills[s % std::size(kAsciiFills)];
  };
  if (grouped) {
    out << "legend:";
    for (std::size_t s = 0; s < chart.series.size(); ++s) out << "  " << fill(s) << " " << escape_for_terminal(chart.series[s].name);
    out << "\n";
  } else {
    out << escape_for_terminal(chart.series[0].name) << " by " << escape_for_terminal(chart.x_name) << "\n";
  }
  for (std::size_t r = 0; r < chart.labels.size(); ++r) {
    for (std::size_t s = 0; s < chart.series.size(); ++s) {
      const auto& v = chart.series[s].values[r];
      std::string line = s == 0 ? fit(chart.labels[r], label_width) : std::string(label_width, ' ');
      line += "  ";
      std::string bar;
      std::size_t drawn = 0;
      if (v && *v > 0 && max > 0) {
        const double cells = *v / max * static_cast<double>(bar_width);
        if (unicode && s == 0) {
          auto eighths = static_cast<std::size_t>(std::llround(cells * 8));
          bar = repeat(kBarEighths[8], eighths / 8) + kBarEighths[eighths % 8];
          drawn = eighths / 8 + (eighths % 8 ? 1 : 0);
          if (eighths == 0) bar = kBarEighths[1], drawn = 1;  // a value above zero is never invisible
        } else {
          drawn = std::max<std::size_t>(1, static_cast<std::size_t>(std::llround(cells)));
          bar = repeat(fill(s), drawn);
        }
      }
      line += bar + std::string(bar_width - std::min(bar_width, drawn) + 1, ' ');
      line += v ? short_number(*v) : std::string();
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out << line << "\n";
    }
  }
}

void write_time_axis(const ChartData& chart, std::ostream& out, std::size_t indent, std::size_t columns,
                     std::size_t group) {
  std::string first = chart.labels.front(), last = chart.labels.back();
  std::string axis(indent, ' ');
  axis += first;
  if (columns > first.size() + last.size() + 2) axis += std::string(columns - first.size() - last.size(), ' ') + last;
  else axis += "  .. " + last;
  out << axis << "\n";
  std::string span = chart.times.size() > 1 ? span_text(chart.times[1] - chart.times[0]) : "";
  out << std::string(indent, ' ') << chart.times.size() << " buckets" << (span.empty() ? "" : " of " + span);
  if (group > 1) out << "; each column is the largest of " << group << " buckets";
  out << "\n";
}

void write_columns(const ChartData& chart, std::ostream& out, bool unicode, std::size_t width) {
  const ChartSeries& s = chart.series[0];
  const double max = chart.max_value();
  std::string top = short_number(max), bottom = "0";
  const std::size_t axis_width = std::max(top.size(), bottom.size()) + 1;
  const std::size_t columns = width > axis_width + 3 ? width - axis_width - 2 : 20;
  const std::size_t group = (s.values.size() + columns - 1) / columns;
  auto values = fold(s.values, group);
  constexpr std::size_t kHeight = 8;
  out << escape_for_terminal(s.name) << " over time\n";
  for (std::size_t level = kHeight; level-- > 0;) {
    std::string line = fmt::format("{:>{}} ", level == kHeight - 1 ? top : "", axis_width);
    line += unicode ? (level == kHeight - 1 ? "\u2524" : "\u2502") : "|";
    for (const auto& v : values) {
      if (!v || max <= 0 || *v <= 0) { line += ' '; continue; }
      const double height = *v / max * kHeight;  // in rows
      const double in_row = height - static_cast<double>(level);
      if (in_row >= 1) line += unicode ? kColumnEighths[8] : "#";
      else if (in_row <= 0) line += (level == 0 ? (unicode ? kColumnEighths[1] : ".") : " ");  // above zero shows
      else if (unicode) line += kColumnEighths[std::max<long>(1, std::lround(in_row * 8))];
      else line += in_row >= 0.5 ? "#" : (level == 0 ? "." : " ");
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << "\n";
  }
  out << fmt::format("{:>{}} ", bottom, axis_width) << (unicode ? "\u2514" : "+")
      << repeat(unicode ? "\u2500" : "-", values.size()) << "\n";
  write_time_axis(chart, out, axis_width + 2, values.size(), group);
}

void write_sparklines(const ChartData& chart, std::ostream& out, bool unicode, std::size_t width) {
  std::size_t label_width = 0;
  for (const auto& s : chart.series) label_width = std::max(label_width, display_width(escape_for_terminal(s.name)));
  label_width = std::min(label_width, std::max<std::size_t>(8, width / 4));
  const std::size_t stats_width = 22;
  const std::size_t columns = width > label_width + stats_width + 4 ? width - label_width - stats_width - 4 : 20;
  const std::size_t group = (chart.times.size() + columns - 1) / columns;
  const double max = chart.max_value();
  out << "one line per series, on one scale (max " << short_number(max) << ")\n";
  std::size_t drawn_columns = 0;
  for (const auto& s : chart.series) {
    auto values = fold(s.values, group);
    drawn_columns = values.size();
    std::string line = fit(s.name, label_width) + "  ";
    double total = 0, series_max = 0;
    for (const auto& v : s.values)
      if (v) total += *v, series_max = std::max(series_max, *v);
    for (const auto& v : values) {
      if (!v) { line += ' '; continue; }
      // Zero draws the lowest mark; any value above zero at least the next one.
      const int level = max > 0 && *v > 0 ? std::clamp(static_cast<int>(std::lround(*v / max * 7)), 1, 7) : 0;
      if (unicode) line += kColumnEighths[level + 1];
      else line += kAsciiSpark[level];
    }
    line += "  max " + short_number(series_max) + "  total " + short_number(total);
    out << line << "\n";
  }
  write_time_axis(chart, out, label_width + 2, drawn_columns, group);
}

}  // namespace

bool write_chart(const Result& result, std::ostream& out, bool unicode, std::size_t width, std::string& why_not) {
  auto chart = chart_data(result, why_not);
  if (!chart) return false;
  width = std::clamp<std::size_t>(width, 40, 400);
  if (chart->kind == ChartData::Kind::Categories) write_bars(*chart, out, unicode, width);
  else if (chart->series.size() == 1) write_columns(*chart, out, unicode, width);
  else write_sparklines(*chart, out, unicode, width);
  if (!chart->skipped.empty()) {
    out << "(not drawn, not numbers:";
    for (const auto& s : chart->skipped) out << " " << escape_for_terminal(s);
    out << ")\n";
  }
  return true;
}

}  // namespace spelunk::cli
