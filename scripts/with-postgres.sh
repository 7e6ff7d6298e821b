#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL 15 cluster (scripts/postgres.sh) made for it
# alone, so the demo server's tests can run against PostgreSQL as well as SQLite:
#
#   scripts/with-postgres.sh cargo test -p otp-wasm-demo
#
# The command finds the cluster's URL (postgres://otp@127.0.0.1:PORT/postgres, superuser, trust
# authentication) in OTP_TEST_POSTGRES. Afterwards, however the command ends, the cluster is
# stopped and its directory deleted; the exit status is the command's.
set -euo pipefail

[ $# -ge 1 ] || {
  echo "usage: $0 CMD [ARGS...]" >&2
  exit 2
}

here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d)

# shellcheck disable=SC2317 # run by the trap
cleanup() {
  "$here/postgres.sh" stop "$dir" || true
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

OTP_TEST_POSTGRES=$("$here/postgres.sh" start "$dir")
export OTP_TEST_POSTGRES

status=0
"$@" || status=$?
exit "$status"
