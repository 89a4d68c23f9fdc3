#!/usr/bin/env bash
# Stage 2 of scripts/test.sh: the end-to-end tests, the showcase zoo and the real-world corpus under
# AddressSanitizer and UBSan. Workers send their output to /dev/null, so every process writes its
# reports to files (log_path) and the run fails if any report was written.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
./scripts/install-deps.sh --test
cmake -S . -B build-asan -DEVIDEX_SANITIZE=ON -DEVIDEX_WERROR=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" >/dev/null
cmake --build build-asan -j"$(nproc)" --target evidex evidex_tests
built=$SECONDS

logs="$PWD/build-asan/sanitizer-reports"
rm -rf "$logs"
mkdir -p "$logs"
# Leaks are not checked: the libraries we call (Poppler, GMime, libxml2) keep caches until exit.
# malloc_limit_mb stands in for the workers' address-space limit, which ASan cannot live with.
export ASAN_OPTIONS="log_path=$logs/asan:detect_leaks=0:malloc_limit_mb=1024:allocator_may_return_null=1:detect_stack_use_after_return=0"
export UBSAN_OPTIONS="log_path=$logs/ubsan:print_stacktrace=1:halt_on_error=1"
status=0
# Two processes for the two cores, of about equal length: the zoo, the corpus and the crash-injection
# suites in one, the other end-to-end tests and the fuzzers' findings in the other.
build-asan/tests/evidex_tests "[e2e]~[zoo]~[corpus]~[crash],[fuzz-regressions]" >"$logs/../e2e.log" 2>&1 &
e2e=$!
build-asan/tests/evidex_tests "[zoo],[corpus],[crash]" >"$logs/../zoo-corpus.log" 2>&1 &
zoo=$!
wait $e2e || { status=1; cat "$logs/../e2e.log"; }
wait $zoo || { status=1; cat "$logs/../zoo-corpus.log"; }
# evidex serve under the sanitizers, driven by the browser journeys (the server and its ingest children).
./scripts/browser-deps.sh
node tests/browser/journeys.mjs --evidex build-asan/cli/evidex --fixtures fixtures >"$logs/../browser.log" 2>&1 ||
  { status=1; cat "$logs/../browser.log"; }
grep -h "^ok \|^FAIL" "$logs/../browser.log" || true
tail -n 3 "$logs/../e2e.log" "$logs/../zoo-corpus.log"
grep -h "^zoo " "$logs/../zoo-corpus.log" || true
grep -h "^store fault" "$logs/../e2e.log" || true
grep -h "^erasure audit" "$logs/../e2e.log" "$logs/../zoo-corpus.log" || true
grep -h "^crash points" "$logs/../zoo-corpus.log" || true

reports=$(grep -lE "ERROR: (Address|Leak)Sanitizer|runtime error:|SUMMARY: (Address|Undefined)" "$logs"/* 2>/dev/null || true)
if [ -n "$reports" ]; then
  echo "sanitizer reports:"
  for f in $reports; do
    echo "--- $f"
    head -n 60 "$f"
  done
  status=1
fi
# Catch2's summary of both runs as one plain line: "All tests passed (A assertions in N test cases)"
# or "test cases: N | P passed | F failed".
counts=$(cat "$logs/../e2e.log" "$logs/../zoo-corpus.log" | awk '
  /^All tests passed/ { match($0, /in [0-9]+ test case/); n = substr($0, RSTART + 3, RLENGTH - 13); p += n }
  /^test cases:/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
  END { printf "%d passed, %d failed", p, f }')
echo "stage 2, sanitizer build $((built - start)) s, tests $((SECONDS - built)) s"
[ -z "$reports" ] || echo "(and sanitizer reports, listed above)"
echo "sanitizer: $counts"
exit $status
