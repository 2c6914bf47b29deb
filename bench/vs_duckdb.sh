#!/usr/bin/env bash
# spelunk against DuckDB in one invocation: the seed search (issue 4), the two stats queries
# (issue 5) and tstats over the Endpoint.Processes data model (issue 11) over the same generated
# events, then the ratios spelunk / DuckDB.
#
#   bash bench/vs_duckdb.sh [EVENTS]        # default 1000000; from the repository root
#
# Needs a Release/RelWithDebInfo build in build/ (scripts/setup.sh) and node + npm for DuckDB's
# official Node client (bench/duckdb/package.json). Data goes to ${TMPDIR:-/tmp}.
set -euo pipefail
events=${1:-1000000}
tmp=${TMPDIR:-/tmp}
xml="$tmp/sysmon_${events}.xml"
csv="$tmp/events_${events}.csv"
runs=11

cmake --build build --target gen_sysmon search_bench stats_bench tstats_bench >/dev/null
[[ -s "$xml" ]] || build/bench/gen_sysmon --events "$events" --seed 1 >"$xml"
(cd bench/duckdb && [[ -d node_modules ]] || npm ci --silent)

echo "machine: nproc=$(nproc), $(uname -m), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "== spelunk: seed search =="
build/bench/search_bench "$xml" --runs "$runs" --csv "$csv" | tee "$tmp/spelunk_search.txt"
echo
echo "== DuckDB: seed search =="
(cd bench/duckdb && node seed_search.mjs "$csv" "$runs") | tee "$tmp/duckdb_search.txt"
echo
echo "== spelunk: stats =="
build/bench/stats_bench "$xml" --runs "$runs" | tee "$tmp/spelunk_stats.txt"
echo
echo "== DuckDB: stats =="
(cd bench/duckdb && node stats_group_by.mjs "$csv" "$runs") | tee "$tmp/duckdb_stats.txt"
echo
echo "== spelunk: tstats =="
build/bench/tstats_bench "$xml" --runs "$runs" --csv "$tmp/procs_${events}.csv" | tee "$tmp/spelunk_tstats.txt"
echo
echo "== DuckDB: GROUP BY dest, process_name over the Processes dataset's rows =="
(cd bench/duckdb && node tstats_group_by.mjs "$tmp/procs_${events}.csv" "$runs") | tee "$tmp/duckdb_tstats.txt"
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

median() { grep -m1 -oP "$2[^0-9]*median of [0-9]+ runs \K[0-9.]+" "$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
s=$(grep -oP '^median of [0-9]+ runs \K[0-9.]+' "$tmp/spelunk_search.txt")
d=$(grep -oP '^median of [0-9]+ runs \K[0-9.]+' "$tmp/duckdb_search.txt")
echo
echo "| query | spelunk ms | DuckDB ms | spelunk / DuckDB |"
echo "|---|---|---|---|"
echo "| seed search (T1049-sysmon.spl) | $s | $d | $(ratio "$s" "$d") |"
for q in 'stats count by host' 'stats dc\(process_name\) values\(cmdline\) by host'; do
  # spelunk: the whole pipeline (search *, view, stats), as a user runs it.
  sp=$(grep -A2 -P "\| $q\$" "$tmp/spelunk_stats.txt" | grep -oP 'whole pipeline.*median \K[0-9.]+')
  dk=$(grep -oP "^$q: median of [0-9]+ runs \K[0-9.]+" "$tmp/duckdb_stats.txt")
  echo "| ${q//\\/} | $sp | $dk | $(ratio "$sp" "$dk") |"
done
ts=$(grep -A1 '^| tstats' "$tmp/spelunk_tstats.txt" | grep -oP 'median of [0-9]+ runs \K[0-9.]+')
raw=$(grep -A1 '^tag=process' "$tmp/spelunk_tstats.txt" | grep -oP 'median of [0-9]+ runs \K[0-9.]+')
dk=$(grep -oP 'median of [0-9]+ runs \K[0-9.]+' "$tmp/duckdb_tstats.txt")
echo "| tstats count from datamodel=Endpoint.Processes by Processes.dest Processes.process_name | $ts | $dk | $(ratio "$ts" "$dk") |"
echo "| (spelunk: tag=process tag=report \| stats count by dest process_name) | $raw | | tstats / it: $(ratio "$ts" "$raw") |"
