#include "storage/ingest/csv_reader.hpp"

#include <fmt/format.h>

#include "storage/ingest/gzip_input.hpp"
#include "storage/ingest/json_mapping.hpp"

namespace spelunk::csv_reader {

namespace {

constexpr std::string_view kMvPrefix = "__mv_";

std::string_view skip_bom(std::string_view s) {
  if (s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
  return s;
}

// Cuts the row's text at its end of line (without "\r\n" / "\n").
std::string_view row_text(std::string_view text, std::size_t begin, std::size_t end) {
  std::string_view r = text.substr(begin, end - begin);
  while (!r.empty() && (r.back() == '\n' || r.back() == '\r')) r.remove_suffix(1);
  return r;
}

// Multi-value cells: one value per line ("\r\n" as well as "\n").
template <typename Fn>
void for_each_line(std::string_view cell, Fn fn) {
  std::size_t start = 0;
  while (start <= cell.size()) {
    std::size_t nl = cell.find('\n', start);
    if (nl == std::string_view::npos) nl = cell.size();
    std::string_view v = cell.substr(start, nl - start);
    if (!v.empty() && v.back() == '\r') v.remove_suffix(1);
    fn(v);
    start = nl + 1;
  }
}

}  // namespace

void parse_row(std::string_view text, std::size_t pos, Row& row) {
  row.cells.clear();
  row.ok = true;
  row.error.clear();
  std::string cell;
  while (true) {
    cell.clear();
    if (pos < text.size() && text[pos] == '"') {
      ++pos;
      bool closed = false;
      while (pos < text.size()) {
        char c = text[pos++];
        if (c != '"') {
          cell.push_back(c);
        } else if (pos < text.size() && text[pos] == '"') {
          cell.push_back('"');
          ++pos;
        } else {
          closed = true;
          break;
        }
      }
      if (!closed) {
        row.ok = false;
        row.error = "unterminated quoted cell";
        row.end = text.size();
        return;
      }
      if (pos < text.size() && text[pos] != ',' && text[pos] != '\n' && text[pos] != '\r') {
        row.ok = false;
        row.error = "text after a closing quote";
        // Resynchronise at the end of the line.
        std::size_t nl = text.find('\n', pos);
        row.end = nl == std::string_view::npos ? text.size() : nl + 1;
        return;
      }
    } else {
      while (pos < text.size() && text[pos] != ',' && text[pos] != '\n') cell.push_back(text[pos++]);
      if (!cell.empty() && cell.back() == '\r' && (pos >= text.size() || text[pos] == '\n')) cell.pop_back();
    }
    row.cells.push_back(cell);
    if (pos < text.size() && text[pos] == ',') {
      ++pos;
      continue;
    }
    if (pos < text.size() && text[pos] == '\r') ++pos;
    if (pos < text.size() && text[pos] == '\n') ++pos;
    row.end = pos;
    return;
  }
}

bool sniff(std::string_view head) {
  head = skip_bom(head);
  if (head.empty() || head[0] == '<' || head[0] == '{' || head[0] == '[') return false;
  Row row;
  parse_row(head, 0, row);
  if (!row.ok || row.cells.size() < 2 || row.end == head.size()) return false;
  for (const std::string& c : row.cells) {
    if (c.empty() || c.size() > 256 || c.find_first_of("=\n") != std::string::npos) return false;
  }
  return true;
}

void read_text(const std::string& path, std::string_view text, StoreBuilder& out,
               IngestReport& report, const IngestOptions& options) {
  text = skip_bom(text);
  Row header, row;
  parse_row(text, 0, header);
  if (!header.ok || header.cells.empty()) {
    report.messages.push_back(fmt::format("{}: CSV header: {}", path, header.error));
    return;
  }
  MappedEventWriter writer(out, options);
  std::size_t ordinal = 0;
  for (std::size_t pos = header.end; pos < text.size();) {
    std::size_t begin = pos;
    parse_row(text, pos, row);
    pos = std::max(row.end, pos + 1);
    if (row.ok && row.cells.size() == 1 && row.cells[0].empty()) continue;  // blank line
    ++ordinal;
    if (!row.ok || row.cells.size() != header.cells.size()) {
      std::string what = row.ok ? fmt::format("{} cells, the header has {}", row.cells.size(),
                                              header.cells.size())
                                : row.error;
      ++report.skipped;
      report.messages.push_back(record_message(path, "record", ordinal, what + "; skipped"));
      continue;
    }
    writer.begin();
    for (std::size_t i = 0; i < header.cells.size(); ++i) {
      const std::string& name = header.cells[i];
      const std::string& cell = row.cells[i];
      if (cell.empty() || name.compare(0, kMvPrefix.size(), kMvPrefix) == 0) continue;
      if (name == "_raw" || name == "_time") {
        writer.add(name, cell);
      } else {
        for_each_line(cell, [&](std::string_view v) { writer.add(name, v); });
      }
    }
    auto outcome = writer.end(row_text(text, begin, pos));
    ++report.events;
    if (!outcome.has_time) {
      report.messages.push_back(record_message(
          path, "record", ordinal,
          outcome.bad_time ? "unreadable time, _time set to 0" : "no _time, _time set to 0"));
    }
  }
}

void read(const std::string& path, StoreBuilder& out, IngestReport& report,
          const IngestOptions& options) {
  if (auto text = read_input_reported(path, report)) read_text(path, *text, out, report, options);
}

}  // namespace spelunk::csv_reader
