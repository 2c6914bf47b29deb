// Table output for a terminal: columns aligned, a header line, every value escaped; a
// multi-value cell shows one value per line (the row grows).
#include <algorithm>

#include "cli/output.hpp"

namespace spelunk::cli {

void write_table(const Result& result, std::ostream& out) {
  const auto& columns = result.columns();
  if (columns.empty()) return;
  const std::size_t ncols = columns.size();
  // cells[row][col] = escaped lines
  std::vector<std::vector<std::vector<std::string>>> cells(result.size());
  std::vector<std::size_t> width(ncols);
  for (std::size_t c = 0; c < ncols; ++c) width[c] = display_width(escape_for_terminal(columns[c].name));
  for (std::size_t r = 0; r < result.size(); ++r) {
    cells[r].resize(ncols);
    for (std::size_t c = 0; c < ncols; ++c) {
      for (const auto& v : cell_values(result, c, r)) {
        cells[r][c].push_back(escape_for_terminal(v));
        width[c] = std::max(width[c], display_width(cells[r][c].back()));
      }
    }
  }
  auto line = [&](const std::vector<std::string>& texts) {
    std::string s;
    for (std::size_t c = 0; c < ncols; ++c) {
      s += texts[c];
      if (c + 1 < ncols) s.append(width[c] - display_width(texts[c]) + 2, ' ');
    }
    while (!s.empty() && s.back() == ' ') s.pop_back();
    out << s << '\n';
  };
  std::vector<std::string> texts(ncols);
  for (std::size_t c = 0; c < ncols; ++c) texts[c] = escape_for_terminal(columns[c].name);
  line(texts);
  for (std::size_t c = 0; c < ncols; ++c) texts[c] = std::string(width[c], '-');
  line(texts);
  for (const auto& row : cells) {
    std::size_t height = 1;
    for (const auto& cell : row) height = std::max(height, cell.size());
    for (std::size_t k = 0; k < height; ++k) {
      for (std::size_t c = 0; c < ncols; ++c) texts[c] = k < row[c].size() ? row[c][k] : std::string();
      line(texts);
    }
  }
}

}  // namespace spelunk::cli
