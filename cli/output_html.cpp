// `-o html FILE`: one page with the search, an SVG chart when the rows make one, and the rows.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "cli/html.hpp"
#include "cli/output.hpp"

namespace spelunk::cli {

std::string html_escape(std::string_view text, bool keep_newlines) {
  if (keep_newlines) {
    std::string out;
    std::size_t start = 0;
    while (start <= text.size()) {
      std::size_t end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      if (start) out += '\n';
      out += html_escape(text.substr(start, end - start), false);
      start = end + 1;
    }
    return out;
  }
  std::string visible = escape_for_terminal(text);
  std::string out;
  out.reserve(visible.size());
  for (char c : visible) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

namespace html {

namespace {

// d3's category10: distinguishable, and readable on white.
const char* const kPalette[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

const char* color(std::size_t i) { return kPalette[i % std::size(kPalette)]; }

std::string num(double v) { return fmt::format("{:.1f}", v); }

std::string legend(const ChartData& chart, double y, double width) {
  std::string out = "<g class=\"legend\">";
  double x = 0;
  for (std::size_t s = 0; s < chart.series.size(); ++s) {
    std::string name = chart.series[s].name;
    const double item = 24 + 7.0 * static_cast<double>(std::min<std::size_t>(name.size(), 40));
    if (x > 0 && x + item > width) x = 0, y += 18;
    out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{}\"/>", num(60 + x), num(y - 10),
                       color(s));
    out += fmt::format("<text x=\"{}\" y=\"{}\">{}</text>", num(60 + x + 16), num(y),
                       html_escape(name.size() > 40 ? name.substr(0, 37) + "..." : name));
    x += item;
  }
  return out + "</g>";
}

double legend_height(const ChartData& chart, double width) {
  double x = 0, rows = 1;
  for (const auto& s : chart.series) {
    const double item = 24 + 7.0 * static_cast<double>(std::min<std::size_t>(s.name.size(), 40));
    if (x > 0 && x + item > width) x = 0, rows += 1;
    x += item;
  }
  return rows * 18;
}

std::string time_chart(const ChartData& chart) {
  constexpr double W = 960, H = 300, L = 60, R = 20, T = 16, B = 36;
  const double plot_w = W - L - R, plot_h = H - T - B;
  const double legend_h = legend_height(chart, W - L - R);
  const double t0 = chart.times.front(), t1 = chart.times.back();
  double lo = std::min(0.0, chart.min_value()), hi = chart.max_value();
  if (hi <= lo) hi = lo + 1;
  auto x_of = [&](double t) { return t1 > t0 ? L + (t - t0) / (t1 - t0) * plot_w : L + plot_w / 2; };
  auto y_of = [&](double v) { return T + plot_h - (v - lo) / (hi - lo) * plot_h; };
  std::string svg = fmt::format(
      "<svg class=\"chart time-chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" "
      "viewBox=\"0 0 {} {}\" role=\"img\"><title>{}</title>",
      num(W), num(H + legend_h + 8), num(W), num(H + legend_h + 8), html_escape(chart.series.size() == 1 ? chart.series[0].name + " over time" : "series over time"));
  // Grid and y labels: five lines from the lowest to the highest value.
  for (int k = 0; k <= 4; ++k) {
    const double v = lo + (hi - lo) * k / 4, y = y_of(v);
    svg += fmt::format("<line class=\"grid\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>", num(L), num(y), num(L + plot_w), num(y));
    svg += fmt::format("<text class=\"ylabel\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>", num(L - 6), num(y + 4),
                       html_escape(short_number(v)));
  }
  // x labels: first, middle, last bucket.
  std::vector<std::size_t> ticks = {0};
  if (chart.times.size() > 2) ticks.push_back(chart.times.size() / 2);
  if (chart.times.size() > 1) ticks.push_back(chart.times.size() - 1);
  for (std::size_t i : ticks) {
    const char* anchor = i == 0 ? "start" : i + 1 == chart.times.size() ? "end" : "middle";
    svg += fmt::format("<text class=\"xlabel\" x=\"{}\" y=\"{}\" text-anchor=\"{}\">{}</text>", num(x_of(chart.times[i])),
                       num(H - 12), anchor, html_escape(chart.labels[i]));
  }
  for (std::size_t s = 0; s < chart.series.size(); ++s) {
    const ChartSeries& series = chart.series[s];
    // A gap (no value) ends one line and starts the next.
    std::vector<std::string> runs(1);
    std::size_t points = 0;
    for (std::size_t i = 0; i < series.values.size(); ++i) {
      if (!series.values[i]) {
        if (!runs.back().empty()) runs.emplace_back();
        continue;
      }
      runs.back() += fmt::format("{},{} ", num(x_of(chart.times[i])), num(y_of(*series.values[i])));
      ++points;
    }
    svg += fmt::format("<g class=\"series\" data-series=\"{}\"><title>{}</title>", s, html_escape(series.name));
    for (const auto& run : runs)
      if (!run.empty())
        svg += fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"/>", run, color(s));
    if (points <= 60)
      for (std::size_t i = 0; i < series.values.size(); ++i)
        if (series.values[i])
          svg += fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"3\" fill=\"{}\"/>", num(x_of(chart.times[i])),
                             num(y_of(*series.values[i])), color(s));
    svg += "</g>";
  }
  svg += legend(chart, H + 10, W - L - R);
  return svg + "</svg>";
}

std::string bar_chart(const ChartData& chart) {
  constexpr std::size_t kMaxBars = 50;
  constexpr double W = 960, L = 220, R = 80, row_h = 24;
  const std::size_t rows = std::min(chart.labels.size(), kMaxBars);
  const double legend_h = chart.series.size() > 1 ? legend_height(chart, W - 60) + 10 : 0;
  const double H = static_cast<double>(rows) * row_h + 10 + legend_h;
  const double hi = std::max(chart.max_value(), 0.0), plot_w = W - L - R;
  const double bar_h = (row_h - 6) / static_cast<double>(chart.series.size());
  std::string svg = fmt::format(
      "<svg class=\"chart bar-chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" "
      "role=\"img\"><title>{}</title>",
      num(W), num(H), num(W), num(H), html_escape(chart.series[0].name + " by " + chart.x_name));
  for (std::size_t r = 0; r < rows; ++r) {
    const double y = 5 + static_cast<double>(r) * row_h;
    std::string label = chart.labels[r].size() > 32 ? chart.labels[r].substr(0, 29) + "..." : chart.labels[r];
    svg += fmt::format("<text class=\"category\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>", num(L - 8),
                       num(y + row_h / 2 + 1), html_escape(label));
    for (std::size_t s = 0; s < chart.series.size(); ++s) {
      const auto& v = chart.series[s].values[r];
      if (!v) continue;
      const double w = hi > 0 && *v > 0 ? std::max(1.0, *v / hi * plot_w) : 0;
      const double by = y + 3 + static_cast<double>(s) * bar_h;
      svg += fmt::format("<rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{}: {}</title></rect>",
                         num(L), num(by), num(w), num(bar_h - 1), color(s), html_escape(chart.series[s].name),
                         html_escape(format_number(*v)));
      svg += fmt::format("<text class=\"value\" x=\"{}\" y=\"{}\">{}</text>", num(L + w + 4), num(by + bar_h - 3),
                         html_escape(short_number(*v)));
    }
  }
  if (chart.series.size() > 1) svg += legend(chart, H - legend_h + 14, W - 60);
  svg += "</svg>";
  if (chart.labels.size() > rows)
    svg += fmt::format("<p class=\"note\">The chart shows the first {} of {} rows; the table has them all.</p>", rows,
                       chart.labels.size());
  return svg;
}

}  // namespace

std::string page_start(std::string_view title) {
  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
         // No script, no fetch: the page is data only, whatever the events hold.
         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<title>" + html_escape(title) + "</title>\n"
         "<style>\n"
         "body{font:14px/1.4 system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px;color:#1b1b1b;background:#fff}\n"
         "h1{font-size:20px;margin:0 0 12px}h2{font-size:16px;margin:24px 0 8px}\n"
         "pre{background:#f5f5f5;padding:8px 10px;overflow-x:auto;white-space:pre-wrap;word-break:break-all}\n"
         "table{border-collapse:collapse;margin:8px 0}th,td{border:1px solid #ddd;padding:3px 8px;text-align:left;"
         "vertical-align:top;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12.5px}\n"
         "th{background:#f0f0f0;position:sticky;top:0}td.num{text-align:right}\n"
         ".note{color:#555}.chart text{font-size:12px;fill:#333}.chart .grid{stroke:#e5e5e5}\n"
         ".verdict{display:inline-block;min-width:52px;text-align:center;border-radius:3px;color:#fff;"
         "font-weight:600;padding:1px 6px;margin-right:8px}\n"
         ".PASS{background:#2e7d32}.FAIL{background:#c62828}.ERROR{background:#6a1b9a}\n"
         ".diff .del{color:#b71c1c;background:#fdecea}.diff .add{color:#1b5e20;background:#e8f5e9}\n"
         "section.test{border-top:1px solid #ddd;margin-top:16px}ul.summary{list-style:none;padding:0}\n"
         "</style></head><body>\n";
}

std::string page_end() { return "</body></html>\n"; }

std::string svg_chart(const ChartData& chart) {
  return chart.kind == ChartData::Kind::TimeSeries ? time_chart(chart) : bar_chart(chart);
}

std::string table(const Result& result, std::size_t max_rows) {
  const auto& columns = result.columns();
  std::string out = "<table class=\"rows\"><thead><tr>";
  for (const auto& c : columns) out += "<th>" + html_escape(c.name) + "</th>";
  out += "</tr></thead><tbody>\n";
  const std::size_t rows = std::min(result.size(), max_rows);
  for (std::size_t r = 0; r < rows; ++r) {
    out += "<tr>";
    for (std::size_t c = 0; c < columns.size(); ++c) {
      Value v = result.get(c, r);
      double d = 0;
      out += v.type == Value::Type::Number || (!v.is_multi() && !v.is_null() && v.as_number(d)) ? "<td class=\"num\">" : "<td>";
      auto values = cell_values(result, c, r);
      for (std::size_t k = 0; k < values.size(); ++k) out += (k ? "<br>" : "") + html_escape(values[k]);
      out += "</td>";
    }
    out += "</tr>\n";
  }
  out += "</tbody></table>\n";
  if (result.size() > rows)
    out += fmt::format("<p class=\"note rows-cut\">{} of {} rows shown.</p>\n", rows, result.size());
  return out;
}

}  // namespace html

void write_html(const Result& result, std::ostream& out, const std::string& title, const std::vector<std::string>& notes) {
  out << html::page_start("spelunk: " + title);
  out << "<h1>spelunk results</h1>\n<pre class=\"search\">" << html_escape(title, true) << "</pre>\n";
  out << "<p class=\"count\">" << result.size() << (result.size() == 1 ? " row" : " rows") << "</p>\n";
  for (const auto& n : notes) out << "<p class=\"note warning\">" << html_escape(n) << "</p>\n";
  std::string why_not;
  if (auto chart = chart_data(result, why_not)) out << html::svg_chart(*chart) << "\n";
  out << html::table(result, kHtmlMaxRows);
  out << html::page_end();
}

}  // namespace spelunk::cli
