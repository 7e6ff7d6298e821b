#!/usr/bin/env bash
# Installs, idempotently and at pinned versions, every tool the build and the tests need (the
# README's first lines list them; each step below says why its tool is installed the way it
# is). Safe to run again: each step is skipped when its tool is already there at the right
# version.
set -euo pipefail

WASM_BINDGEN_VERSION=0.2.130   # must equal the `wasm-bindgen` crate pin in Cargo.toml
WASM_PACK_VERSION=0.15.1
CARGO_FUZZ_VERSION=0.13.2
GECKODRIVER_VERSION=0.37.1    # WebDriver for Firefox: the wasm-bindgen-test runner and passkey tests

root=$(cd "$(dirname "$0")/.." && pwd)
export PATH="$HOME/.cargo/bin:$PATH"

step() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  step "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION (a few minutes)"
  # No --locked: one of its locked dependency versions is not in the registry.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if [ "$(wasm-pack --version 2>/dev/null | awk '{print $2}')" != "$WASM_PACK_VERSION" ]; then
  step "cargo install wasm-pack $WASM_PACK_VERSION (a few minutes)"
  cargo install wasm-pack --version "$WASM_PACK_VERSION" --locked --force
fi

# cargo fuzz for the fuzz targets (fuzz/): libFuzzer on the stable toolchain with
# `--sanitizer none` (nightly toolchains cannot be fetched here).
if [ "$(cargo fuzz --version 2>/dev/null | awk '{print $2}')" != "$CARGO_FUZZ_VERSION" ]; then
  step "cargo install cargo-fuzz $CARGO_FUZZ_VERSION (about a minute)"
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked --force
fi

# geckodriver drives Firefox over WebDriver (with its virtual authenticator, which Puppeteer's
# WebDriver BiDi lacks); Debian has no package of it, crates.io has its source.
if [ "$(geckodriver --version 2>/dev/null | head -n 1 | awk '{print $2}')" != "$GECKODRIVER_VERSION" ]; then
  step "cargo install geckodriver $GECKODRIVER_VERSION (about 4 minutes)"
  cargo install geckodriver --version "$GECKODRIVER_VERSION" --locked --force
fi

# The three browser engines the browser tests run in, with their WebDriver servers: Chromium
# and ChromeDriver, Firefox ESR (geckodriver above), WebKitGTK's WebKitWebDriver and MiniBrowser
# (under Xvfb: it has no headless mode), and WPE WebKit 2.38 with cog, the oldest WebKit here (a
# Safari 16.0-level engine, for the supported-versions check). OpenSSL headers and pkg-config
# for the demo server's webauthn-rs. PostgreSQL 15: the demo server's tests run against it too
# (scripts/with-postgres.sh; Debian's own cluster on port 5432 goes unused); HAProxy: `make
# demo-cluster` puts it in front of three instances.
missing=""
[ -x /usr/bin/chromium ] || missing="$missing chromium"
[ -x /usr/bin/chromedriver ] || missing="$missing chromium-driver"
[ -x /usr/bin/firefox-esr ] || missing="$missing firefox-esr"
[ -x /usr/bin/Xvfb ] || missing="$missing xvfb"
[ -x /usr/bin/WebKitWebDriver ] || missing="$missing webkit2gtk-driver"
[ -x /usr/bin/WPEWebDriver ] || missing="$missing wpewebkit-driver"
[ -x /usr/bin/cog ] || missing="$missing cog"
dpkg -s libssl-dev >/dev/null 2>&1 || missing="$missing libssl-dev"
command -v pkg-config >/dev/null 2>&1 || missing="$missing pkg-config"
[ -x /usr/lib/postgresql/15/bin/initdb ] || missing="$missing postgresql"
[ -x /usr/sbin/haproxy ] || missing="$missing haproxy"
if [ -n "$missing" ]; then
  step "apt-get install$missing"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq $missing
fi

# Node dev tools (binaryen's wasm-opt, playwright-core, test peers), pinned by package-lock.json.
if [ ! -d "$root/node_modules" ] || [ "$root/package-lock.json" -nt "$root/node_modules/.package-lock.json" ]; then
  step "npm ci (dev tools)"
  (cd "$root" && npm ci --no-audit --no-fund --loglevel=error)
fi

# The independent encoders the tests check against: Python's segno and Pillow (QR images),
# protobuf (Google Authenticator transfer payloads), cryptography (AES-GCM of Aegis backups).
if ! python3 -c "import segno, PIL, cryptography as c, google.protobuf as p; assert segno.__version__ == '1.6.6' and p.__version__ == '7.36.2' and c.__version__ == '48.0.0'" 2>/dev/null; then
  step "pip install segno 1.6.6, Pillow 13.0.0, protobuf 7.36.2, cryptography 48.0.0 (independent encoders for tests)"
  python3 -m pip install --quiet --disable-pip-version-check segno==1.6.6 pillow==13.0.0 protobuf==7.36.2 cryptography==48.0.0
fi

step "toolchain ready"
