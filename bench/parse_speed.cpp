// Parse time of ~1 MB queries of several shapes (the parser must stay well under a second).
//   build/bench/parse_speed
#include <chrono>
#include <ctime>
#include <iostream>
#include <string>

#include "parser/parser.hpp"

namespace {

std::string repeat_to(const std::string& head, const std::string& unit, const std::string& tail, std::size_t bytes) {
  std::string q = head;
  while (q.size() < bytes) q += unit;
  return q + tail;
}

// Wall time and CPU time: on a loaded machine the CPU time is the meaningful figure.
void measure(const char* name, const std::string& query) {
  const auto start = std::chrono::steady_clock::now();
  const std::clock_t cpu_start = std::clock();
  const spelunk::ParseResult r = spelunk::parse_query(query);
  const double cpu_ms = 1000.0 * static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::cout << name << ": " << query.size() << " bytes, " << ms << " ms wall, " << cpu_ms << " ms cpu, "
            << (r.pipeline ? "parsed" : "error: " + r.error->message.substr(0, 100)) << "\n";
}

}  // namespace

int main() {
  constexpr std::size_t kMB = 1 << 20;
  measure("search OR chain", repeat_to("index=main (", "process_name=\"net*.exe\" OR CommandLine=*x* OR ", "a)", kMB));
  measure("implicit AND of terms", repeat_to("", "mimikatz \"access denied\" ", "", kMB));
  measure("IN list", repeat_to("Image IN (", "\"*\\\\cmd.exe\", ", "x)", kMB));
  measure("eval calls", repeat_to("| makeresults | eval ", "a=if(match(x, \"y\"), lower(z) . \"w\", null()), ", "b=1", kMB));
  measure("where OR chain (depth bound)", repeat_to("| makeresults | where ", "x=\"a\" OR ", "x=\"b\"", kMB));
  measure("table fields", repeat_to("x | table ", "field_name_1, ", "z", kMB));
  measure("pipeline of commands", repeat_to("x", " | eval a=1 | stats count by host | rename count AS n", "", kMB));
  measure("unclosed quote at the end", repeat_to("", "a b c ", "\"", kMB));
  return 0;
}
