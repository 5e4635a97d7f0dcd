#!/usr/bin/env bash
# Prints the figures the reliability runs left behind (soak, crash consistency, hostile files, sanitizers, fuzzing),
# one block per file of <build-dir>/figures/, so the end of a CI log says what was proven and how hard it was pushed.
# Usage: scripts/reliability-summary.sh STARTED_EPOCH_SECONDS BUILD_DIR...
set -euo pipefail
cd "$(dirname "$0")/.."
started=$1
shift
echo
echo "================================ Reliability figures ================================"
found=0
for build in "$@"; do
    for f in "$build"/figures/*.txt; do
        [ -f "$f" ] || continue
        found=1
        echo
        echo "--- $(basename "$f" .txt) ($build) ---"
        cat "$f"
    done
done
if [ "$found" -eq 0 ]; then
    echo "No figures found in: $*" >&2
    exit 1
fi
echo
echo "CI wall time: $(( ($(date +%s) - started) / 60 )) min $(( ($(date +%s) - started) % 60 )) s"
