#!/usr/bin/env bash
# Installs every Debian package evidex needs to build, test and run (toolchain included).
# Idempotent: quiet and quick when everything is already there. Works on a minimal bookworm.
set -euo pipefail

packages=(
  # toolchain
  g++ make cmake pkg-config ca-certificates
  # engine libraries
  libxapian-dev libarchive-dev libpoppler-cpp-dev libmagic-dev libsqlite3-dev
  libxml2-dev nlohmann-json3-dev libcli11-dev libgmime-3.0-dev libgsf-1-dev
  libuchardet-dev libssl-dev libutf8proc-dev
  # legacy .doc/.xls/.ppt text (catdoc, xls2csv, catppt), run isolated in a worker
  catdoc
  # CJK character maps for PDFs whose fonts are not embedded
  poppler-data
  # magic database for libmagic at run time
  libmagic-mgc
  # tests
  catch2
  # fuzzing (scripts/fuzz.sh): clang, and its libFuzzer and sanitizer runtimes, which clang only
  # recommends (so --no-install-recommends leaves them out)
  clang libclang-rt-dev
  # tests: the HTML report is rendered in headless Chromium (DOM, screenshot, PDF)
  chromium
  # benchmark peers (test-only): scripts/bench-peers.sh runs omindex, quest, recollindex and
  # pdftotext on the same files as evidex
  xapian-omega recollcmd xapian-tools poppler-utils
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing: ${missing[*]}" >&2
sudo_cmd=()
[ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
