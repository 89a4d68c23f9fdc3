#!/usr/bin/env bash
# The main job on the sample bundle: build evidex alone (no tests: scripts/test.sh builds those),
# ingest fixtures/sample-bundle.zip into a fresh store, list its items with their tags, then show the
# showcase coverage an apprentice would read.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/build.sh evidex
store=build/demo-store
rm -rf "$store"
./build/cli/evidex --store "$store" ingest fixtures/sample-bundle.zip \
  --apprentice A001 --name "Sam Patel" --standard ST0072 --assessor IEA7
echo
./build/cli/evidex --store "$store" items --apprentice A001
echo
./build/cli/evidex --store "$store" coverage --apprentice A001 --method showcase
