// Wall and CPU time for the benchmarks, one definition for all of them. CPU time is the process's
// (every thread added): on a shared machine it is the figure that other jobs do not inflate.
#pragma once

#include <chrono>
#include <ctime>

namespace spelunk::bench {

inline double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

inline double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

struct Timing {
  double wall = 0, cpu = 0;
};

template <class F>
Timing timed(F&& f) {
  const auto w0 = std::chrono::steady_clock::now();
  const double c0 = cpu_seconds();
  f();
  return {seconds_since(w0), cpu_seconds() - c0};
}

}  // namespace spelunk::bench
