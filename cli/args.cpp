#include "cli/args.hpp"

#include <ctime>
#include <ostream>

#include "cli/test_file.hpp"  // read_whole_file

#include "evaluator/time/relative_time.hpp"
#include "spelunk_version.hpp"  // generated: cmake/version.cmake
#include "evaluator/value.hpp"

namespace spelunk::cli {

std::string usage() {
  return "usage: spelunk [-d PATH ...] [-o table|csv|json|chart|html FILE] [--tz ZONE] [--now TIME]\n"
         "               [--earliest T] [--latest T] [--props FILE] [--conf DIR] [--iplocation-db FILE]\n"
         "               (-f FILE.spl | QUERY)\n"
         "       spelunk -d PATH                       an interactive session\n"
         "       spelunk explain|test|lint|load ...    other commands (each has --help)\n"
         "       spelunk --help | --version\n"
         "A search that reads no events (| makeresults, | inputlookup) needs no -d.\n";
}

std::optional<std::string> read_query(const Args& args, std::ostream& err) {
  if (!args.query_file) return args.query.value_or("");
  std::string text;
  if (!read_whole_file(*args.query_file, text)) {
    err << "spelunk: cannot read query file " << *args.query_file << "\n";
    return std::nullopt;
  }
  return text;
}

std::string version_line() {
  return std::string("spelunk ") + SPELUNK_VERSION + " (" + SPELUNK_GIT_DESCRIBE + ")";
}

std::optional<std::string> parse_args(int argc, const char* const* argv, Args& out, ArgsFor mode) {
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
    } else if (a == "-V" || a == "--version") {
      out.version = true;
    } else if (a == "--event" && mode == ArgsFor::Explain) {
      if (auto e = value(v)) return e;
      out.event = v;
    } else if (a == "-d" || a == "--data") {
      if (auto e = value(v)) return e;
      out.data_paths.push_back(v);
    } else if (a == "-o" || a == "--output") {
      if (auto e = value(v)) return e;
      if (v != "table" && v != "csv" && v != "json" && v != "chart" && v != "html")
        return "unknown output format `" + v + "` (table, csv, json, chart, html FILE)";
      out.output = v;
      if (v == "html") {
        if (i + 1 >= argc || argv[i + 1][0] == '\0') return "-o html needs a file name: -o html FILE";
        out.output_file = argv[++i];
      }
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
    } else if (a == "--iplocation-db") {
      if (auto e = value(out.iplocation_db)) return e;
    } else if (a == "--engine") {
      if (auto e = value(v)) return e;
      out.engine = v;
    } else if (a == "--timeout") {
      if (auto e = value(v)) return e;
      double t = 0;
      if (!parse_number(v, t) || t <= 0 || t > 86400) return "option --timeout needs seconds (more than 0, at most 86400)";
      out.timeout_s = t;
    } else if (a == "--macros" || a == "--lookups") {
      if (auto e = value(v)) return e;
      (a == "--macros" ? out.macro_dirs : out.lookup_dirs).push_back(v);
    } else if (a == "--max-gunzip" || a == "--max-event") {
      if (auto e = value(v)) return e;
      const auto bytes = parse_size(v);
      if (!bytes || *bytes == 0) return "option " + a + " needs a size such as 512M or 4G, not `" + v + "`";
      (a == "--max-gunzip" ? out.max_gunzip_bytes : out.max_event_bytes) = *bytes;
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
  if (out.help || out.version) return std::nullopt;
  if (out.query && out.query_file) return "give either -f FILE or a query, not both";
  if (!out.query && !out.query_file) return "no query given";
  if (out.engine && !out.data_paths.empty()) return "give either -d PATH or --engine URL, not both";
  return std::nullopt;
}

std::optional<std::uint64_t> parse_size(const std::string& text) {
  std::uint64_t value = 0;
  std::size_t i = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    if (value > (UINT64_MAX - 9) / 10) return std::nullopt;
    value = value * 10 + static_cast<std::uint64_t>(text[i] - '0');
  }
  if (i == 0) return std::nullopt;
  const std::string unit = text.substr(i);
  unsigned shift = 0;
  if (unit == "K" || unit == "k" || unit == "KiB") shift = 10;
  else if (unit == "M" || unit == "m" || unit == "MiB") shift = 20;
  else if (unit == "G" || unit == "g" || unit == "GiB") shift = 30;
  else if (unit == "T" || unit == "t" || unit == "TiB") shift = 40;
  else if (!unit.empty()) return std::nullopt;
  if (shift && value > (UINT64_MAX >> shift)) return std::nullopt;
  return value << shift;
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
