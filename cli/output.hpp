// Printing a Result: table (terminal), csv (RFC 4180, formula-safe), json (one object per line).
// Every value is hostile: control characters never reach a terminal raw.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "evaluator/result.hpp"

namespace spelunk::cli {

// Selects the zone `_time` is shown in (IANA name, "UTC" by default). False when unknown.
bool set_display_time_zone(const std::string& zone);
// Epoch seconds -> "YYYY-MM-DD HH:MM:SS.mmm" in the display zone.
std::string format_time(double seconds);

// The values of one cell as text (`_time` formatted), one entry per value; empty when null.
std::vector<std::string> cell_values(const Result& result, std::size_t col, std::size_t row);

// Control characters and terminal-dangerous code points as visible escapes (`\x1b`, `\r`,
// `\u{202e}`); invalid UTF-8 bytes as `\xNN`.
std::string escape_for_terminal(std::string_view text);
// Display width of already-escaped text (code points).
std::size_t display_width(std::string_view text);
// One CSV cell: quoted when needed, `'` prefixed when it starts like a formula (= + - @).
std::string csv_cell(std::string_view text);
// A JSON string literal (quotes included); invalid UTF-8 bytes become \u00XX.
std::string json_string(std::string_view text);

// Whether stdout is a terminal that shows Unicode (a UTF-8 locale, TERM not "dumb"): charts and
// trees use block and box characters there, plain ASCII elsewhere (files, pipes, CI logs).
bool stdout_handles_unicode();
// Columns of the terminal on stdout; else $COLUMNS; else 80.
std::size_t terminal_width();

void write_table(const Result& result, std::ostream& out);
// `-o chart` (cli/output_chart.cpp): false, with `why_not`, when the result is no chart (no
// numeric column); nothing is written then.
bool write_chart(const Result& result, std::ostream& out, bool unicode, std::size_t width, std::string& why_not);
// `-o html FILE` (cli/output_html.cpp): one self-contained page, the rows and an SVG chart.
// `title` is the search; `notes` (warnings) are shown above the rows.
// A browser struggles past tens of thousands of table rows: the page shows at most this many
// and says so (the caller says so on stderr too).
inline constexpr std::size_t kHtmlMaxRows = 20000;
void write_html(const Result& result, std::ostream& out, const std::string& title,
                const std::vector<std::string>& notes = {});
// Text for HTML: control characters and invalid UTF-8 made visible (as for a terminal), then
// & < > " ' as entities. Event logs are hostile: every value goes through this.
// `keep_newlines`: line breaks stay line breaks (searches, diffs in <pre>), each line escaped.
std::string html_escape(std::string_view text, bool keep_newlines = false);
void write_csv(const Result& result, std::ostream& out);
void write_json(const Result& result, std::ostream& out);

}  // namespace spelunk::cli
