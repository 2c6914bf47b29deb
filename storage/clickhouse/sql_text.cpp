#include "storage/clickhouse/sql_text.hpp"

namespace spelunk::clickhouse {

namespace {

std::string quoted(std::string_view text, char quote) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() + 2);
  out += quote;
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (ch == '\\' || ch == quote || ch == '\'' || ch == '`') {
      out += '\\';
      out += ch;
    } else if (c >= 0x20 && c < 0x7F) {
      out += ch;
    } else {  // control characters, DEL, every non-ASCII byte: \xHH
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  out += quote;
  return out;
}

}  // namespace

std::string sql_string(std::string_view text) { return quoted(text, '\''); }

std::string sql_identifier(std::string_view name) { return quoted(name, '`'); }

std::string sql_table(std::string_view database, std::string_view table) {
  return sql_identifier(database) + "." + sql_identifier(table);
}

}  // namespace spelunk::clickhouse
