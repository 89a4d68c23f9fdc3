#!/usr/bin/env bash
# Builds evidex (scripts/build.sh evidex) and its Debian package, build/evidex_<version>_<arch>.deb:
# bin/evidex, share/evidex/{standards/*.json,bank-holidays.json}, the man page, the bash completion
# and the README under /usr, depending on the library packages dpkg-shlibdeps finds (dpkg-dev) and on
# catdoc, poppler-data and libmagic-mgc. Install it with `sudo apt install ./build/evidex_*.deb`.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/build.sh evidex
command -v dpkg-shlibdeps >/dev/null || {
  echo "package.sh: dpkg-shlibdeps is missing: apt-get install dpkg-dev (or scripts/install-deps.sh --test)" >&2
  exit 2
}
cd build
cpack -G DEB
