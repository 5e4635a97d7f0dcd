#!/usr/bin/env bash
# Takes a PNG of each page of the desktop app into docs/ (screenshot-<page>.png), under Xvfb, with a throw-away
# database of a few hundred demo keys in mixed states. Your own settings and keys are never touched.
#
#   scripts/screenshots.sh                       # every page: overview keys chat batch history requests proxy settings about
#   scripts/screenshots.sh overview keys         # only these
#   EGB_DEMO_KEYS=0 EGB_SCREENSHOT_DIR=/tmp/shots scripts/screenshots.sh keys   # the first-run (empty pool) page
# Environment: EGB_BUILD_DIR (default build), EGB_APP (an already built binary), EGB_SCREENSHOT_DIR (default docs),
#              EGB_DEMO_KEYS (default 300; 0 = an empty pool), EGB_SCREENSHOT_SIZE (window size, default 1280x800),
#              EGB_JOBS (build parallelism, default 2), EGB_SCREENSHOT_LOCALE (default C.UTF-8; zh_CN.UTF-8 for the
#              Simplified Chinese shots in docs/zh_CN: the app follows the system language).
set -euo pipefail
cd "$(dirname "$0")/.."

build=${EGB_BUILD_DIR:-build}
app=${EGB_APP:-$build/src/app/easy-gemini-balance}
outdir=${EGB_SCREENSHOT_DIR:-docs}
count=${EGB_DEMO_KEYS:-300}
locale=${EGB_SCREENSHOT_LOCALE:-C.UTF-8}
pages=("$@")
[ ${#pages[@]} -gt 0 ] || pages=(overview keys chat batch history requests proxy settings about)

command -v xvfb-run >/dev/null || { echo "xvfb-run is missing: install xvfb and xauth (scripts/deps.sh)" >&2; exit 1; }
if [ -z "${EGB_APP:-}" ]; then
    [ -f "$build/build.ninja" ] || cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
    cmake --build "$build" -j "${EGB_JOBS:-2}" --target easy-gemini-balance
fi
[ -x "$app" ] || { echo "no application at $app" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Demo keys made up here, at run time: "AIza" + 35 random characters. They are not real keys.
keys="$tmp/demo-keys.txt"
for _ in $(seq "$count"); do
    printf 'AIza%s\n' "$(LC_ALL=C tr -dc 'A-Za-z0-9_-' </dev/urandom | head -c 35)"
done >"$keys"
[ "$count" -gt 0 ] || keys="" # no seed: the window shows its first-run guidance

mkdir -p "$outdir"
status=0
for page in "${pages[@]}"; do
    run="$tmp/$page"
    mkdir -p "$run/config" "$run/data" "$run/runtime"
    chmod 700 "$run/runtime"
    out="$outdir/screenshot-$page.png"
    # A fresh home for settings and database per page, so every shot starts from the same demo state.
    if XDG_CONFIG_HOME="$run/config" XDG_DATA_HOME="$run/data" XDG_RUNTIME_DIR="$run/runtime" LC_ALL="$locale" \
        EGB_SCREENSHOT_PAGE="$page" EGB_SCREENSHOT_OUT="$out" EGB_SCREENSHOT_SEED="$keys" \
        timeout 120 xvfb-run -a -s "-screen 0 1440x900x24" "$app" --database "$run/data/keys.db"; then
        echo "$out"
    else
        echo "could not take $page (exit $?): see the message above" >&2
        status=1
    fi
done
exit $status
