// Events as CSV with a header row (Splunk's CSV export): RFC 4180 quoting ("" inside quotes,
// newlines inside quoted cells), one event per row. Cells of multi-value fields hold one value
// per line, as Splunk writes them (`_raw` and `_time` are never split); Splunk's `__mv_*`
// columns are ignored; an empty cell is an absent field. Column names map onto XML ingest's field
// names through json_mapping, like JSON keys. `_raw` is the `_raw` column, else the row's text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "storage/ingest/ingest.hpp"

namespace spelunk::csv_reader {

bool sniff(std::string_view head);
void read(const std::string& path, StoreBuilder& out, IngestReport& report,
          const IngestOptions& options);
void read_text(const std::string& path, std::string_view text, StoreBuilder& out,
               IngestReport& report, const IngestOptions& options);

// One row of CSV starting at text[pos]: its cells (unquoted) and the offset past the row's end
// of line. `ok` is false for an unterminated quote or text after a closing quote.
struct Row {
  std::vector<std::string> cells;
  std::size_t end = 0;
  bool ok = true;
  std::string error;
};
void parse_row(std::string_view text, std::size_t pos, Row& row);

}  // namespace spelunk::csv_reader
