// A progress line for long ingests: after one second, rewritten about twice a second on stderr
// ("ingest: 3/12 files, 1200000 events, 85/400 MB, 85.2 MB/s"), erased at the end. Silent when
// stderr is not a terminal (pipes, files, tests).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>

namespace spelunk {

class ProgressLine {
 public:
  struct Options {
    std::FILE* out = stderr;
    bool only_on_terminal = true;  // draw only when `out` is a terminal
    std::chrono::milliseconds first{1000}, every{500};
  };
  ProgressLine(std::size_t total_files, std::uint64_t total_bytes) : ProgressLine(total_files, total_bytes, Options{}) {}
  ProgressLine(std::size_t total_files, std::uint64_t total_bytes, Options options);
  ~ProgressLine();  // stops the line and erases it
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  // Called by reading threads when a unit (file or range) is done.
  void unit_done(bool last_of_file, std::size_t events, std::uint64_t bytes);

  // The line as it would be drawn now, without the terminal codes.
  std::string text() const;

 private:
  void run();
  void draw();

  std::size_t total_files_;
  std::uint64_t total_bytes_;
  Options options_;
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
