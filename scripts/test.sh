#!/usr/bin/env bash
# The whole test suite, in three stages:
#   1. build, then every Catch2 test through CTest;
#   2. build again with AddressSanitizer and UBSan (build-asan/) and run the end-to-end tests, the
#      showcase zoo and the real-world corpus through that binary, extraction workers included:
#      any sanitizer report fails the run (scripts/sanitize.sh);
#   3. build the libFuzzer harnesses with clang (build-fuzz/) and run each for a minute
#      (scripts/fuzz.sh): any crash, leak, hang or sanitizer report fails the run. The fuzzers
#      start from a fixed random seed (FUZZ_SEED), so that a failure here is one a developer can
#      run again; scripts/fuzz.sh on its own seeds at random, to explore further.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
./scripts/build.sh
ctest --test-dir build --output-on-failure -j2
echo "stage 1, build and every test: $((SECONDS - start)) s"
./scripts/sanitize.sh
FUZZ_SEED=${FUZZ_SEED:-1202} ./scripts/fuzz.sh 60
