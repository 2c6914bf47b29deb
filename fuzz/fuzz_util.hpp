// Helpers shared by the harnesses: an input as text, and as a file for readers that open paths.
#pragma once

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace spelunk::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// An in-memory file (memfd) holding the input, opened by path (/proc/self/fd/N) by readers that
// only take paths. One per harness, rewritten for every input: no disk traffic, no leftovers.
class MemoryFile {
 public:
  MemoryFile() : fd_(::memfd_create("spelunk-fuzz", MFD_CLOEXEC)) {}
  ~MemoryFile() {
    if (fd_ >= 0) ::close(fd_);
  }
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;

  // Replaces the content; returns the path that opens it ("" when memfd is unavailable).
  std::string write(std::string_view bytes) {
    if (fd_ < 0 || ::ftruncate(fd_, 0) != 0) return "";
    std::size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t n = ::pwrite(fd_, bytes.data() + done, bytes.size() - done,
                                 static_cast<off_t>(done));
      if (n <= 0) return "";
      done += static_cast<std::size_t>(n);
    }
    return "/proc/self/fd/" + std::to_string(fd_);
  }

 private:
  int fd_;
};

}  // namespace spelunk::fuzz
