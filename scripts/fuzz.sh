#!/usr/bin/env bash
# Stage 3 of scripts/test.sh: every libFuzzer harness (tests/fuzz/) for a while, two at a time.
#
#   scripts/fuzz.sh [seconds-per-harness, default 60] [harness ...]   (default: every harness)
#
# Builds build-fuzz/ with clang (-DEVIDEX_FUZZ=ON), seeds each harness's corpus from fixtures/ and
# the real-world corpus by file type (build-fuzz/corpus/<harness>/, kept between runs so a later run
# goes on from there), runs it, and prints "fuzz <name>: <N> executions in <S> s, <C> crashes".
# A crashing, leaking, hanging (-timeout) or out-of-memory input is saved in
# build-fuzz/crashes/<harness>/ and the script exits 1. Logs: build-fuzz/logs/<harness>.log.
# FUZZ_PARALLEL sets how many harnesses run at once (default 2, for two cores). FUZZ_SEED fixes
# libFuzzer's random seed (scripts/test.sh does, so that its run can be repeated); unset, each run
# draws its own and reports it in the log ("Seed: N").
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
[[ "$seconds" =~ ^[1-9][0-9]*$ ]] || { echo "usage: scripts/fuzz.sh [seconds-per-harness] [harness ...]" >&2; exit 2; }
parallel=${FUZZ_PARALLEL:-2}
start=$SECONDS

./scripts/install-deps.sh --test
# Every library is compiled again with clang and instrumentation (several minutes on two cores):
# ccache, when there is one, makes the next build a matter of seconds.
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DEVIDEX_FUZZ=ON -DEVIDEX_WERROR=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" "${launcher[@]}" >/dev/null
cmake --build build-fuzz -j"$(nproc)"
built=$SECONDS

corpus_root=../shared/corpus/real-world
# Seeds left out: inputs whose only defence is the worker's time limit (item_timeout), which an
# in-process fuzzer does not have. pdfjs__bomb_giant.pdf keeps Poppler rendering for minutes.
slow_seeds='pdfjs__bomb_giant.pdf'
# harness | -max_len | dictionary (tests/fuzz/dicts/) | seed file patterns (find -iname), besides
# fixtures/fuzz/seeds/<harness>/. Seeds larger than -max_len are left out.
table='
refs|4096|refs|
evidence_map|16384|evidence_map|*.csv *.tsv
rtf_text|65536|rtf|*.rtf
declaration|8192|declaration|
dates|64|dates|
extract_text|65536||*.txt *.csv *.srt *.log *.md
extract_eml|131072||*.eml spamscope__mail_*
extract_mbox|131072||*.mbox
extract_msg|262144||*.msg
extract_html|65536||*.html *.htm *.xhtml
extract_rtf|65536|rtf|*.rtf
extract_xml|65536||*.xml *.svg
extract_pdf|262144||*.pdf
extract_ooxml|262144||*.docx *.xlsx *.xlsm *.xlsb *.pptx
extract_encrypted_office|131072||*encrypt*.docx *encrypt*.xlsx *password*.docx *password*.xlsx *protected*.xlsx *.doc *.xls
extract_odf|262144||*.odt *.ods *.odp *.sxw *.sxc
extract_archive|262144||*.zip *.tar *.gz *.tgz *.bz2 *.tbz *.xz *.txz *.zst *.7z *.rar *.cab *.cpio *.lzh *.iso
extract_media|16384||*.png *.jpg *.jpeg *.gif *.mp3 *.wav *.mp4 *.webm
'
harnesses=$(echo "$table" | awk -F'|' 'NF > 1 { print $1 }')
for bin in build-fuzz/fuzz/fuzz_*; do
  echo "$harnesses" | grep -qx "${bin##*/fuzz_}" || { echo "fuzz.sh: no settings for ${bin##*/}" >&2; exit 2; }
