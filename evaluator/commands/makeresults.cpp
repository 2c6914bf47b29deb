// `| makeresults [count=1] [annotate=f]` (R8.21): generates `count` rows holding only `_time`
// (the search's pinned now). annotate=t adds _raw, host, source, sourcetype, splunk_server and
// splunk_server_group (empty but present).
#include "evaluator/commands/commands.hpp"

namespace spelunk::commands {

namespace {
constexpr std::size_t kMaxMakeresults = 10'000'000;  // hostile count= must not exhaust memory
}

Result run_makeresults(const ast::Command& cmd, Result, ExecContext& ctx) {
  const auto& mk = body_of<ast::MakeresultsCommand>(cmd);
  const std::size_t count = option_size(cmd, mk.options, "count", 1);
  if (count > kMaxMakeresults)
    throw QueryError{"makeresults: count must be at most " + std::to_string(kMaxMakeresults), cmd.pos};
  const bool annotate = option_bool(cmd, mk.options, "annotate", false);

  std::vector<std::string> names = {"_time"};
  if (annotate)
    for (const char* n : {"_raw", "host", "source", "sourcetype", "splunk_server", "splunk_server_group"})
      names.emplace_back(n);
  Result out = Result::table(names);
  const Value now = Value::of(static_cast<double>(ctx.now_us) / kMicrosPerSecond);
  for (std::size_t i = 0; i < count; ++i) {
    std::vector<Value> row(names.size());
    row[0] = now;
    out.add_row(std::move(row));
  }
  return out;
}

}  // namespace spelunk::commands
