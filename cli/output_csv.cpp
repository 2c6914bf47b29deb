// CSV output (RFC 4180: CRLF line ends, quotes doubled, cells with , " CR LF quoted). A cell
// that starts like a spreadsheet formula (= + - @, or a tab / CR) gets a leading `'` so that
// opening the file never runs an attacker's formula; a number (`-1`, `+2.5`, `-1e3`) is not a
// formula and stays as it is, so numeric columns keep their values. Multi-values: one value per
// line inside the cell.
#include "cli/output.hpp"
#include "evaluator/value.hpp"

namespace spelunk::cli {

namespace {

bool starts_like_formula(std::string_view text) {
  if (text.empty()) return false;
  const char c = text[0];
  if (c != '=' && c != '+' && c != '-' && c != '@' && c != '\t' && c != '\r') return false;
  double number = 0;
  return !parse_number(text, number);
}

}  // namespace

std::string csv_cell(std::string_view text) {
  std::string cell;
  if (starts_like_formula(text)) cell += '\'';
  cell += text;
  bool quote = cell.find_first_of(",\"\r\n") != std::string::npos || (!cell.empty() && (cell.front() == ' ' || cell.back() == ' '));
  if (!quote) return cell;
  std::string out = "\"";
  for (char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

void write_csv(const Result& result, std::ostream& out) {
  const auto& columns = result.columns();
  for (std::size_t c = 0; c < columns.size(); ++c) out << (c ? "," : "") << csv_cell(columns[c].name);
  out << "\r\n";
  for (std::size_t r = 0; r < result.size(); ++r) {
    for (std::size_t c = 0; c < columns.size(); ++c) {
      std::string joined;
      auto values = cell_values(result, c, r);
      for (std::size_t k = 0; k < values.size(); ++k) joined += (k ? "\n" : "") + values[k];
      out << (c ? "," : "") << csv_cell(joined);
    }
    out << "\r\n";
  }
}

}  // namespace spelunk::cli
