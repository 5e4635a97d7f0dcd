#!/usr/bin/env bash
# Builds the Debian package with CPack, installs it on this machine (dpkg -i, then apt-get -f install for missing
# dependencies) and runs both installed programs: `egb --help`/`--version`, and the desktop app under Xvfb until its
# main window is mapped. Fails on any error. Needs root (or sudo) because it installs the package.
# Environment: EGB_BUILD_DIR (default build), EGB_JOBS, EGB_CMAKE_ARGS (extra configure arguments),
#              EGB_KEEP_PACKAGE=1 to leave the package installed afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."

build=${EGB_BUILD_DIR:-build}
jobs=${EGB_JOBS:-$(nproc)}
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive

fail() {
    echo "package-test: FAIL: $*" >&2
    exit 1
}

# dpkg-shlibdeps (dpkg-dev) computes the shared-library dependencies; xvfb-run and xwininfo run and see the window.
tools=(dpkg-dev xvfb xauth x11-utils appstream help2man man-db)
missing=()
for p in "${tools[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# shellcheck disable=SC2086 # EGB_CMAKE_ARGS is a list of arguments
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo ${EGB_CMAKE_ARGS:-}
cmake --build "$build" -j "$jobs"
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")
[ -n "$version" ] || fail "no project version in $build/CMakeCache.txt"

rm -f "$build"/easy-gemini-balance_*.deb
(cd "$build" && cpack -G DEB) || fail "cpack could not build the package"
debs=("$build"/easy-gemini-balance_"$version"_*.deb)
deb=${debs[0]}
[ -f "$deb" ] || fail "cpack made no easy-gemini-balance_${version}_*.deb"
echo "== $deb"
dpkg-deb --field "$deb" Package Version Architecture Depends Recommends

depends=$(dpkg-deb --field "$deb" Depends)
for dep in libqt6sql6-sqlite qt6-qpa-plugins libqt6svg6 libqt6widgets6 libqt6network6 libqcoro6network0 libc6; do
    grep -q "\b$dep\b" <<<"$depends" || fail "Depends lacks $dep: $depends"
done
contents=$(dpkg-deb --contents "$deb")
for path in ./usr/bin/easy-gemini-balance ./usr/bin/egb ./usr/share/applications/easy-gemini-balance.desktop \
    ./usr/share/icons/hicolor/scalable/apps/easy-gemini-balance.svg \
    ./usr/share/metainfo/org.easygeminibalance.EasyGeminiBalance.metainfo.xml ./usr/share/man/man1/egb.1.gz; do
    grep -q " $path\$" <<<"$contents" || fail "the package lacks $path"
done

if ! $sudo dpkg -i "$deb"; then
    echo "== dpkg -i left dependencies missing; installing them with apt-get -f install"
    $sudo apt-get update -qq
    $sudo apt-get install -f -y -qq --no-install-recommends
fi
status=$(dpkg-query -W -f='${Status} ${Version}' easy-gemini-balance)
[ "$status" = "install ok installed $version" ] || fail "the package is not installed: $status"
if [ "${EGB_KEEP_PACKAGE:-0}" != 1 ]; then
    trap '$sudo dpkg -r easy-gemini-balance >/dev/null || true' EXIT
fi

if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate /usr/share/applications/easy-gemini-balance.desktop || fail "invalid .desktop file"
fi
grep -q '^Exec=easy-gemini-balance' /usr/share/applications/easy-gemini-balance.desktop ||
    fail "the .desktop file does not start easy-gemini-balance"
appstreamcli validate --no-net /usr/share/metainfo/org.easygeminibalance.EasyGeminiBalance.metainfo.xml ||
    fail "invalid AppStream metainfo"
# The man page renders, and names the commands egb --help lists.
man_text=$(MANWIDTH=120 man -l /usr/share/man/man1/egb.1.gz 2>/dev/null) || fail "man egb does not render"
for word in import batch check; do
    grep -qw "$word" <<<"$man_text" || fail "the egb(1) man page does not mention $word"
done

# Run the installed programs with a throw-away home: they must not touch a real user's keys.
home=$(mktemp -d)
export HOME=$home XDG_CONFIG_HOME=$home/.config XDG_DATA_HOME=$home/.local/share XDG_CACHE_HOME=$home/.cache
export XDG_RUNTIME_DIR=$home/.runtime
mkdir -m 0700 "$XDG_RUNTIME_DIR"
export LC_ALL=C.UTF-8 LANG=C.UTF-8
unset LANGUAGE

echo "== egb --help"
/usr/bin/egb --help >"$home/egb-help.txt" || fail "egb --help failed"
head -n 5 "$home/egb-help.txt"
grep -qi "usage" "$home/egb-help.txt" || fail "egb --help printed no usage"
/usr/bin/egb --version | grep -qF "$version" || fail "egb --version does not say $version"
# The translation is embedded in the program: a Chinese desktop gets Chinese help.
LANGUAGE=zh_CN /usr/bin/egb --help | grep -q "用法" || fail "egb --help is not in Chinese with LANGUAGE=zh_CN"

echo "== easy-gemini-balance --help in Chinese (the saved or desktop language is applied before any text)"
LANGUAGE=zh_CN timeout 60 xvfb-run -a /usr/bin/easy-gemini-balance --help | grep -q "密钥池" ||
    fail "easy-gemini-balance --help is not in Chinese with LANGUAGE=zh_CN"

echo "== easy-gemini-balance --version"
timeout 60 xvfb-run -a /usr/bin/easy-gemini-balance --version | grep -qF "$version" ||
    fail "easy-gemini-balance --version does not say $version"

# Start the app for real and wait until its main window is mapped on the X server, in English and in Chinese.
check_window() {
    local language=$1 # Qt takes the interface language from LANGUAGE before LC_ALL/LANG
    LANGUAGE=$language timeout 90 xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
        /usr/bin/easy-gemini-balance >"$HOME/app.log" 2>&1 &
        app=$!
        for _ in $(seq 1 150); do
            if ! kill -0 "$app" 2>/dev/null; then
                echo "the app exited before showing a window:"; cat "$HOME/app.log"; exit 1
            fi
            for id in $(xwininfo -root -tree | grep -F "\"easy-gemini-balance\"" | awk "{print \$1}"); do
                if xwininfo -id "$id" | grep -q "Map State: IsViewable"; then
                    xwininfo -id "$id" | grep -E "xwininfo:|Width|Height" | sed "s/^/  /"
                    kill -TERM "$app"; wait "$app" || true
                    exit 0
                fi
            done
            sleep 0.2
        done
        echo "no main window after 30 s:"; cat "$HOME/app.log"; kill -KILL "$app"; exit 1
    ' || fail "easy-gemini-balance did not show its window (LANGUAGE=$language)"
}
echo "== easy-gemini-balance shows its window (English)"
check_window en_US
echo "== easy-gemini-balance shows its window (Simplified Chinese)"
check_window zh_CN

rm -rf "$home"
echo "package-test: OK ($deb)"
