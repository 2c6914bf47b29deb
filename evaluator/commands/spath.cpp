// `spath [input=_raw] [output=field] [path=]<datapath>` and bare `spath` (auto-extract).
//
// Splunk Search Reference, spath: the input defaults to _raw; the output field defaults to the
// path as written; a location path is steps separated by '.', each a name with optional
// `{}` (every array element), `{N}` (the Nth, 1-based) or `{@attr}` (an XML attribute). Without
// a path every field is extracted: JSON keys joined by '.', arrays marked `{}`; XML elements
// joined by '.', attributes as `{@name}`. JSON or XML is detected from the first character.
//
// Choices (documented, not confirmed against a live Splunk): a multi-valued input is read from
// its first value; an object or array at the path gives its minified JSON text, an XML element
// with child elements its inner XML; JSON null gives no value (as the JSON reader does); where
// the path finds nothing the output field keeps the value it had; the 5,000-character
// auto-extract cutoff is not applied (no data is dropped silently).
//
// Performance: when the input column reads from the store (a dictionary-encoded field), each
// distinct value is parsed once (cache by code), and outputs are built as dictionary-encoded
// columns over store rows instead of one Value per row.
#include "evaluator/commands/commands.hpp"
#include "evaluator/structured.hpp"

namespace spelunk::commands {

namespace {

struct Request {
  std::string input = "_raw";
  std::optional<structured::Path> path;
  std::string output;  // path mode: the field written
};

Request parse_request(const ast::Command& cmd, const ast::SpathCommand& body) {
  Request req;
  check_options(cmd, body.options, {"input", "output", "path"});  // path= is distributed into body.path
  for (const auto& [key, value] : body.options.items) {
    if (key == "input") req.input = value;
    else if (key == "output") req.output = value;
  }
  if (body.path) {
    std::string error;
    req.path = structured::parse_path(*body.path, error);
    if (!req.path) throw QueryError{"spath: " + error, cmd.pos};
    if (req.output.empty()) req.output = *body.path;
  } else if (!req.output.empty()) {
    throw QueryError{"spath: output=" + req.output + " needs a path (path=<datapath>)", cmd.pos};
  }
  return req;
}

}  // namespace

Result run_spath(const ast::Command& cmd, Result input, ExecContext& ctx) {
  const Request req = parse_request(cmd, body_of<ast::SpathCommand>(cmd));
  structured::Extractor extractor;
  return extract_fields(cmd, std::move(input), ctx, req.input, [&](std::string_view text) -> ExtractedFields {
    if (req.path) return {{req.output, extractor.extract(text, *req.path)}};
    return extractor.extract_all(text);
  });
}

}  // namespace spelunk::commands
