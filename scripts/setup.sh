#!/usr/bin/env bash
# Installs the Debian packages spelunk needs (only the missing ones), then configures and builds.
#   scripts/setup.sh                 -> build/            (release with debug info)
#   scripts/setup.sh --sanitize      -> build-sanitize/   (-fsanitize=address,undefined)
#   scripts/setup.sh --werror        warnings are errors (what CI uses)
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(g++ cmake ninja-build pkg-config tao-pegtl-dev libpugixml-dev libfmt-dev doctest-dev
          libre2-dev libzstd-dev libedit-dev libssl-dev libsimdjson-dev zlib1g-dev
          libxxhash-dev libyaml-cpp-dev
          # Test-only (issue 15): clang and its libFuzzer runtime, for the fuzz harnesses'
          # smoke run in scripts/test.sh (scripts/fuzz.sh). spelunk itself never needs them.
          clang-14 libclang-rt-14-dev)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

build=build; flags=(); targets=()
for arg in "$@"; do
  case "$arg" in
    # The sanitizer build exists to run the tests: the benchmarks are left out of it.
    --sanitize) build=build-sanitize; flags+=(-DSPELUNK_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug)
                targets=(--target spelunk spelunk_tests) ;;
    --werror) flags+=(-DSPELUNK_WERROR=ON) ;;
    *) echo "setup: unknown option $arg" >&2; exit 2 ;;
  esac
done
cmake -S . -B "$build" -G Ninja "${flags[@]}" >/dev/null
cmake --build "$build" -j "$(nproc)" "${targets[@]}"
