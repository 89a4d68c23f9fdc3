#!/usr/bin/env bash
# Installs what is missing, then configures and builds in ./build (warnings are errors).
#
#   scripts/build.sh            everything: evidex, the tests and the benchmarks (scripts/test.sh)
#   scripts/build.sh evidex     the evidex binary and its data only, with only the packages it needs
#                               (scripts/demo.sh): no Catch2, no test or benchmark programs
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in
  "")
    ./scripts/install-deps.sh --test
    # Explicitly ON: a build/ first configured by `build.sh evidex` has it OFF in its cache.
    cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DEVIDEX_WERROR=ON -DBUILD_TESTING=ON >/dev/null
    cmake --build build -j"$(nproc)"
    ./scripts/browser-deps.sh
    ;;
  evidex)
    ./scripts/install-deps.sh
    # A fresh build/ is configured without the tests (their Catch2 may not be installed); one that
    # has them keeps them, and only evidex is built either way.
    testing=()
    [ -f build/CMakeCache.txt ] || testing=(-DBUILD_TESTING=OFF)
    cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DEVIDEX_WERROR=ON "${testing[@]}" >/dev/null
    cmake --build build -j"$(nproc)" --target evidex evidex_data
    ;;
  *) echo "usage: scripts/build.sh [evidex]" >&2; exit 2 ;;
esac
