#!/usr/bin/env bash
# Installs the Debian packages evidex needs (toolchain included) that are missing:
#
#   scripts/install-deps.sh          what building and running evidex needs (scripts/demo.sh)
#   scripts/install-deps.sh --test   that, and what only the tests, benchmarks, fuzzing and packaging
#                                    need (scripts/test.sh, sanitize.sh, fuzz.sh, package.sh)
#
# Idempotent: quiet and quick when everything is already there. Works on a minimal bookworm.
set -euo pipefail

case "${1:-}" in
  "") with_test=0 ;;
  --test) with_test=1 ;;
  *) echo "usage: scripts/install-deps.sh [--test]" >&2; exit 2 ;;
esac

packages=(
  # toolchain
  g++ make cmake pkg-config ca-certificates
  # engine libraries
  libxapian-dev libarchive-dev libpoppler-cpp-dev libmagic-dev libsqlite3-dev
  libxml2-dev nlohmann-json3-dev libcli11-dev libgmime-3.0-dev libgsf-1-dev
  libuchardet-dev libssl-dev libutf8proc-dev
  # evidex serve: the HTTP server, and Argon2id for the accounts' passwords
  libcpp-httplib-dev libargon2-dev
  # legacy .doc/.xls/.ppt text (catdoc, xls2csv, catppt), run isolated in a worker
  catdoc
  # CJK character maps for PDFs whose fonts are not embedded
  poppler-data
  # magic database for libmagic at run time
  libmagic-mgc
)
test_packages=(
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
  # the .deb (cpack, and its test): dpkg-shlibdeps computes the libraries' packages
  dpkg-dev
  # the manual page's test renders it with groff
  groff-base
)
# The browser tests run on Node.js (playwright-core drives Chromium): Debian's, unless the machine
# already has a node and npm of its own.
if [ "$with_test" -eq 1 ] && ! { command -v node && command -v npm; } >/dev/null 2>&1; then
  test_packages+=(nodejs npm)
fi
[ "$with_test" -eq 0 ] || packages+=("${test_packages[@]}")

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
