#!/usr/bin/env bash
# Builds the project with AddressSanitizer + UndefinedBehaviorSanitizer (EGB_SANITIZE=ON, warnings as errors, no
# benchmarks) in a separate build directory and runs the whole CTest suite under them. Every process the tests start
# (the tests themselves, the egb binary that tests/cli spawns, the fake server) writes its sanitizer reports into one
# folder; the run fails if any test fails or if that folder holds any report, so an ASan/LSan report in a child process
# whose exit status a test ignores still fails CI. (g++ 12's UBSan ignores log_path when linked with ASan: its reports
# go to stderr and abort the process, which fails the test; the script also counts them in the CTest output.)
# Leak suppressions (system libraries only): scripts/lsan-suppressions.txt.
# Writes $EGB_FIGURES_DIR/sanitizers.txt (default <build>/figures): tests run and passed, reports, build and run time.
# Usage: scripts/sanitize.sh [ctest arguments...]
# Environment: EGB_SANITIZE_BUILD_DIR (default build-asan), EGB_JOBS (default nproc), EGB_FIGURES_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
scripts/deps.sh

build=${EGB_SANITIZE_BUILD_DIR:-build-asan}
jobs=${EGB_JOBS:-$(nproc)}
mkdir -p "$build"
build=$(cd "$build" && pwd)
figures=${EGB_FIGURES_DIR:-$build/figures}
mkdir -p "$figures"
reports=$build/sanitizer-reports
rm -rf "$reports"
mkdir -p "$reports"

# -O1 -g: fast enough to run the suite, precise enough stack traces; no -DNDEBUG, so assert() stays armed.
start=$(date +%s)
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" \
    -DEGB_SANITIZE=ON -DEGB_WERROR=ON -DEGB_BUILD_BENCH=OFF -DEGB_BUILD_TESTS=ON
cmake --build "$build" -j "$jobs"
built=$(date +%s)

# detect_stack_use_after_return is safe with C++20 coroutines: their frames live on the heap, not on a switched stack.
# log_path sends each process's report to $reports/<tool>.<pid> instead of stderr only; they are printed below.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:halt_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1:detect_invalid_pointer_pairs=0:log_path=$reports/asan"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:abort_on_error=1"
export LSAN_OPTIONS="suppressions=$root/scripts/lsan-suppressions.txt:print_suppressions=0"

log=$build/sanitize-ctest.log
set +e
(cd "$build" && ctest --output-on-failure -j "$jobs" "$@") 2>&1 | tee "$log"
ctest_status=${PIPESTATUS[0]}
set -e
finished=$(date +%s)

summary=$(grep -E '^[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -n 1 || true)
total=$(sed -E 's/.* out of ([0-9]+).*/\1/' <<<"$summary")
failed=$(sed -E 's/.*passed, ([0-9]+) tests? failed.*/\1/' <<<"$summary")
[ -n "$summary" ] || { total=0; failed=0; }
passed=$((total - failed))

report_files=("$reports"/*)
[ -e "${report_files[0]}" ] || report_files=()
for f in "${report_files[@]}"; do
    echo "===== sanitizer report $(basename "$f") ====="
    cat "$f"
done
# Reports printed on stderr (UBSan's, and any a test relayed) appear in the CTest output.
stderr_reports=$(grep -cE 'runtime error: |^==[0-9]+==ERROR: (Address|Leak|UndefinedBehavior)Sanitizer' "$log" || true)
report_count=$((${#report_files[@]} + stderr_reports))

{
    echo "AddressSanitizer + UndefinedBehaviorSanitizer (g++ $(g++ -dumpfullversion), -O1 -g, -fno-sanitize-recover=all)"
    echo "tests run:          $total"
    echo "tests passed:       $passed"
    echo "sanitizer reports:  $report_count"
    echo "build time:         $((built - start)) s (-j$jobs)"
    echo "test run time:      $((finished - built)) s (ctest -j$jobs)"
} >"$figures/sanitizers.txt"
cat "$figures/sanitizers.txt"

if [ "$report_count" -gt 0 ]; then
    echo "sanitize: FAIL: $report_count sanitizer report(s), printed above" >&2
    exit 1
fi
if [ "$ctest_status" -ne 0 ] || [ -z "$summary" ]; then
    echo "sanitize: FAIL: the test suite did not pass under the sanitizers" >&2
    exit 1
fi
echo "sanitize: OK"
