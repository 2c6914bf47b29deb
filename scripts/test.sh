#!/usr/bin/env bash
# Builds and runs every test twice: in build/ (the demo's build, reused: same flags, only the
# test binary is added), then in build-sanitize/ under address and undefined-behaviour sanitizers;
# then every fuzz harness briefly over its seeds (clang-14 build in build-fuzz/, docs/fuzzing.md).
# Warnings are errors. ctest runs one entry per test case, two at a time; it starts two ClickHouse
# servers for the ClickHouse cases and stops them after (CMakeLists.txt, the `clickhouse` fixture).
# Tests that need ../shared skip without it, except under CI=true, where its absence fails the run
# (point SPELUNK_SHARED at it when it lives elsewhere).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --tests
ctest --test-dir build --output-on-failure -j 2
scripts/setup.sh --sanitize
ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$PWD/scripts/lsan.supp \
  UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-sanitize --output-on-failure -j 2
# Each libFuzzer harness for 10 s over its seed corpus: a crash, hang or leak that a change
# brings back fails CI. SPELUNK_FUZZ_SECONDS=0 skips this step.
if [ "${SPELUNK_FUZZ_SECONDS:-10}" != 0 ]; then scripts/fuzz.sh smoke "${SPELUNK_FUZZ_SECONDS:-10}"; fi
