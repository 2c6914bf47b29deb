// Pieces of the self-contained HTML pages (`-o html FILE`, `spelunk test --html FILE`): no
// script, no network. The page forbids both itself (Content-Security-Policy: default-src 'none'),
// so even a value that escaped escaping could not run or fetch anything.
#pragma once

#include <string>
#include <string_view>

#include "cli/chart_data.hpp"
#include "evaluator/result.hpp"

namespace spelunk::cli::html {

std::string page_start(std::string_view title);  // <!doctype html> ... <body>
std::string page_end();

// An SVG chart: a line per series over time, or horizontal bars per category.
std::string svg_chart(const ChartData& chart);

// The rows as a <table>; at most `max_rows` rows, then a line saying how many were left out.
std::string table(const Result& result, std::size_t max_rows);

}  // namespace spelunk::cli::html
