#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ with clang (ASan + UBSan) in a build dir of their own and runs each one for
# EGB_FUZZ_SECONDS (default 60) on a copy of its seed corpus (the repo is never written). Fails when any target
# reports a crash, a leak, undefined behaviour, a timeout or a broken invariant; the input that did it is left in
# <build>/fuzz-artifacts/<target>/. Writes executions and exec/s per target to $EGB_FIGURES_DIR/fuzz.txt.
#
#   scripts/fuzz.sh [build-dir]          (default build-fuzz; EGB_FUZZ_SECONDS, EGB_FIGURES_DIR, EGB_FUZZ_JOBS)
#   scripts/fuzz.sh build-fuzz keyfile   (only some targets)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$(realpath -m "${1:-$root/build-fuzz}")
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(keyfile sseparser response proxyrequest)
seconds=${EGB_FUZZ_SECONDS:-60}
jobs=${EGB_FUZZ_JOBS:-2}
figures=$(realpath -m "${EGB_FIGURES_DIR:-$build/figures}")

started=$(date +%s)
CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER=clang++ -DEGB_BUILD_FUZZERS=ON \
    -DEGB_BUILD_GUI=OFF -DEGB_BUILD_TESTS=OFF -DEGB_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" -j "$jobs" --target "${targets[@]/#/fuzz_}"
built=$(date +%s)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$figures"
summary="$work/fuzz.txt"
echo "libFuzzer (clang, ASan+UBSan), ${seconds} s per target, seed corpora in fuzz/corpus/:" >"$summary"

# Leaks count as failures; UB stops at once with a stack.
export ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=1:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:${UBSAN_OPTIONS:-}"

failed=0
for t in "${targets[@]}"; do
    corpus="$work/corpus/$t"
    artifacts="$build/fuzz-artifacts/$t/"
    rm -rf "$artifacts"
    mkdir -p "$corpus" "$artifacts"
    cp "$root/fuzz/corpus/$t/"* "$corpus/"
    seeds=$(find "$corpus" -type f | wc -l)
    dict=()
    [ -f "$root/fuzz/$t.dict" ] && dict=(-dict="$root/fuzz/$t.dict")
    log="$build/fuzz-$t.log"
    echo "== fuzz_$t for ${seconds} s (log: $log)"
    rc=0
    "$build/fuzz/fuzz_$t" -max_total_time="$seconds" -print_final_stats=1 -error_exitcode=77 -timeout=20 \
        -rss_limit_mb=2048 -artifact_prefix="$artifacts" "${dict[@]}" "$corpus" >"$log" 2>&1 || rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -1)
    found=$(find "$corpus" -type f | wc -l)
    if [ "$rc" -eq 0 ]; then
        verdict="no crash, leak, UB or broken invariant"
    else
        failed=1
        verdict="FAILED (exit $rc; input in $artifacts)"
        grep -E "ERROR: |runtime error|invariant failed|SUMMARY" "$log" | head -5 || true
    fi
    printf '  fuzz_%-10s %10s executions, %6s exec/s, peak RSS %s MB, corpus %s -> %s inputs: %s\n' \
        "$t" "${execs:-?}" "${rate:-?}" "${rss:-?}" "$seeds" "$found" "$verdict" | tee -a "$summary"
done
finished=$(date +%s)
echo "  build $((built - started)) s, fuzzing $((finished - built)) s" | tee -a "$summary"
cp "$summary" "$figures/fuzz.txt"
exit "$failed"
