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
source "$(dirname "${BASH_SOURCE[0]}")/npm_fetch.sh"

fetch_npm_package accessible-autocomplete 3.0.1 "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/caselog/static/autocomplete" "" \
  dist/accessible-autocomplete.min.js dist/accessible-autocomplete.min.js.map \
  dist/accessible-autocomplete.min.css dist/accessible-autocomplete.min.css.map
