#!/usr/bin/env bash
# Installs what is missing, then configures and builds evidex in ./build (warnings are errors).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DEVIDEX_WERROR=ON >/dev/null
cmake --build build -j"$(nproc)"
