# otp-wasm — `make demo` to try it, `make test` to check everything. Both set up the toolchain
# first (scripts/setup.sh: idempotent, pinned versions), so a fresh machine needs nothing else.

SHELL := /bin/bash
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export CHROMEDRIVER := /usr/bin/chromedriver

VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
TARBALL := dist/otp-wasm-$(VERSION).tgz
# What a browser loads (wasm + JavaScript, gzip -9) may not grow past these, per entry (see
# README, "Size and speed"): what each entry weighs today. The goals once set (14 KiB for
# `otp-wasm/otp`, 30 KiB for `otp-wasm`) are below what the API weighs; README, "Where the
# bytes are", says what each part costs. The main entry counts what a page loads before it
# calls anything: the vault's module (chunks/vault-*.js) comes on first use and is reported
# apart.
# WebAuthn Level 3's passkey autofill, signals and merged capabilities added 0.9 KiB of
# JavaScript to both `otp-wasm` and `otp-wasm/webauthn`. Handing the vault's module the main
# entry's secretOf (rather than its own copy) costs the entry 5 bytes and saves the vault 0.1 KiB.
# Conditional create (createCredential's `mediation`, checked against capabilities) added 79
# bytes to `otp-wasm` and 71 to `otp-wasm/webauthn`. Related origins (relatedOriginsDocument,
# checkRelatedOrigins: JavaScript, with their error messages) added 709 and 722 bytes. Handing
# the vault the WebAuthn get its passkeys use (the one getCredential uses, so they end a pending
# autofill too) added 39 and 36 bytes; the passkeys themselves are in the vault's module,
# loaded on first use (4.0 -> 6.0 KiB).
SIZE_BUDGET := 44872
# Ocra (RFC 6287) added 2.0 KiB to both: 1.6 KiB of JavaScript (ocra.js), 0.4 KiB of .wasm
# (HMAC over a message of any length, and a plain hash for the PIN). The payment binding
# (transaction.js, main entry only) added 1.8 KiB to `otp-wasm`, all JavaScript; written in
# Rust behind the .wasm it cost 4.2 KiB.
SIZE_BUDGET_OTP := 24896
# `otp-wasm/qr` (its own .wasm: quircs, qrcode): the QR issue's target is 40 KiB.
SIZE_BUDGET_QR := 36656
# `otp-wasm/import` (its own .wasm; it uses the main entry's, counted there).
SIZE_BUDGET_IMPORT := 66336
# `otp-wasm/webauthn` and `otp-wasm/code-entry`: one part of the main entry each, with a .wasm
# of its own, for pages that need only that part.
SIZE_BUDGET_WEBAUTHN := 17650
SIZE_BUDGET_CODE_ENTRY := 13392
# `otp-wasm/otp-input`: the <otp-input> element, with the code-entry .wasm it shares with
# `otp-wasm/code-entry`.
SIZE_BUDGET_OTP_INPUT := 17344

# The package's .wasm files: the main entry's, without std (see src/js/panic.rs); the OTP-only
# one for `otp-wasm/otp`; the QR one for `otp-wasm/qr` (with std, which its crates use); Node's
# one module holds every binding.
PACKAGE_FEATURES := --no-default-features --features js-otp,js-code-entry,js-webauthn
OTP_FEATURES := --no-default-features --features js-otp
QR_FEATURES := --no-default-features --features js-qr
IMPORT_FEATURES := --no-default-features --features js-import
WEBAUTHN_FEATURES := --no-default-features --features js-webauthn
CODE_ENTRY_FEATURES := --no-default-features --features js-code-entry
NODE_FEATURES := --no-default-features --features js-otp,js-code-entry,js-webauthn,js-qr,js-import

# Seconds per fuzz target: `make fuzz` (the issue's long run: FUZZ_SECONDS=300), and the smoke
# run in `make test`.
FUZZ_SECONDS ?= 60
FUZZ_SMOKE_SECONDS := 3

