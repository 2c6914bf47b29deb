#!/usr/bin/env bash
# libFuzzer harnesses (fuzz/*.cpp) with ASan and UBSan, built with clang-14 in build-fuzz/.
# Nothing here runs unless asked; CI runs `smoke` (scripts/test.sh). Details: docs/fuzzing.md.
#
#   scripts/fuzz.sh build               configure build-fuzz/ (clang-14) and build every harness
#   scripts/fuzz.sh seeds               write the seed corpora to build-fuzz/seeds/<harness>/
#                                       (from ../shared, the SPL corpus and the repository)
#   scripts/fuzz.sh smoke [SECONDS]     build, seeds, then every harness for SECONDS (default 20)
#                                       over its seeds; fails on the first crash, hang or leak
#   scripts/fuzz.sh run NAME [ARGS...]  one long campaign of harness NAME (libFuzzer ARGS, e.g.
#                                       -runs=10000000 -max_total_time=3600), under nice -n 19;
#                                       corpus in build-fuzz/corpus/NAME, findings in
#                                       build-fuzz/findings/NAME/
#   scripts/fuzz.sh list                the harness names
#
# Environment: SPELUNK_BUILD overrides the build command (default `cmake --build`; it is given
# the build folder and the targets); SPELUNK_FUZZ_BUILD_DIR the build folder (build-fuzz);
# SPELUNK_SHARED names ../shared.
set -euo pipefail
cd "$(dirname "$0")/.."

build=${SPELUNK_FUZZ_BUILD_DIR:-build-fuzz}
shared=${SPELUNK_SHARED:-../shared}
harnesses() { for f in fuzz/*.cpp; do basename "$f" .cpp; done; }

# Every harness stops an input after 10 s (a hang) or 2 GiB resident (a memory blowup); leaks
# are findings too. The corpus' macros stand beside the spl_parser harness's own.
common_options() {
  local name=$1
  echo "-timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=2048 -detect_leaks=1 -print_final_stats=1 \
-dict=fuzz/dict/$name.dict -artifact_prefix=$build/findings/$name/"
}
export SPELUNK_FUZZ_MACROS="$PWD/$build/seeds/macros.conf"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

do_build() {
  if [ ! -f "$build/build.ninja" ]; then
    launcher=(); command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
    CC=clang-14 CXX=clang++-14 cmake -S . -B "$build" -G Ninja -DSPELUNK_FUZZ=ON \
      -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" >/dev/null
  fi
  targets=(fuzz_make_seeds)
  for h in $(harnesses); do targets+=("fuzz_$h"); done
  ${SPELUNK_BUILD:-cmake --build} "$build" --target "${targets[@]}"
}

do_seeds() {
  rm -rf "$build/seeds"
  "$build/fuzz/make_seeds" "$build/seeds" "$PWD" "$shared"
}

run_harness() {
  local name=$1; shift
  mkdir -p "$build/corpus/$name" "$build/findings/$name"
  # shellcheck disable=SC2046
  nice -n 19 "$build/fuzz/$name" $(common_options "$name") "$@" \
    "$build/corpus/$name" "$build/seeds/$name"
}

case "${1:-}" in
  build) do_build ;;
  seeds) do_seeds ;;
  list) harnesses ;;
  smoke)
    seconds=${2:-20}
    do_build
    do_seeds
    failed=()
    for h in $(harnesses); do
      start=$SECONDS
      if run_harness "$h" -max_total_time="$seconds" >"$build/smoke-$h.log" 2>&1; then
        echo "fuzz smoke: $h ok ($(grep -o 'stat::number_of_executed_units: *[0-9]*' "$build/smoke-$h.log" | grep -o '[0-9]*$') runs, $((SECONDS - start)) s)"
      else
        echo "fuzz smoke: $h FAILED; the input is in $build/findings/$h/, the log in $build/smoke-$h.log"
        grep -E 'ERROR|SUMMARY|Test unit written' "$build/smoke-$h.log" | head -5
        failed+=("$h")
      fi
    done
    [ ${#failed[@]} -eq 0 ] || { echo "fuzz smoke: failed: ${failed[*]}"; exit 1; } ;;
  run)
    [ $# -ge 2 ] || { echo "usage: scripts/fuzz.sh run NAME [libFuzzer options]" >&2; exit 2; }
    name=$2; shift 2
    [ -x "$build/fuzz/$name" ] || { echo "fuzz: no harness $name (scripts/fuzz.sh build; list)" >&2; exit 2; }
    [ -d "$build/seeds/$name" ] || do_seeds
    run_harness "$name" "$@" ;;
  *) sed -n '2,18p' "$0" >&2; exit 2 ;;
esac
