#!/usr/bin/env bash
# Installs the packed tarball into a fresh scratch project, as a user installs it, and runs the
# Node tests there with `node --test`. Usage: tests/node/run.sh dist/otp-wasm-<version>.tgz
set -euo pipefail
tarball=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
scratch="$here/scratch"

rm -rf "$scratch"
mkdir -p "$scratch"
cp "$here"/*.test.mjs "$here"/*.test.cjs "$here"/*.mts "$here"/support.mjs "$here"/runtime-*.mjs "$scratch"/
cp "$here"/../vectors/*.json "$scratch"/
# QR images drawn by an independent encoder (segno) for qr.test.mjs.
python3 "$here/../../scripts/qr-fixtures.py" "$scratch/qr-cases.json"
cd "$scratch"
echo '{ "name": "scratch", "private": true }' > package.json
npm install --no-audit --no-fund --loglevel=error "$tarball"
node --test --test-concurrency=1 --test-timeout=120000
