#!/usr/bin/env bash
# Fetch axe-core's axe.min.js into tests/browser/vendor/ (git-ignored) for the browser
# tests' accessibility checks. Does nothing if this version is already there.
set -euo pipefail

VERSION="4.14.1"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$ROOT/tests/browser/vendor"

if [[ -f "$DEST/axe.min.js" && "$(cat "$DEST/.version" 2>/dev/null)" == "$VERSION" ]]; then
  exit 0
fi
command -v npm >/dev/null || { echo "npm is needed to fetch axe-core: install Node.js and npm" >&2; exit 1; }

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
(cd "$TMP" && npm pack --silent "axe-core@$VERSION" >/dev/null)
tar -xzf "$TMP/axe-core-$VERSION.tgz" -C "$TMP"
mkdir -p "$DEST"
cp "$TMP/package/axe.min.js" "$DEST/axe.min.js.part"
mv "$DEST/axe.min.js.part" "$DEST/axe.min.js"
echo "$VERSION" > "$DEST/.version"
echo "axe-core $VERSION is in ${DEST#"$ROOT"/}"
