#!/usr/bin/env bash
# Installs the Debian 12 packages Easy Gemini Balance needs to build, test and run (only those missing).
set -euo pipefail

packages=(
    build-essential cmake ninja-build pkg-config
    qt6-base-dev qt6-base-dev-tools libqt6sql6-sqlite qt6-httpserver-dev qt6-websockets-dev qt6-charts-dev
    qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n qcoro-qt6-dev libgl-dev libqt6opengl6-dev
    qt6-qpa-plugins libqt6svg6 xvfb xauth dpkg-dev help2man
    fonts-wqy-microhei # CJK glyphs for the zh_CN interface (and its screenshots) on a machine without them
    clang libclang-rt-14-dev
    libqt6sql6-psql postgresql-15 openssl # the team pool's backend, and its tests' throwaway cluster (pg-cluster.sh)
    libnghttp2-dev # the tests' HTTPS/HTTP2 fake server (TlsFrontend); openssl above makes its test CA
    dbus-daemon # gui.notifications runs a private session bus (desktop notifications go over D-Bus)
)

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing: ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
