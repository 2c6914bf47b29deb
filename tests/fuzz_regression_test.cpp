// Replays every input that once crashed, hung or exhausted memory in a fuzz harness
// (tests/fuzz_regressions/<harness>/<finding>) through the harness itself (fuzz/<harness>.cpp,
// compiled into this binary), in the normal and the sanitizer builds. An input passes when the
// harness returns; the assertions that matter are the sanitizers' and the process surviving.
// What each finding was, and the fix, is in docs/fuzzing.md.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "fuzz/fuzz_harness.hpp"

namespace fs = std::filesystem;

TEST_CASE("fuzz harnesses: every harness is registered and takes empty and tiny inputs") {
  const auto& harnesses = spelunk::fuzz::registry();
  for (const char* name : {"classic_text_reader", "csv_reader", "evtx_reader", "gzip_input",
                           "json_reader", "macros_conf", "props_conf", "saved_store", "spath",
                           "spl_parser", "transforms_conf", "xml_reader"}) {
    INFO(name);
    REQUIRE(harnesses.contains(name));
    const auto feed = harnesses.at(name);
    const std::uint8_t none = 0;
    feed(&none, 0);  // libFuzzer's empty input: a valid pointer, no bytes
    const std::string tiny = "x\n<Event>{\"a\":[1]}\n";
    feed(reinterpret_cast<const std::uint8_t*>(tiny.data()), tiny.size());
  }
}

TEST_CASE("fuzz regressions: every input that once failed a harness now passes through it") {
  const fs::path root = fs::path(SPELUNK_SOURCE_DIR) / "tests" / "fuzz_regressions";
  std::size_t replayed = 0;
  for (const auto& dir : fs::directory_iterator(root)) {
    if (!dir.is_directory()) continue;
    const std::string harness = dir.path().filename().string();
    INFO("harness " << harness);
    REQUIRE(spelunk::fuzz::registry().contains(harness));
    std::vector<fs::path> inputs;
    for (const auto& f : fs::directory_iterator(dir.path()))
      if (f.is_regular_file()) inputs.push_back(f.path());
    std::sort(inputs.begin(), inputs.end());
    for (const fs::path& input : inputs) {
      INFO("input " << input.filename().string());
      std::ifstream in(input, std::ios::binary);
      const std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), {});
      spelunk::fuzz::registry().at(harness)(bytes.data(), bytes.size());
      ++replayed;
    }
  }
  MESSAGE(replayed << " fuzz regression inputs replayed");
}
