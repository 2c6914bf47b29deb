#include "storage/ingest/progress.hpp"

#include <unistd.h>

#include <fmt/format.h>

namespace spelunk {

ProgressLine::ProgressLine(std::size_t total_files, std::uint64_t total_bytes, Options options)
    : total_files_(total_files), total_bytes_(total_bytes), options_(options), start_(std::chrono::steady_clock::now()) {
  if (!options_.only_on_terminal || ::isatty(fileno(options_.out))) thread_ = std::thread([this] { run(); });
}

ProgressLine::~ProgressLine() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (drawn_) {
    std::fputs("\r\033[K", options_.out);
    std::fflush(options_.out);
  }
}

void ProgressLine::unit_done(bool last_of_file, std::size_t events, std::uint64_t bytes) {
  if (last_of_file) ++files_;
  events_ += events;
  bytes_ += bytes;
}

void ProgressLine::run() {
  std::unique_lock<std::mutex> lock(mutex_);
  if (wake_.wait_for(lock, options_.first, [this] { return stop_; })) return;
  while (!stop_) {
    draw();
    wake_.wait_for(lock, options_.every, [this] { return stop_; });
  }
}

std::string ProgressLine::text() const {
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  double mb = static_cast<double>(bytes_.load()) / 1e6;
  return fmt::format("ingest: {}/{} files, {} events, {:.0f}/{:.0f} MB, {:.1f} MB/s", files_.load(), total_files_,
                     events_.load(), mb, static_cast<double>(total_bytes_) / 1e6, secs > 0 ? mb / secs : 0.0);
}

void ProgressLine::draw() {
  std::fputs(("\r\033[K" + text()).c_str(), options_.out);
  std::fflush(options_.out);
  drawn_ = true;
}

}  // namespace spelunk
