// `outputlookup [append=f] [create_empty=t] [max=N] [override_if_empty=t] NAME` (Splunk's
// Search Reference): writes the current results to the CSV lookup NAME (a transforms.conf name or
// a .csv file in the app's lookups/ folder) and passes them on unchanged. append=t adds the rows
// after the file's own (columns united); max= caps the rows written; no result rows leave the
// file alone when create_empty=f or override_if_empty=f. Fields starting with `_` are not written,
// except `_time`. A cell starting like a spreadsheet formula (= + - @, tab, CR) is written with a
// leading `'` unless it is a number, as the CSV output does, so opening the file never runs it.
#include <filesystem>
#include <fstream>

#include "evaluator/commands/commands.hpp"
#include "evaluator/knowledge/knowledge.hpp"

namespace spelunk::commands {

namespace {

std::string unquote(const std::string& word) {
  if (word.size() >= 2 && word.front() == '"' && word.back() == '"') return word.substr(1, word.size() - 2);
  return word;
}

std::string csv_cell(const std::string& text) {
  std::string cell;
  double number = 0;
  if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' || text[0] == '\t' ||
                        text[0] == '\r') && !parse_number(text, number))
    cell += '\'';
  cell += text;
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string out = "\"";
  for (char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

bool written(const std::string& name) { return !name.empty() && (name[0] != '_' || name == "_time"); }

}  // namespace

Result run_outputlookup(const ast::Command& cmd, Result input, ExecContext& ctx) {
  const auto& generic = body_of<ast::GenericCommand>(cmd);
  const auto& words = generic.args;
  ast::Options options;
  std::string name;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    auto eq = w.find('=');
    if (eq != std::string::npos && w.front() != '"') {
      std::string key = w.substr(0, eq);
      for (char& c : key) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      options.add(key, unquote(w.substr(eq + 1)), i < generic.positions.size() ? generic.positions[i] : cmd.pos);
    } else if (name.empty()) {
      name = unquote(w);
    } else {
      throw QueryError{"outputlookup: unexpected `" + w + "` after the lookup name", cmd.pos};
    }
  }
  check_options(cmd, options, {"append", "create_empty", "override_if_empty", "max"});
  if (name.empty()) throw QueryError{"outputlookup needs a lookup name", cmd.pos};
  if (!ctx.knowledge) throw QueryError{"outputlookup `" + name + "`: no lookups are loaded here", cmd.pos};
  const bool append = option_bool(cmd, options, "append", false);
  const bool create_empty = option_bool(cmd, options, "create_empty", true);
  const bool override_if_empty = option_bool(cmd, options, "override_if_empty", true);
  const std::size_t max = option_size(cmd, options, "max", 0);
  const std::string path = ctx.knowledge->lookup_output_path(name, cmd.pos);
  std::error_code ec;
  const bool exists = std::filesystem::exists(path, ec);
  if (input.size() == 0 && ((!exists && !create_empty) || (exists && !override_if_empty))) return input;

  // The rows to write: the file's own first when appending, then ours (columns united by name).
  Result rows;
  if (append && exists) {
    if (auto table = read_csv_table(path)) {
      rows = Result::table(table->header);
      for (const auto& r : table->rows) {
        std::vector<Value> row;
        for (const auto& cell : r) row.push_back(cell.empty() ? Value::null() : Value::of(cell));
        rows.add_row(std::move(row));
      }
    }
  }
  Result mine = input;
  if (max > 0 && mine.size() > max) {
    std::vector<std::size_t> keep(max);
    for (std::size_t i = 0; i < max; ++i) keep[i] = i;
    mine.select_rows(keep);
  }
  if (rows.columns().empty()) rows = std::move(mine);
  else rows.append(mine);

  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw QueryError{"outputlookup `" + name + "`: cannot write " + path, cmd.pos};
  std::vector<std::size_t> cols;
  for (std::size_t c = 0; c < rows.columns().size(); ++c)
    if (written(rows.columns()[c].name)) cols.push_back(c);
  for (std::size_t i = 0; i < cols.size(); ++i) out << (i ? "," : "") << csv_cell(rows.columns()[cols[i]].name);
  out << "\n";
  for (std::size_t r = 0; r < rows.size(); ++r) {
    for (std::size_t i = 0; i < cols.size(); ++i) out << (i ? "," : "") << csv_cell(rows.get(cols[i], r).to_string());
    out << "\n";
  }
  if (!out) throw QueryError{"outputlookup `" + name + "`: cannot write " + path, cmd.pos};
  return input;
}

}  // namespace spelunk::commands
