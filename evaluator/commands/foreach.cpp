// `foreach [mode=multifield] <wildcard-field>... [fieldstr=] [matchstr=] [matchseg1..3=]
// [ <template pipeline> ]` (Search Reference, foreach): for each field whose name matches one of
// the wildcard patterns (fields present when foreach starts, in column order), the template has
// `<<FIELD>>` replaced by the field name, `<<MATCHSTR>>` by the part(s) matched by the wildcards
// and `<<MATCHSEG1>>`..`<<MATCHSEG3>>` by each wildcard's part, then runs over the results. The
// option values rename those tokens. `*` patterns skip internal fields (names starting with
// `_`) unless the pattern itself starts with `_`. Other modes (multivalue, json_array,
// auto_collections) are not supported yet.
#include <re2/re2.h>

#include "evaluator/commands/commands.hpp"
#include "parser/parser.hpp"

namespace spelunk::commands {

namespace {

struct Tokens {
  std::string field = "<<FIELD>>", matchstr = "<<MATCHSTR>>";
  std::string matchseg[3] = {"<<MATCHSEG1>>", "<<MATCHSEG2>>", "<<MATCHSEG3>>"};
};

// A wildcard pattern as an anchored RE2 with one group per `*` (linear time, segment capture).
std::unique_ptr<re2::RE2> pattern_regex(const std::string& pattern) {
  std::string re;
  std::size_t start = 0;
  for (std::size_t star = pattern.find('*'); ; star = pattern.find('*', start)) {
    re += re2::RE2::QuoteMeta(pattern.substr(start, star == std::string::npos ? std::string::npos : star - start));
    if (star == std::string::npos) break;
    re += "(.*)";
    start = star + 1;
  }
  re2::RE2::Options options;
  options.set_dot_nl(true);
  return std::make_unique<re2::RE2>(re, options);
}

void replace_all(std::string& text, const std::string& token, const std::string& value) {
  if (token.empty()) return;
  for (std::size_t at = text.find(token); at != std::string::npos; at = text.find(token, at + value.size()))
    text.replace(at, token.size(), value);
}

std::string fill_template(std::string body, const Tokens& tokens, const std::string& field,
                          const std::vector<std::string>& segments) {
  std::string matchstr;
  for (const auto& s : segments) matchstr += s;
  replace_all(body, tokens.field, field);
  replace_all(body, tokens.matchstr, matchstr);
  for (std::size_t i = 0; i < 3; ++i) replace_all(body, tokens.matchseg[i], i < segments.size() ? segments[i] : "");
  return body;
}

ast::Pipeline parse_template(const ast::Command& cmd, const std::string& text) {
  std::string query = text;
  std::size_t first = query.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) throw QueryError{"foreach: the [ ... ] template is empty", cmd.pos};
  if (query[first] != '|') query = "| " + query.substr(first);
  ParseResult parsed = parse_query(query);
  if (!parsed.pipeline)
    throw QueryError{"foreach: cannot parse the template `" + text + "`" +
                         (parsed.error ? ": " + parsed.error->message : std::string()),
                     cmd.pos};
  return std::move(*parsed.pipeline);
}

}  // namespace

Result run_foreach(const ast::Command& cmd, Result input, ExecContext& ctx) {
  GenericArgs args = generic_args(cmd);
  Tokens tokens;
  check_options(cmd, args.options, {"fieldstr", "matchstr", "matchseg1", "matchseg2", "matchseg3", "mode"});
  for (const auto& [key, value] : args.options.items) {
    if (key == "fieldstr") tokens.field = value;
    else if (key == "matchstr") tokens.matchstr = value;
    else if (key == "matchseg1") tokens.matchseg[0] = value;
    else if (key == "matchseg2") tokens.matchseg[1] = value;
    else if (key == "matchseg3") tokens.matchseg[2] = value;
    else if (key == "mode") {
      if (value != "multifield")
        throw QueryError{"foreach: mode=" + value + " is not supported yet (only multifield)", cmd.pos};
    } else {
      throw QueryError{"foreach: unknown option '" + key + "='; expected fieldstr=, matchstr=, matchseg1= .. "
                       "matchseg3= or mode=",
                       cmd.pos};
    }
  }
  std::vector<std::string> patterns;
  std::string body;
  for (std::size_t i = 0; i < args.raw.size(); ++i) {
    const std::string& raw = args.raw[i];
    if (!raw.empty() && raw.front() == '[') {
      if (!body.empty() || i + 1 != args.raw.size())
        throw QueryError{"foreach: expected one [ template ] after the fields", cmd.pos};
      body = raw.substr(1, raw.size() >= 2 && raw.back() == ']' ? raw.size() - 2 : std::string::npos);
    } else {
      patterns.push_back(args.words[i]);
    }
  }
  if (patterns.empty()) throw QueryError{"foreach: expected at least one field or wildcard pattern", cmd.pos};
  if (body.empty()) throw QueryError{"foreach: expected a [ template ] such as [ eval <<FIELD>>=... ]", cmd.pos};

  // Fields to visit, decided before any template runs (templates may add fields).
  struct Visit { std::string field; std::vector<std::string> segments; };
  std::vector<Visit> visits;
  for (const auto& pattern : patterns) {
    auto re = pattern_regex(pattern);
    if (!re->ok()) throw QueryError{"foreach: bad field pattern '" + pattern + "'", cmd.pos};
    const int groups = re->NumberOfCapturingGroups();
    std::vector<std::string> segments(static_cast<std::size_t>(groups));
    std::vector<re2::RE2::Arg> arg_storage(segments.size());
    std::vector<const re2::RE2::Arg*> arg_ptrs(segments.size());
    for (std::size_t g = 0; g < segments.size(); ++g) {
      arg_storage[g] = &segments[g];
      arg_ptrs[g] = &arg_storage[g];
    }
    for (const auto& column : input.columns()) {
      const std::string& name = column.name;
      if (!name.empty() && name[0] == '_' && pattern[0] != '_') continue;
      if (!re2::RE2::FullMatchN(name, *re, arg_ptrs.data(), groups)) continue;
      bool seen = false;
      for (const auto& v : visits) seen = seen || v.field == name;
      if (!seen) visits.push_back({name, segments});
    }
  }
  for (const auto& visit : visits) {
    ast::Pipeline pipeline = parse_template(cmd, fill_template(body, tokens, visit.field, visit.segments));
    input = run_pipeline_on(pipeline, std::move(input), ctx);
  }
  return input;
}

}  // namespace spelunk::commands
