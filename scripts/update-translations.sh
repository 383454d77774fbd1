#!/usr/bin/env bash
# Refreshes translations/deltadesk_*.ts from the sources: new tr() texts are
# added as unfinished, texts no longer in the code are dropped (-no-obsolete),
# translations of unchanged texts are kept. Then translate the new entries
# (linguist translations/deltadesk_de.ts, or by hand: fill <translation> and
# remove type="unfinished"); tst_translationfiles fails until every one is.
#
# The folders are those whose texts reach the desktop app (app/CMakeLists.txt
# scans the same for its update_translations target). Needs no build tree.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
lupdate=$(command -v lupdate6 || command -v /usr/lib/qt6/bin/lupdate || command -v lupdate)
cd "$root"
for ts in translations/deltadesk_*.ts; do
    language=${ts#translations/deltadesk_}
    language=${language%.ts}
    # English needs only its plural forms ("%n row(s)" -> "1 row", "2 rows").
    plural_only=()
    [ "$language" = en ] && plural_only=(-pluralonly)
    "$lupdate" -no-obsolete -locations relative "${plural_only[@]}" -source-language en \
        -target-language "$language" app ui sync -ts "$ts"
done
# The English forms follow from the "(s)" the sources write; anything else
# is left unfinished for a person (tst_translationfiles says which).
python3 scripts/english-plurals.py translations/deltadesk_en.ts
# And back into lupdate's own layout.
"$lupdate" -no-obsolete -locations relative -pluralonly -source-language en -target-language en \
    app ui sync -ts translations/deltadesk_en.ts >/dev/null
