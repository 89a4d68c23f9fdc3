#!/usr/bin/env bash
# evidex serve on the sample data, with a demo account for each role:
#
#   scripts/demo-server.sh [HOST:PORT]     (default 127.0.0.1:8080)
#
# Builds evidex alone, makes build/demo-server-store from the sample bundle and three showcases of
# fixtures/showcases (four apprentices: A001 to A003 with evidence, A004 with an account and nothing
# uploaded yet), adds the accounts printed below, then serves until Ctrl-C. The passwords are for
# this demonstration only: anyone who reads this file knows them.
set -euo pipefail
cd "$(dirname "$0")/.."
listen=${1:-127.0.0.1:8080}
./scripts/build.sh evidex
store=build/demo-server-store
rm -rf "$store"
evidex() { ./build/cli/evidex --store "$store" "$@"; }
evidex ingest fixtures/sample-bundle.zip --apprentice A001 --name "Sam Patel" --assessor IEA7 -q >/dev/null
evidex ingest fixtures/showcases/copy-of-standard.zip --apprentice A001 -q >/dev/null
evidex ingest fixtures/showcases/copy-source.zip --apprentice A002 --name "Jo Bloggs" --assessor IEA7 -q >/dev/null
evidex ingest fixtures/showcases/copy-30-percent.zip --apprentice A003 --name "Ali Khan" --assessor IEA9 -q >/dev/null
add() { printf '%s\n' "$3" | evidex user add "$1" --role "$2" "${@:4}" --password-stdin >/dev/null; }
add apprentice apprentice demo-apprentice --apprentice A004
add sam apprentice demo-apprentice --apprentice A001
add assessor assessor demo-assessor
add iqa iqa demo-iqa-lead
add admin admin demo-admin
evidex user assign assessor --apprentice A001 >/dev/null
evidex user assign assessor --apprentice A002 >/dev/null
evidex user assign assessor --apprentice A004 >/dev/null
cat <<EOT

Demo accounts (user / password):
  apprentice / demo-apprentice   apprentice A004, nothing uploaded yet: upload fixtures/showcases/checklist-names-all.zip
  sam        / demo-apprentice   apprentice A001 (Sam Patel), the sample bundle
  assessor   / demo-assessor     assessor of A001, A002 and A004
  iqa        / demo-iqa-lead     internal quality assurance: every apprentice, sampling, duplicates
  admin      / demo-admin        accounts and the audit log

EOT
exec ./build/cli/evidex --store "$store" serve --listen "$listen"
