#!/usr/bin/env bash
# Builds spelunk and runs every test twice: a normal build, then under address and
# undefined-behaviour sanitizers. Warnings are errors. Tests that need ../shared skip without it.
# ctest starts two ClickHouse servers for the ClickHouse tests and stops them after (CMakeLists.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --werror --test-deps
ctest --test-dir build --output-on-failure
scripts/setup.sh --werror --sanitize
ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$PWD/scripts/lsan.supp \
  UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-sanitize --output-on-failure
