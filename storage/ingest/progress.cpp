#include "storage/ingest/progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace spelunk {

ProgressLine::ProgressLine(std::size_t total_files, std::uint64_t total_bytes)
    : total_files_(total_files), total_bytes_(total_bytes), start_(std::chrono::steady_clock::now()) {
  if (::isatty(STDERR_FILENO)) thread_ = std::thread([this] { run(); });
}

ProgressLine::~ProgressLine() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (drawn_) std::fputs("\r\033[K", stderr);
}

void ProgressLine::unit_done(bool last_of_file, std::size_t events, std::uint64_t bytes) {
  if (last_of_file) ++files_;
  events_ += events;
  bytes_ += bytes;
}

void ProgressLine::run() {
  std::unique_lock<std::mutex> lock(mutex_);
  if (wake_.wait_for(lock, std::chrono::seconds(1), [this] { return stop_; })) return;
  while (!stop_) {
    draw();
    wake_.wait_for(lock, std::chrono::milliseconds(500), [this] { return stop_; });
  }
}

void ProgressLine::draw() {
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  double mb = static_cast<double>(bytes_.load()) / 1e6;
  std::fprintf(stderr, "\r\033[Kingest: %zu/%zu files, %zu events, %.0f/%.0f MB, %.1f MB/s",
               files_.load(), total_files_, events_.load(), mb,
               static_cast<double>(total_bytes_) / 1e6, secs > 0 ? mb / secs : 0.0);
  std::fflush(stderr);
  drawn_ = true;
}

}  // namespace spelunk
