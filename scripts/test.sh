#!/usr/bin/env bash
# Builds spelunk and runs every test twice: a normal build, then under address and
# undefined-behaviour sanitizers; then every fuzz harness briefly over its seeds (clang build in
# build-fuzz/, docs/fuzzing.md). Warnings are errors. Tests that need ../shared skip without it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --werror
ctest --test-dir build --output-on-failure
scripts/setup.sh --werror --sanitize
ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$PWD/scripts/lsan.supp \
  UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-sanitize --output-on-failure
# Each libFuzzer harness for 20 s over its seed corpus: a crash, hang or leak that a change
# brings back fails CI. SPELUNK_FUZZ_SECONDS=0 skips this step.
if [ "${SPELUNK_FUZZ_SECONDS:-20}" != 0 ]; then scripts/fuzz.sh smoke "${SPELUNK_FUZZ_SECONDS:-20}"; fi
