#!/usr/bin/env bash
# Fetch axe-core's axe.min.js into tests/browser/vendor/ (git-ignored) for the browser
# tests' accessibility checks. Does nothing if this version is already there.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/npm_fetch.sh"

fetch_npm_package axe-core 4.14.1 "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tests/browser/vendor" "" axe.min.js
