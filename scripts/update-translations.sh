#!/usr/bin/env bash
# Brings translations/*.ts up to date with the sources (src/ and ui/): new strings appear as unfinished,
# strings gone from the sources are marked vanished (kept for reuse). Translate with Qt Linguist:
#   linguist translations/easy-gemini-balance_zh_CN.ts
# The build (lrelease) embeds the .qm files at :/i18n; tests/translations checks that nothing is left unfinished.
set -euo pipefail
cd "$(dirname "$0")/.."
lupdate=${LUPDATE:-$(command -v lupdate || echo /usr/lib/qt6/bin/lupdate)}
for ts in translations/*.ts; do
    "$lupdate" -silent -locations none -no-obsolete -source-language en src ui -ts "$ts"
done
