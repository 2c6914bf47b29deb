// One libFuzzer harness per file in fuzz/, named after what it feeds. Each file writes
//
//   SPELUNK_FUZZ_HARNESS(xml_reader) { ... data, size ... }
//
// In a fuzz build (scripts/fuzz.sh, -DSPELUNK_FUZZ=ON, clang) each file becomes its own
// executable and the body is its LLVMFuzzerTestOneInput. The same files are also compiled into
// the test binary, where the body is registered under its name: tests/fuzz_regression_test.cpp
// replays every input that once crashed a harness (tests/fuzz_regressions/<name>/) through exactly
// the code the fuzzer ran, in the normal and sanitizer test builds.
//
// A harness must not write to stdout/stderr on its paths (libFuzzer's output is the report) and
// must not keep state between inputs that changes what an input does.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

namespace spelunk::fuzz {

using Feed = void (*)(const std::uint8_t* data, std::size_t size);

inline std::map<std::string, Feed>& registry() {
  static std::map<std::string, Feed> harnesses;
  return harnesses;
}

struct Register {
  Register(const char* name, Feed feed) { registry()[name] = feed; }
};

}  // namespace spelunk::fuzz

#ifdef SPELUNK_FUZZ_TARGET
#define SPELUNK_FUZZ_HARNESS(name)                                                          \
  static void spelunk_fuzz_feed_##name(const std::uint8_t* data, std::size_t size);         \
  extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {       \
    spelunk_fuzz_feed_##name(data, size);                                                   \
    return 0;                                                                               \
  }                                                                                         \
  static void spelunk_fuzz_feed_##name(const std::uint8_t* data, std::size_t size)
#else
#define SPELUNK_FUZZ_HARNESS(name)                                                          \
  static void spelunk_fuzz_feed_##name(const std::uint8_t* data, std::size_t size);         \
  static const ::spelunk::fuzz::Register spelunk_fuzz_register_##name{                      \
      #name, &spelunk_fuzz_feed_##name};                                                    \
  static void spelunk_fuzz_feed_##name(const std::uint8_t* data, std::size_t size)
#endif
