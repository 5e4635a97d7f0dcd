#!/usr/bin/env bash
# Hunts flaky tests: runs one Qt Test binary RUNS times, COPIES copies at once (the copies load the machine the
# way a busy CI runner does), and counts the runs that failed. Exit status 1 when any run failed; the logs of
# failed runs are kept in a folder it names.
#
#   scripts/repeat-test.sh build/tests/gui/tst_mainwindow                       # 50 rounds of 2 parallel copies
#   RUNS=30 COPIES=3 scripts/repeat-test.sh build/tests/gui/tst_mainwindow importThroughTheFileDialog
# Arguments after the binary go to it (test function names). Environment: RUNS (rounds, default 50),
# COPIES (copies per round, default 2), QT_QPA_PLATFORM (default offscreen).
set -euo pipefail

[ $# -ge 1 ] || { echo "usage: $0 <test binary> [test functions...]" >&2; exit 2; }
binary=$1
shift
[ -x "$binary" ] || { echo "no test binary at $binary (build it first)" >&2; exit 2; }
runs=${RUNS:-50}
copies=${COPIES:-2}
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
export EGB_FIGURES_DIR=${EGB_FIGURES_DIR:-$(mktemp -d)}

logs=$(mktemp -d)
failed=0
start=$(date +%s)
for round in $(seq "$runs"); do
    pids=()
    for copy in $(seq "$copies"); do
        "$binary" "$@" >"$logs/run-$round-$copy.log" 2>&1 &
        pids+=("$!")
    done
    for i in "${!pids[@]}"; do
        if wait "${pids[$i]}"; then
            rm -f "$logs/run-$round-$((i + 1)).log"
        else
            failed=$((failed + 1))
            echo "round $round copy $((i + 1)) failed:" >&2
            grep -E '^(FAIL!|   Loc:)' "$logs/run-$round-$((i + 1)).log" >&2 || true
        fi
    done
done
total=$((runs * copies))
echo "$(basename "$binary") $*: $failed of $total runs failed ($runs rounds x $copies copies, $(($(date +%s) - start)) s)"
if [ "$failed" -gt 0 ]; then
    echo "logs of the failed runs: $logs" >&2
    exit 1
fi
rm -rf "$logs"
