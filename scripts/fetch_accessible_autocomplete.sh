#!/usr/bin/env bash
# Fetch accessible-autocomplete's built files into caselog/static/autocomplete/ (git-ignored):
# the log form turns long <select> lists (local authorities, schemes, organisations) into a
# type-ahead box with them. Without these files, or without JavaScript, the lists still work.
#
#   scripts/fetch_accessible_autocomplete.sh           # does nothing if this version is already there
#   FORCE=1 scripts/fetch_accessible_autocomplete.sh   # fetch again
#
# Needs npm (only to download the package; nothing is built). `make govuk` runs it.
set -euo pipefail

VERSION="3.0.1"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$ROOT/caselog/static/autocomplete"
STAMP="$DEST/.version"
FILES=(accessible-autocomplete.min.js accessible-autocomplete.min.js.map accessible-autocomplete.min.css
       accessible-autocomplete.min.css.map)

if [[ -z "${FORCE:-}" && -f "$STAMP" && "$(cat "$STAMP")" == "$VERSION" \
      && -f "$DEST/accessible-autocomplete.min.js" && -f "$DEST/accessible-autocomplete.min.css" ]]; then
  echo "accessible-autocomplete $VERSION is already in ${DEST#"$ROOT"/}"
  exit 0
fi

command -v npm >/dev/null || { echo "npm is needed to fetch accessible-autocomplete: install Node.js and npm" >&2; exit 1; }

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

echo "Fetching accessible-autocomplete@$VERSION"
(cd "$TMP" && npm pack --silent "accessible-autocomplete@$VERSION" >/dev/null)
tar -xzf "$TMP/accessible-autocomplete-$VERSION.tgz" -C "$TMP"

STAGE="$TMP/autocomplete"
mkdir -p "$STAGE"
for file in "${FILES[@]}"; do
  cp "$TMP/package/dist/$file" "$STAGE/"
done
echo "$VERSION" > "$STAGE/.version"

# Swap in whole, so a failed fetch never leaves half a copy behind.
mkdir -p "$(dirname "$DEST")"
rm -rf "$DEST"
mv "$STAGE" "$DEST"
echo "accessible-autocomplete $VERSION is in ${DEST#"$ROOT"/}"
