#!/usr/bin/env bash
# Installs the Debian packages spelunk needs (only the missing ones), then configures and builds
# only what is asked for. Every build uses the same flags (warnings are errors, as in CI), so the
# demo's build is reused by the tests: each file is compiled at most twice, normal and sanitized.
#   scripts/setup.sh               -> build/spelunk                       (what the demo runs)
#   scripts/setup.sh --tests       -> build/spelunk, build/spelunk_tests  (+ the test-only packages)
#   scripts/setup.sh --sanitize    -> the same in build-sanitize/ under -fsanitize=address,undefined
# ccache is used when present (it is one of the packages below). On a shared machine, set
# SPELUNK_BUILD_WRAPPER to a command that takes `<build-dir> [cmake --build args]` and builds
# (e.g. one that queues and limits jobs); by default cmake --build runs with one job per core.
set -euo pipefail
cd "$(dirname "$0")/.."

# What building and running spelunk needs (the demo).
PACKAGES=(g++ cmake ninja-build pkg-config ccache tao-pegtl-dev libpugixml-dev libfmt-dev doctest-dev
          libre2-dev libzstd-dev libedit-dev libssl-dev libsimdjson-dev zlib1g-dev libxxhash-dev
          libpcre2-dev libmaxminddb-dev libcurl4-openssl-dev
          libyaml-cpp-dev)  # libyaml-cpp-dev: detection repositories in Splunk's YAML format (cli/contentctl/)

# Only the tests (and CI) need these; spelunk itself never uses them. Append yours here, one per
# line, with the test that needs it.
TEST_PACKAGES=(
  chromium  # tests/html_browser_test.cpp renders the -o html / test --html pages headless
  clang-14 libclang-rt-14-dev  # scripts/fuzz.sh: the libFuzzer harnesses' smoke run in scripts/test.sh
  libmaxmind-db-writer-perl  # tests/cmd_iplocation_test.cpp builds its small .mmdb (tests/data/make_test_mmdb.pl)
  clickhouse-server clickhouse-client  # tests/clickhouse_*_test.cpp: two servers (scripts/clickhouse-test-servers.sh)
)

build=build; flags=(); targets=(--target spelunk); want_tests=0
for arg in "$@"; do
  case "$arg" in
    --tests) want_tests=1 ;;
    --sanitize) want_tests=1; build=build-sanitize; flags+=(-DSPELUNK_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug) ;;
    --werror) ;;  # accepted for older callers: every build has warnings as errors now
    *) echo "setup: unknown option $arg" >&2; exit 2 ;;
  esac
done
[ "$want_tests" = 1 ] && targets=(--target spelunk spelunk_tests)

wanted=("${PACKAGES[@]}")
[ "$want_tests" = 1 ] && wanted+=("${TEST_PACKAGES[@]}")
missing=()
for p in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

command -v ccache >/dev/null && flags+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S . -B "$build" -G Ninja -DSPELUNK_WERROR=ON "${flags[@]}" >/dev/null
if [ -n "${SPELUNK_BUILD_WRAPPER:-}" ]; then
  $SPELUNK_BUILD_WRAPPER "$build" "${targets[@]}"
else
  cmake --build "$build" -j "$(nproc)" "${targets[@]}"
fi