# The browser engines every browser tier runs in (tests/node/engines.mjs); `make test-browser
# ENGINE=firefox` runs one engine's browser tests alone.
ENGINE ?= chromium firefox webkit
BROWSER_TESTS = $(notdir $(shell grep -l 'from "./engines.mjs"' tests/node/*.test.mjs))

.PHONY: setup package demo demo-cluster test lint test-native test-server-postgres test-wasm test-node test-browser test-fuzz fuzz size-budget bench bench-server clean

setup:
	@bash scripts/setup.sh

## The npm package: web + nodejs builds assembled in pkg/, packed into dist/.
package: setup
	rm -rf pkg
	wasm-pack build --release --target web --out-dir pkg/web -- $(PACKAGE_FEATURES)
	wasm-pack build --release --target web --out-dir pkg/web-otp -- $(OTP_FEATURES)
	wasm-pack build --release --target web --out-dir pkg/web-qr -- $(QR_FEATURES)
	wasm-pack build --release --target web --out-dir pkg/web-import -- $(IMPORT_FEATURES)
	wasm-pack build --release --target web --out-dir pkg/web-webauthn -- $(WEBAUTHN_FEATURES)
	wasm-pack build --release --target web --out-dir pkg/web-code-entry -- $(CODE_ENTRY_FEATURES)
	wasm-pack build --release --target nodejs --out-dir pkg/node --no-pack -- $(NODE_FEATURES)
	node scripts/assemble-package.mjs
	mkdir -p dist && rm -f $(TARBALL)
	cd pkg && npm pack --pack-destination ../dist --loglevel=error >/dev/null

## Prints each entry's size; fails when one outgrows its budget (a test: size is deterministic),
## or when a browser file uses syntax the oldest supported browsers cannot parse.
size-budget: package
	node scripts/check-syntax.mjs pkg
	node scripts/size-report.mjs --budget otp-wasm=$(SIZE_BUDGET) --budget otp-wasm/otp=$(SIZE_BUDGET_OTP) --budget otp-wasm/qr=$(SIZE_BUDGET_QR) --budget otp-wasm/import=$(SIZE_BUDGET_IMPORT) --budget otp-wasm/webauthn=$(SIZE_BUDGET_WEBAUTHN) --budget otp-wasm/code-entry=$(SIZE_BUDGET_CODE_ENTRY) --budget otp-wasm/otp-input=$(SIZE_BUDGET_OTP_INPUT)

## Speed and size against the libraries people use today: writes benches/RESULTS.md.
bench: package
	node benches/node.mjs
	node benches/browser.mjs
	node benches/size.mjs
	cargo bench --bench core -- --warm-up-time 1 --measurement-time 3
	node benches/report.mjs

## Bounded load runs of the demo server over loopback: sign-ins and an attacker's code guesses
## on SQLite (server-load.mjs); then legitimate sign-ins on SQLite, on PostgreSQL with one
## instance and with three behind HAProxy, side by side (server-backends.mjs).
bench-server:
	cargo build --profile server -p otp-wasm-demo
	node benches/server-load.mjs
	node benches/server-backends.mjs

## The demo: the sign-in server (www/server) with its SQLite file in data/, serving www/ and pkg/.
demo: package
	cargo run --profile server -p otp-wasm-demo -- --db data/demo.sqlite

## The demo as a shop that outgrew one machine: PostgreSQL 15 (data/postgres), three instances
## on 127.0.0.1:8081-8083 and HAProxy in front of them at http://localhost:8080; Ctrl-C stops
## all of it (scripts/demo-cluster.sh).
demo-cluster: package
	bash scripts/demo-cluster.sh

test: setup lint test-native test-server-postgres test-wasm package size-budget test-node test-fuzz

lint:
	cargo fmt --all --check
	cargo fmt --manifest-path fuzz/Cargo.toml --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --lib --tests -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --lib $(OTP_FEATURES) -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --lib $(PACKAGE_FEATURES) -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --lib $(QR_FEATURES) -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --lib $(IMPORT_FEATURES) -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --lib $(NODE_FEATURES) -- -D warnings

## The core's tests, and the demo server's over real HTTP (on SQLite).
test-native:
	cargo test --workspace

## The demo server's tests again, on PostgreSQL: a throwaway cluster on a free port, started
## for them and removed after (scripts/with-postgres.sh).
test-server-postgres:
	bash scripts/with-postgres.sh cargo test -p otp-wasm-demo

## wasm-bindgen-test suites: tests/wasm_node.rs in Node, tests/wasm_browser.rs in headless Chromium,
## then in Firefox and WebKitGTK (scripts/wasm-browser.sh).
test-wasm:
	cargo test --target wasm32-unknown-unknown
	bash scripts/wasm-browser.sh firefox webkit

## Every browser tier in the engines of ENGINE (default all three): the wasm-bindgen-test suite and
## the packed package's browser tests (the Node-only tests are left to test-node).
test-browser: package
	cargo build -p otp-wasm-demo
	bash scripts/wasm-browser.sh $(ENGINE)
	OTP_ENGINES=$(shell echo $(ENGINE) | tr ' ' ',') SCRATCH=scratch-browser bash tests/node/run.sh $(TARBALL) $(BROWSER_TESTS)

## The packed tarball installed into a scratch project, as a user installs it (the end-to-end
## test also runs the demo server's debug build).
test-node: package
	cargo build -p otp-wasm-demo
	bash tests/node/run.sh $(TARBALL)

## Coverage-guided fuzzing of every parser JavaScript can reach, FUZZ_SECONDS per target; fails
## on any crash, panic, timeout or out-of-memory (scripts/fuzz.sh).
fuzz: setup
	bash scripts/fuzz.sh $(FUZZ_SECONDS)

## The same, a few seconds per target, after the regression inputs in tests/vectors/fuzz/.
test-fuzz:
	bash scripts/fuzz.sh $(FUZZ_SMOKE_SECONDS)

clean:
	rm -rf pkg dist target tests/node/scratch fuzz/target fuzz/corpus fuzz/artifacts
