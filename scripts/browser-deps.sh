#!/usr/bin/env bash
# The browser tests' npm packages (playwright-core, axe-core), exactly as package-lock.json pins
# them, when they are missing or older than the lock. Chromium itself is Debian's (install-deps.sh
# --test), never downloaded.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f tests/browser/node_modules/.package-lock.json ] ||
   [ tests/browser/package-lock.json -nt tests/browser/node_modules/.package-lock.json ]; then
  npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
fi
