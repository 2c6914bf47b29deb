// Where the tests find what lives outside the repository, and what they do when it is missing.
//
// ../shared (real event logs, the SPL corpus, the seed) is found at $SPELUNK_SHARED, else next
// to the source tree. A test that needs it, or a test-only tool (headless Chromium), skips with a
// message when it is absent, except under CI (CI=true): there a missing input FAILS the run, so
// that a CI page never shows a green run that tested nothing.
#pragma once

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace spelunk::test {

inline std::string shared_dir() {
  if (const char* env = std::getenv("SPELUNK_SHARED"); env && *env) return env;
  return std::string(SPELUNK_SOURCE_DIR) + "/../shared";
}

inline bool in_ci() {
  const char* ci = std::getenv("CI");
  return ci && (std::string(ci) == "true" || std::string(ci) == "1");
}

// True when `path` exists. Otherwise: a failure under CI, a skip message elsewhere; `what` says
// what it is and how to get it.
inline bool available(const std::string& path, const std::string& what) {
  if (std::filesystem::exists(path)) return true;
  if (in_ci()) FAIL_CHECK(path << " is missing (" << what << "); under CI=true that fails instead of skipping");
  else MESSAGE("skipped: " << path << " is absent (" << what << ")");
  return false;
}

// `path` under ../shared, checked as above.
inline bool shared_available(const std::string& path) {
  return available(path, "test data from ../shared: set SPELUNK_SHARED to that folder");
}

}  // namespace spelunk::test
