#!/usr/bin/env bash
# Refreshes docs/screenshots/: the browser journeys (tests/browser/journeys.mjs) run against the
# built evidex and keep a screenshot of every page they visit.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/build.sh
rm -rf docs/screenshots
node tests/browser/journeys.mjs --evidex build/cli/evidex --fixtures fixtures --screenshots docs/screenshots
