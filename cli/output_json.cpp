// JSON output: one object per result row and line; null fields are left out, multi-values are
// arrays, `_time` is the formatted time text. Always valid UTF-8 JSON, whatever the bytes.
#include <fmt/format.h>

#include "cli/output.hpp"

namespace spelunk::cli {

std::string json_string(std::string_view text) {
  std::string out = "\"";
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto b = static_cast<unsigned char>(text[i]);
    if (b == '"') out += "\\\"";
    else if (b == '\\') out += "\\\\";
    else if (b == '\n') out += "\\n";
    else if (b == '\r') out += "\\r";
    else if (b == '\t') out += "\\t";
    else if (b < 0x20 || b == 0x7F) out += fmt::format("\\u{:04x}", b);
    else if (b < 0x80) out += static_cast<char>(b);
    else {
      // Keep valid UTF-8 sequences; an invalid byte becomes its Latin-1 code point.
      std::size_t len = (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
      bool ok = len && i + len <= text.size();
      for (std::size_t k = 1; ok && k < len; ++k) ok = (static_cast<unsigned char>(text[i + k]) >> 6) == 0x2;
      if (ok && len == 2 && b < 0xC2) ok = false;
      if (ok) {
        out.append(text.substr(i, len));
        i += len - 1;
      } else {
        out += fmt::format("\\u{:04x}", b);
      }
    }
  }
  out += '"';
  return out;
}

void write_json(const Result& result, std::ostream& out) {
  const auto& columns = result.columns();
  for (std::size_t r = 0; r < result.size(); ++r) {
    std::string line = "{";
    bool first = true;
    for (std::size_t c = 0; c < columns.size(); ++c) {
      Value v = result.get(c, r);
      if (v.is_null()) continue;
      line += first ? "" : ",";
      first = false;
      line += json_string(columns[c].name) + ":";
      auto values = cell_values(result, c, r);
      if (v.is_multi()) {
        line += "[";
        for (std::size_t k = 0; k < values.size(); ++k) line += (k ? "," : "") + json_string(values[k]);
        line += "]";
      } else {
        line += json_string(values.empty() ? std::string() : values[0]);
      }
    }
    out << line << "}\n";
  }
}

}  // namespace spelunk::cli
