#!/usr/bin/env bash
# The whole test suite: build, then every Catch2 test through CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/build.sh
ctest --test-dir build --output-on-failure -j2
