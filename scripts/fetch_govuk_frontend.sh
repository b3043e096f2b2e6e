#!/usr/bin/env bash
# Fetch GOV.UK Frontend's built files into caselog/static/govuk/ (git-ignored).
#
#   scripts/fetch_govuk_frontend.sh           # does nothing if this version is already there
#   FORCE=1 scripts/fetch_govuk_frontend.sh   # fetch again
#
# Needs npm (only to download the package; nothing is built). The precompiled CSS uses
# absolute url(/assets/...) paths: they are made relative so the fonts and images load
# under /static/ and keep working after collectstatic renames files to hashed names.
set -euo pipefail

VERSION="6.6.0"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$ROOT/caselog/static/govuk"
STAMP="$DEST/.version"

if [[ -z "${FORCE:-}" && -f "$STAMP" && "$(cat "$STAMP")" == "$VERSION" \
      && -f "$DEST/govuk-frontend.min.css" && -f "$DEST/govuk-frontend.min.js" ]]; then
  echo "GOV.UK Frontend $VERSION is already in ${DEST#"$ROOT"/}"
  exit 0
fi

command -v npm >/dev/null || { echo "npm is needed to fetch GOV.UK Frontend: install Node.js and npm" >&2; exit 1; }

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

echo "Fetching govuk-frontend@$VERSION"
(cd "$TMP" && npm pack --silent "govuk-frontend@$VERSION" >/dev/null)
tar -xzf "$TMP/govuk-frontend-$VERSION.tgz" -C "$TMP"
DIST="$TMP/package/dist/govuk"

STAGE="$TMP/govuk"
mkdir -p "$STAGE"
cp -R "$DIST/assets" "$STAGE/"
cp "$DIST/govuk-frontend.min.js" "$DIST/govuk-frontend.min.js.map" "$DIST/govuk-frontend.min.css.map" "$STAGE/"
sed 's#url(/assets/#url(assets/#g' "$DIST/govuk-frontend.min.css" > "$STAGE/govuk-frontend.min.css"
if grep -q 'url(/assets/' "$STAGE/govuk-frontend.min.css"; then
  echo "The CSS still has absolute asset URLs after the rewrite" >&2
  exit 1
fi
echo "$VERSION" > "$STAGE/.version"

# Swap in whole, so a failed fetch never leaves half a copy behind.
mkdir -p "$(dirname "$DEST")"
rm -rf "$DEST"
mv "$STAGE" "$DEST"
echo "GOV.UK Frontend $VERSION is in ${DEST#"$ROOT"/}"
