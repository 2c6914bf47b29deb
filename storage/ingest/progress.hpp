// A progress line for long ingests: after one second, rewritten about twice a second on stderr
// ("ingest: 3/12 files, 1200000 events, 85.2 MB/s"), erased at the end. Silent when stderr is
// not a terminal (pipes, files, tests).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

namespace spelunk {

class ProgressLine {
 public:
  ProgressLine(std::size_t total_files, std::uint64_t total_bytes);
  ~ProgressLine();  // stops the line and erases it
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  // Called by reading threads when a unit (file or range) is done.
  void unit_done(bool last_of_file, std::size_t events, std::uint64_t bytes);

 private:
  void run();
  void draw();

  std::size_t total_files_;
  std::uint64_t total_bytes_;
  std::atomic<std::size_t> files_{0}, events_{0};
  std::atomic<std::uint64_t> bytes_{0};
  std::chrono::steady_clock::time_point start_;
  bool drawn_ = false;
  bool stop_ = false;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::thread thread_;
};

}  // namespace spelunk
