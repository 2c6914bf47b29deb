#include "storage/clickhouse/table_schema.hpp"

#include "storage/clickhouse/sql_text.hpp"

namespace spelunk::clickhouse {

namespace {

constexpr std::string_view kCalc = "calc__";
constexpr std::string_view kHex = "hex__";

bool plain(std::string_view name) {
  if (name.empty() || name.size() > 120) return false;
  if (!((name[0] >= 'a' && name[0] <= 'z') || (name[0] >= 'A' && name[0] <= 'Z'))) return false;
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return name.substr(0, kCalc.size()) != kCalc && name.substr(0, kHex.size()) != kHex;
}

std::string encode(std::string_view field) {
  if (plain(field)) return std::string(field);
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(kHex);
  for (char ch : field) {
    const auto c = static_cast<unsigned char>(ch);
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

std::optional<std::string> decode(std::string_view column) {
  if (column.substr(0, kHex.size()) != kHex) {
    if (!plain(column)) return std::nullopt;
    return std::string(column);
  }
  std::string_view hex = column.substr(kHex.size());
  if (hex.empty() || hex.size() % 2) return std::nullopt;
  auto digit = [](char c) { return c >= '0' && c <= '9' ? c - '0' : (c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1); };
  std::string out;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    int hi = digit(hex[i]), lo = digit(hex[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
  }
  return out;
}

}  // namespace

std::string column_for_field(std::string_view field, bool calculated) {
  return calculated ? std::string(kCalc) + encode(field) : encode(field);
}

std::optional<FieldColumn> field_for_column(std::string_view column) {
  const bool calculated = column.substr(0, kCalc.size()) == kCalc;
  auto field = decode(calculated ? column.substr(kCalc.size()) : column);
  if (!field) return std::nullopt;
  return FieldColumn{*field, std::string(column), calculated};
}

const FieldColumn* TableSchema::extracted(std::string_view field) const {
  for (const auto& f : fields)
    if (!f.calculated && f.field == field) return &f;
  return nullptr;
}

const FieldColumn* TableSchema::calculated(std::string_view field) const {
  for (const auto& f : fields)
    if (f.calculated && f.field == field) return &f;
  return nullptr;
}

std::string column_definitions(const std::vector<FieldColumn>& fields) {
  std::string out = "`_time` Int64, `_seq` UInt64, `_raw` String";
  for (const auto& f : fields) out += ", " + sql_identifier(f.column) + " Array(String)";
  return out;
}

std::string meta_table_name(std::string_view table) { return std::string(table) + "__spelunk"; }

}  // namespace spelunk::clickhouse
