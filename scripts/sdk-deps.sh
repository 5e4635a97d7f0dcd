#!/usr/bin/env bash
# Installs the official SDKs the proxy tests use as clients (@google/genai, openai; versions in
# tests/proxy/sdk/package.json) into a test folder, not globally: scripts/sdk-deps.sh DIR (CTest runs it as the
# fixture proxy.sdk_setup with DIR = BUILD/node_sdk). Installs Debian's nodejs and npm first when there is no node.
set -euo pipefail
dir=${1:?usage: scripts/sdk-deps.sh DIR}
src="$(cd "$(dirname "$0")/.." && pwd)/tests/proxy/sdk"
mkdir -p "$dir"
cp "$src"/package.json "$src"/*.mjs "$dir"/
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends nodejs npm
fi
cd "$dir"
want_genai=$(node -p "require('./package.json').dependencies['@google/genai']")
want_openai=$(node -p "require('./package.json').dependencies.openai")
have() { node -p "try { require('./node_modules/$1/package.json').version } catch (e) { '' }"; }
if [ "$(have @google/genai)" = "$want_genai" ] && [ "$(have openai)" = "$want_openai" ]; then
    exit 0
fi
npm install --no-audit --no-fund --no-save --omit=dev --loglevel=error
echo "sdk-deps: @google/genai $(have @google/genai), openai $(have openai) in $dir/node_modules"
