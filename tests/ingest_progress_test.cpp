// The ingest progress line: its text, drawn on its own thread after a delay and rewritten in
// place, erased at the end; nothing at all when the output is not a terminal.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

#include "storage/ingest/progress.hpp"

using namespace spelunk;

namespace {

std::string contents(std::FILE* f) {
  std::fflush(f);
  std::rewind(f);
  std::string out;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) out.append(buf, n);
  std::fseek(f, 0, SEEK_END);
  return out;
}

}  // namespace

TEST_CASE("progress line: files, events and megabytes done of the total") {
  ProgressLine::Options quiet;
  quiet.out = std::tmpfile();
  REQUIRE(quiet.out);
  {
    ProgressLine p(3, 12'000'000, quiet);
    p.unit_done(false, 100, 2'000'000);  // a range of a file split in parts
    p.unit_done(true, 250, 4'000'000);   // its last range
    const std::string t = p.text();
    CHECK(t.rfind("ingest: 1/3 files, 350 events, 6/12 MB, ", 0) == 0);
    CHECK(t.ends_with(" MB/s"));
  }
  CHECK(contents(quiet.out).empty());  // a file is no terminal: nothing drawn, nothing erased
  std::fclose(quiet.out);
}

TEST_CASE("progress line: drawn in place after the first delay, then erased") {
  ProgressLine::Options options;
  options.out = std::tmpfile();
  REQUIRE(options.out);
  options.only_on_terminal = false;
  options.first = std::chrono::milliseconds(0);
  options.every = std::chrono::milliseconds(5);
  {
    ProgressLine p(2, 1'000'000, options);
    p.unit_done(true, 42, 500'000);
    // Wait (bounded) for a redraw that shows the unit: the drawing thread runs on its own clock.
    const std::string expected = "\r\033[Kingest: 1/2 files, 42 events, 0/1 MB, ";
    for (int i = 0; i < 2000 && contents(options.out).find(expected) == std::string::npos; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    CHECK(contents(options.out).find(expected) != std::string::npos);
  }
  const std::string all = contents(options.out);
  CHECK(all.rfind("\r\033[Kingest: ", 0) == 0);
  CHECK(all.ends_with("\r\033[K"));  // the line is erased when the ingest ends
  CHECK(all.find('\n') == std::string::npos);  // always rewritten in place
  std::fclose(options.out);
}
