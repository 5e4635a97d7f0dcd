#!/usr/bin/env bash
# Brings translations/*.ts up to date with the sources (src/ and ui/): new strings appear as unfinished,
# strings gone from the sources are marked vanished (kept for reuse). Translate with Qt Linguist:
#   linguist translations/easy-gemini-balance_zh_CN.ts translations/easy-gemini-balance_en.ts
# The build (lrelease) embeds the .qm files at :/i18n; tests/translations checks that nothing is left unfinished.
set -euo pipefail
cd "$(dirname "$0")/.."
lupdate=${LUPDATE:-$(command -v lupdate || echo /usr/lib/qt6/bin/lupdate)}
# easy-gemini-balance_en.ts holds only the plural forms ("%n key(s)" -> "1 key" / "2 keys"): English reads the
# sources as they are for everything else.
for ts in translations/*.ts; do
    only=()
    [[ $ts == *_en.ts ]] && only=(-pluralonly)
    "$lupdate" -silent -locations none -no-obsolete "${only[@]}" -source-language en src ui -ts "$ts"
done