done
selected=("$@")
[ ${#selected[@]} -gt 0 ] || mapfile -t selected <<<"$harnesses"

mkdir -p build-fuzz/logs build-fuzz/corpus build-fuzz/crashes
# The extraction targets write each input and its children under TMPDIR; the fuzzers' own scratch.
scratch=$(mktemp -d "${TMPDIR:-/tmp}/evidex-fuzz.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
# Leaks are checked; UB stops the run. An allocation over 1 GiB fails (malloc returns NULL) as it
# does in a worker under its 1 GiB address-space limit, which ASan cannot live with: a library that
# asks for gigabytes because a size field says so (libarchive's 7z reader) then reports an error
# instead of ending the run. C++ new over the limit is still reported, as our code should not ask.
export ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=1:max_allocation_size_mb=1024:detect_stack_use_after_return=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

fuzz_one() {
  local name=$1 max_len=$2 dict=$3 patterns=$4
  local corpus=build-fuzz/corpus/$name crashes=build-fuzz/crashes/$name log=build-fuzz/logs/$name.log
  mkdir -p "$corpus" "$crashes"
  local seeds=() p
  [ -d "fixtures/fuzz/seeds/$name" ] && seeds+=("fixtures/fuzz/seeds/$name")
  for p in $patterns; do
    while IFS= read -r -d '' f; do seeds+=("$f"); done < <(
      find fixtures "$corpus_root" -type f -iname "$p" -size -"$((max_len + 1))"c -print0 2>/dev/null |
        grep -zv -F "$slow_seeds")
  done
  [ ${#seeds[@]} -eq 0 ] || cp -rn "${seeds[@]}" "$corpus"/ 2>/dev/null || true
  # A seed directory copied whole would be a subfolder libFuzzer ignores: flatten it.
  [ ! -d "$corpus/$name" ] || { cp -n "$corpus/$name"/* "$corpus"/ && rm -rf "${corpus:?}/$name"; }
  local before args=(-max_total_time="$seconds" -max_len="$max_len" -rss_limit_mb=2048 -timeout=10
                     -print_final_stats=1 -artifact_prefix="$crashes/")
  [ -z "$dict" ] || args+=(-dict="tests/fuzz/dicts/$dict.dict")
  [ -z "${FUZZ_SEED:-}" ] || args+=(-seed="$FUZZ_SEED")
  rm -f "build-fuzz/logs/$name.crashes"
  before=$(ls "$crashes" | wc -l)
  local t0=$SECONDS
  TMPDIR=$scratch "build-fuzz/fuzz/fuzz_$name" "${args[@]}" "$corpus" >"$log" 2>&1 || true
  local runs secs found
  runs=$(sed -n 's/^Done \([0-9]*\) runs in .*/\1/p' "$log" | tail -n 1)
  secs=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -n 1)
  [ -n "$runs" ] || runs=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
  [ -n "$secs" ] || secs=$((SECONDS - t0))
  found=$(($(ls "$crashes" | wc -l) - before))
  echo "fuzz $name: ${runs:-0} executions in $secs s, $found crashes"
  echo "$found" >"build-fuzz/logs/$name.crashes"
  if [ "$found" -gt 0 ]; then
    grep -m 3 -E "ERROR: |runtime error:|SUMMARY: |Test unit written to" "$log" | sed 's/^/  /'
  fi
}

running=0
for name in "${selected[@]}"; do
  line=$(echo "$table" | grep "^$name|") || { echo "fuzz.sh: unknown harness '$name'" >&2; exit 2; }
  IFS='|' read -r _ max_len dict patterns <<<"$line"
  fuzz_one "$name" "$max_len" "$dict" "$patterns" &
  running=$((running + 1))
  if [ "$running" -ge "$parallel" ]; then
    wait -n || true  # a harness that did not run leaves no .crashes file, which the sum below counts
    running=$((running - 1))
  fi
done
wait

total=0
for name in "${selected[@]}"; do
  if [ ! -f "build-fuzz/logs/$name.crashes" ]; then
    echo "fuzz $name: did not run (build-fuzz/logs/$name.log)"
    total=$((total + 1))
    continue
  fi
  total=$((total + $(cat "build-fuzz/logs/$name.crashes")))
done
echo "stage 3, fuzz build $((built - start)) s, fuzzing $((SECONDS - built)) s, $total crashes (inputs in build-fuzz/crashes/)"
[ "$total" -eq 0 ]
