// `iplocation [prefix=] [allfields=f] [lang=en] <ip-field>` (Search Reference, iplocation): adds
// City, Country, Region, lat and lon (allfields=t: also Continent, MetroCode, Timezone) from the
// location of the field's IP address (IPv4 or IPv6; the first value of a multi-value). An
// address the database has no location for (an internal one, or not an address) gets no fields;
// a found one gets every field, empty where the database has nothing, lat/lon with 5 decimals
// (the page shows 37.75100). prefix= is put before each added name; lang= is a comma list of
// languages in order of preference, or "code" for ISO codes.
//
// The database is the user's MaxMind DB file, named by limits.conf `[iplocation] db_path` in a
// --conf app or by --iplocation-db (Splunk ships DB-IP's city lite file; spelunk ships none).
#include "evaluator/commands/commands.hpp"
#include "evaluator/geoip.hpp"
#include "evaluator/knowledge/knowledge.hpp"

#include <fmt/format.h>

namespace spelunk::commands {

Result run_iplocation(const ast::Command& cmd, Result input, ExecContext& ctx) {
  const GenericArgs args = generic_args(cmd);
  check_options(cmd, args.options, {"prefix", "allfields", "lang"});
  if (args.words.size() != 1) throw QueryError{"iplocation: expected one field holding IP addresses", cmd.pos};
  const std::string& field = args.words[0];
  const std::string* prefix_option = args.options.get("prefix");
  const std::string prefix = prefix_option ? *prefix_option : "";
  const bool allfields = option_bool(cmd, args.options, "allfields", false);
  std::vector<std::string> languages;
  const std::string* lang = args.options.get("lang");
  for (std::size_t start = 0, comma = 0; lang && start <= lang->size(); start = comma + 1) {
    comma = lang->find(',', start);
    if (comma == std::string::npos) comma = lang->size();
    if (comma > start) languages.push_back(lang->substr(start, comma - start));
  }
  if (languages.empty()) languages.push_back("en");

  const std::string path = ctx.knowledge ? ctx.knowledge->iplocation_db() : std::string();
  if (path.empty())
    throw QueryError{"iplocation needs an IP location database (a MaxMind .mmdb file): give it with "
                     "--iplocation-db FILE or limits.conf [iplocation] db_path in a --conf app",
                     cmd.pos};
  std::shared_ptr<const GeoDatabase> db;
  try {
    db = GeoDatabase::open(path);
  } catch (const GeoError& e) {
    throw QueryError{"iplocation: " + e.message, cmd.pos};
  }

  std::vector<std::string> names = {"City", "Country", "Region", "lat", "lon"};
  if (allfields) names.insert(names.end(), {"Continent", "MetroCode", "Timezone"});
  std::vector<std::vector<Value>> columns(names.size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    const int existing = input.find(prefix + names[i]);
    columns[i].resize(input.size());
    if (existing >= 0)
      for (std::size_t r = 0; r < input.size(); ++r) columns[i][r] = input.get(static_cast<std::size_t>(existing), r);
  }
  const int col = input.find(field);
  bool any = false;
  for (std::size_t r = 0; col >= 0 && r < input.size(); ++r) {
    Value v = input.get(static_cast<std::size_t>(col), r);
    if (v.is_null()) continue;
    auto record = db->lookup(v.is_multi() ? v.multi.front() : v.to_string(), languages);
    if (!record) continue;
    any = true;
    auto coordinate = [](const std::optional<double>& d) { return d ? Value::of(fmt::format("{:.5f}", *d)) : Value::of(""); };
    columns[0][r] = Value::of(record->city);
    columns[1][r] = Value::of(record->country);
    columns[2][r] = Value::of(record->region);
    columns[3][r] = coordinate(record->lat);
    columns[4][r] = coordinate(record->lon);
    if (allfields) {
      columns[5][r] = Value::of(record->continent);
      columns[6][r] = Value::of(record->metro_code);
      columns[7][r] = Value::of(record->timezone);
    }
  }
  if (!any) return input;  // no location anywhere: no fields added
  for (std::size_t i = 0; i < names.size(); ++i) input.set_column(prefix + names[i], std::move(columns[i]));
  return input;
}

}  // namespace spelunk::commands
