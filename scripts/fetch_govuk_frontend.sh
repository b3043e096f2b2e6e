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
source "$(dirname "${BASH_SOURCE[0]}")/npm_fetch.sh"

relative_asset_urls() {
  local stage="$1"
  sed -i 's#url(/assets/#url(assets/#g' "$stage/govuk-frontend.min.css"
  if grep -q 'url(/assets/' "$stage/govuk-frontend.min.css"; then
    echo "The CSS still has absolute asset URLs after the rewrite" >&2
    return 1
  fi
}

fetch_npm_package govuk-frontend 6.6.0 "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/caselog/static/govuk" \
  relative_asset_urls dist/govuk/assets dist/govuk/govuk-frontend.min.js dist/govuk/govuk-frontend.min.js.map \
  dist/govuk/govuk-frontend.min.css dist/govuk/govuk-frontend.min.css.map
