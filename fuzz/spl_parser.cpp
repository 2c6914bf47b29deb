// Feeds the SPL parser, macro expansion first: the input is a search as a user (or a detection
// repository) writes it. Macros: a fixed table covering what macros.conf allows (arguments,
// nesting, a cycle, pipes inside a definition), plus, in a fuzz run, the corpus' own macros when
// SPELUNK_FUZZ_MACROS names a macros.conf (scripts/fuzz.sh writes one from the corpus).
#include <cstdlib>
#include <string>

#include "fuzz/fuzz_harness.hpp"
#include "fuzz/fuzz_util.hpp"
#include "parser/parser.hpp"

namespace {

const spelunk::MacroTable& macros() {
  static const spelunk::MacroTable table = [] {
    spelunk::MacroTable t;
    t.add({"sysmon", {}, "source=\"XmlWinEventLog:Microsoft-Windows-Sysmon/Operational\""});
    t.add({"security_content_summariesonly", {}, "summariesonly=false allow_old_summaries=true"});
    t.add({"drop_dm_object_name", {"object"}, "rename $object$.* AS *"});
    t.add({"filter", {"a", "b"}, "search $a$=\"$b$\" | where isnotnull($a$)"});
    t.add({"nested", {}, "`sysmon` `filter(Image, x)`"});
    t.add({"loop_a", {}, "`loop_b`"});
    t.add({"loop_b", {}, "`loop_a`"});
    t.add({"double", {"x"}, "$x$ $x$"});
    t.add({"pipes", {}, "| stats count by host | sort - count"});
    t.add({"comment", {}, "``` a comment ``` index=main"});
    if (const char* path = std::getenv("SPELUNK_FUZZ_MACROS")) t.load_conf(path);
    return t;
  }();
  return table;
}

}  // namespace

SPELUNK_FUZZ_HARNESS(spl_parser) {
  const std::string_view query = spelunk::fuzz::as_text(data, size);
  const spelunk::ParseResult parsed = spelunk::parse_query(query, &macros());
  const std::string_view text = parsed.expanded.empty() ? query : std::string_view(parsed.expanded);
  if (parsed.pipeline) {
    (void)spelunk::to_string(*parsed.pipeline);
  } else if (parsed.error) {
    (void)parsed.error->render(text);
  }
  spelunk::ast::Expr expr;
  const spelunk::ParseResult eval = spelunk::parse_eval_expression(query, expr);
  if (!eval.error) (void)spelunk::to_string(expr);
}
