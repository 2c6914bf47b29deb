#include "cli/args.hpp"

#include <ctime>

#include "evaluator/time/relative_time.hpp"
#include "evaluator/value.hpp"

namespace spelunk::cli {

std::string usage() {
  return "usage: spelunk -d PATH [-d PATH ...] [-o table|csv|json] [--tz ZONE] [--now TIME]\n"
         "               [--earliest T] [--latest T] [--props FILE] [--conf DIR] (-f FILE.spl | QUERY)\n"
         "  -d PATH       event files or folders (format detected from content)\n"
         "  -o FORMAT     table (default), csv or json (one object per line)\n"
         "  --tz ZONE     show _time in this IANA time zone (default UTC)\n"
         "  --now TIME    pin \"now\" (epoch seconds or YYYY-MM-DDTHH:MM:SS in UTC)\n"
         "  --earliest T  --latest T  time range, as earliest=/latest= in a search (-24h@h, 0, now);\n"
         "                a time modifier inside the search overrides both\n"
         "  --props FILE  add a props.conf (calculated fields) after the shipped one\n"
         "  --conf DIR    a Splunk app folder: default/ then local/ props.conf, transforms.conf,\n"
         "                macros.conf, and lookups/*.csv (repeatable; later wins)\n"
         "  -f FILE.spl   read the query from a file\n"
         "  --engine clickhouse://[user@]host:port/db.table\n"
         "                search a table `spelunk load --to` filled: the front of the search runs in\n"
         "                ClickHouse, the rest here (password: in the URL or SPELUNK_CLICKHOUSE_PASSWORD)\n"
         "  --timeout S   give up on a ClickHouse query after S seconds (default 300)\n"
         "Without a query: an interactive session over the data (.help lists its commands).\n"
         "Other commands:\n"
         "  spelunk load -d PATH... --save FILE   read the data once into a store file (-d FILE reopens it)\n"
         "  spelunk load -d PATH... --to clickhouse://host:port/db.table [--cluster NAME]\n"
         "                                        load the events into ClickHouse (--help)\n"
         "  spelunk sql --engine URL QUERY        print the SQL a search sends and where spelunk takes over\n"
         "  spelunk test PATH...                  run detection tests (docs/test-format.md; --help)\n"
         "  spelunk lint PATH... [-d PATH]        check searches without running them (--help)\n";
}

std::optional<std::string> parse_args(int argc, const char* const* argv, Args& out) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](std::string& into) -> std::optional<std::string> {
      if (i + 1 >= argc) return "option " + a + " needs a value";
      into = argv[++i];
      return std::nullopt;
    };
    std::string v;
    if (a == "-h" || a == "--help") {
      out.help = true;
    } else if (a == "-d" || a == "--data") {
      if (auto e = value(v)) return e;
      out.data_paths.push_back(v);
    } else if (a == "-o" || a == "--output") {
      if (auto e = value(v)) return e;
      if (v != "table" && v != "csv" && v != "json") return "unknown output format `" + v + "` (table, csv, json)";
      out.output = v;
    } else if (a == "--tz") {
      if (auto e = value(out.tz)) return e;
    } else if (a == "--now") {
      if (auto e = value(v)) return e;
      out.now = v;
    } else if (a == "--earliest") {
      if (auto e = value(out.earliest)) return e;
      if (out.earliest.empty()) return "option --earliest needs a value";
    } else if (a == "--latest") {
      if (auto e = value(out.latest)) return e;
      if (out.latest.empty()) return "option --latest needs a value";
    } else if (a == "--props") {
      if (auto e = value(v)) return e;
      out.props_files.push_back(v);
    } else if (a == "--conf") {
      if (auto e = value(v)) return e;
      out.conf_dirs.push_back(v);
    } else if (a == "--engine") {
      if (auto e = value(v)) return e;
      out.engine = v;
    } else if (a == "--timeout") {
      if (auto e = value(v)) return e;
      double t = 0;
      if (!parse_number(v, t) || t <= 0 || t > 86400) return "option --timeout needs seconds (more than 0, at most 86400)";
      out.timeout_s = t;
    } else if (a == "-f" || a == "--file") {
      if (auto e = value(v)) return e;
      out.query_file = v;
    } else if (a.size() > 1 && a[0] == '-' && a[1] == '-' && a.size() > 2) {
      return "unknown option " + a;
    } else if (a.size() == 2 && a[0] == '-' && a != "--") {
      return "unknown option " + a;
    } else {
      if (out.query) return "more than one query given (quote the query as one argument)";
      out.query = a;
    }
  }
  if (out.help) return std::nullopt;
  if (out.query && out.query_file) return "give either -f FILE or a query, not both";
  if (!out.query && !out.query_file) return "no query given";
  if (out.engine && !out.data_paths.empty()) return "give either -d PATH or --engine URL, not both";
  if (out.data_paths.empty() && !out.engine) return "no data given (-d PATH or --engine clickhouse://host:port/db.table)";
  return std::nullopt;
}

std::optional<std::string> check_time_range(const Args& args, std::int64_t now_us) {
  for (const auto& [name, spec] : {std::pair{"--earliest", &args.earliest}, std::pair{"--latest", &args.latest}})
    if (!spec->empty() && !apply_time_modifier(*spec, now_us, args.tz))
      return std::string("cannot read ") + name + " `" + *spec + "` (expected a time modifier such as -24h@h, @d, 0 or now)";
  return std::nullopt;
}

std::optional<long long> parse_now(const std::string& text) {
  double seconds = 0;
  if (parse_number(text, seconds)) return static_cast<long long>(seconds * 1e6);
  std::tm tm{};
  const char* end = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (!end) end = strptime(text.c_str(), "%Y-%m-%d %H:%M:%S", &tm);
  if (!end) {
    tm = {};
    end = strptime(text.c_str(), "%Y-%m-%d", &tm);
  }
  if (!end || !(*end == 0 || (*end == 'Z' && end[1] == 0))) return std::nullopt;
  return static_cast<long long>(timegm(&tm)) * 1000000LL;
}

}  // namespace spelunk::cli
