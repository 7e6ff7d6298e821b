#!/usr/bin/env bash
# Installs the packed tarball into a fresh scratch project, as a user installs it, and runs the
# Node tests there with `node --test`: every test file, or those named after the tarball.
# Usage: tests/node/run.sh dist/otp-wasm-<version>.tgz [file.test.mjs ...]
# SCRATCH names the scratch folder (default `scratch`), so two runs can go side by side;
# OTP_ENGINES (chromium,firefox,webkit) chooses the browser engines (see engines.mjs).
set -euo pipefail
tarball=$(realpath "$1")
shift
here=$(cd "$(dirname "$0")" && pwd)
scratch="$here/${SCRATCH:-scratch}"

rm -rf "$scratch"
mkdir -p "$scratch"
cp "$here"/*.test.mjs "$here"/*.test.cjs "$here"/*.mts "$here"/support.mjs "$here"/demo_page.mjs "$here"/webauthn_page.mjs "$here"/engines.mjs "$here"/webdriver.mjs "$here"/webdriver_page.mjs "$here"/webdriver_locator.mjs "$here"/locate.js "$here"/runtime-*.mjs "$scratch"/
cp "$here"/../vectors/*.json "$scratch"/
# QR images drawn by an independent encoder (segno) for qr.test.mjs.
python3 "$here/../../scripts/qr-fixtures.py" "$scratch/qr-cases.json"
cd "$scratch"
echo '{ "name": "scratch", "private": true }' > package.json
npm install --no-audit --no-fund --loglevel=error "$tarball"
node --test --test-concurrency=1 --test-timeout=600000 "$@"
