#!/usr/bin/env bash
# Installs what is missing, builds, and starts the Easy Gemini Balance desktop app.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
build=${EGB_BUILD_DIR:-build}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build "$build" -j "${EGB_JOBS:-$(nproc)}" --target easy-gemini-balance egb
exec "$build/src/app/easy-gemini-balance" "$@"
