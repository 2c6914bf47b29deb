#!/usr/bin/env bash
# Builds spelunk (only the binary it runs), then runs the seed's two T1049 searches over the
# sample data shipped in the repo, and explains the one that cannot match as written.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
for q in queries/T1049-sysmon.spl queries/T1049-powershell.spl; do
  echo "== $q"
  build/spelunk -d samples/ -f "$q"
done
echo "== why the PowerShell search finds so little: spelunk explain -d samples/ -f queries/T1049-powershell.spl"
build/spelunk explain -d samples/ -f queries/T1049-powershell.spl 2>/dev/null | sed -n '/^findings:/,$p'
