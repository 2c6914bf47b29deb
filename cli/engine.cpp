#include "cli/engine.hpp"

#include <cstdlib>

#include "evaluator/remote/remote_plan.hpp"
#include "storage/clickhouse/clickhouse_target.hpp"
#include "storage/clickhouse/http_client.hpp"

namespace spelunk::cli {

std::shared_ptr<clickhouse::ClickHouseTable> open_engine(const std::string& url, double timeout_s, std::ostream& err) {
  std::string problem;
  auto target = clickhouse::parse_target(url, problem, std::getenv("SPELUNK_CLICKHOUSE_PASSWORD"));
  if (!target) {
    err << "spelunk: --engine: " << problem << "\n";
    return nullptr;
  }
  clickhouse::ClientOptions options;
  options.timeout_s = timeout_s;
  options.connect_timeout_s = std::min(timeout_s, 10.0);
  try {
    return clickhouse::ClickHouseTable::open(*target, options);
  } catch (const clickhouse::ClickHouseError& e) {
    err << "spelunk: " << e.message << "\n";
    return nullptr;
  }
}

int print_remote_plan(const ast::Pipeline& pipeline, const std::string& text, ExecContext& ctx, std::ostream& out) {
  remote::RemotePlan plan = remote::plan_remote(pipeline, ctx);
  const auto& commands = pipeline.commands;
  const std::string where = ctx.remote->target().display();
  if (plan.shape == remote::RemotePlan::Shape::Local) {
    out << "-- nothing runs in ClickHouse (" << where << "): " << plan.notes.front() << "\n";
    return 0;
  }
  out << "-- ClickHouse (" << where << ") runs command" << (plan.first_local > 1 ? "s 1-" : " ")
      << plan.first_local << " of " << commands.size() << ":\n";
  out << plan.sql << "\n";
  if (plan.recheck) out << "-- spelunk re-applies the leading search to the rows that come back\n";
  for (const auto& note : plan.notes) out << "-- " << note << "\n";
  if (plan.first_local < commands.size()) {
    const std::size_t from = commands[plan.first_local].pos.offset;
    out << "-- spelunk runs the rest, from command " << plan.first_local + 1 << ":\n| "
        << (from < text.size() ? text.substr(from) : std::string()) << "\n";
  } else {
    out << "-- spelunk runs nothing after it\n";
  }
  return 0;
}

}  // namespace spelunk::cli
