#!/usr/bin/env bash
# Builds spelunk, then runs the seed's two T1049 searches over the sample data shipped in the repo.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
for q in queries/T1049-sysmon.spl queries/T1049-powershell.spl; do
  echo "== $q"
  build/spelunk -d samples/ -f "$q"
done
