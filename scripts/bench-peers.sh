#!/usr/bin/env bash
# The peer benchmark (issue 10): installs what is missing (omindex, recollindex, pdftotext and quest
# are test-only packages in scripts/install-deps.sh), builds, then runs tests/bench/bench_peers.cpp
# with the arguments given, e.g. --files 200 --rounds 1, or --evidex /path/to/an/older/evidex.
# Prints a Markdown table; asserts nothing about speed.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/build.sh
exec ./build/tests/evidex_bench_peers "$@"
