#!/usr/bin/env bash
# Builds everything with warnings as errors and runs the whole test suite (CTest).
# Usage: scripts/run-tests.sh [ctest arguments...], e.g. scripts/run-tests.sh -L core
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
build=${EGB_BUILD_DIR:-build}
jobs=${EGB_JOBS:-$(nproc)}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DEGB_WERROR=ON
cmake --build "$build" -j "$jobs"
cd "$build"
ctest --output-on-failure -j "$jobs" "$@"
