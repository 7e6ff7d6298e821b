// Node entry for `require("otp-wasm")`. The WebAssembly module is compiled synchronously when
// this file loads, so there is no init step; `init` exists so isomorphic code can always
// `await init()`.
"use strict";
const wasm = require("./otp_wasm.js");
const { OtpError, guard } = require("./otp_error.cjs");
const { createOtp, secretOf } = require("./keys.cjs");
const { createOcra } = require("./ocra.cjs");
const { createTransactions } = require("./transaction.cjs");
const { createCodeFunctions } = require("./code_functions.cjs");
const { createCodeEntry } = require("./code_input.cjs");
const { createWebAuthn } = require("./webauthn_browser.cjs");
const { createWebAuthnParsers } = require("./webauthn_data.cjs");
const { createQr } = require("./qr_codes.cjs");
const { createMigration } = require("./migration.cjs");
const { createBackup } = require("./backup.cjs");
const { createVault } = require("./vault.cjs");

async function init() {}

const otp = createOtp(wasm);
const ocra = createOcra(wasm, otp);
const code = createCodeFunctions(wasm);
const migration = createMigration(wasm, { ...otp, OtpError });
const backup = createBackup(wasm, { ...otp, ...migration, OtpError });
// `assertion` is the vault's WebAuthn get (its passkeys), not an export.
const { assertion, ...webauthn } = createWebAuthn({ ...otp, OtpError, guard });

module.exports = {
  ...otp,
  ...ocra,
  ...createTransactions(wasm, otp),
  ...code,
  ...createWebAuthnParsers(wasm, otp.base64urlDecode),
  ...createQr(wasm),
  ...migration,
  ...backup,
  OtpError,
  ...createCodeEntry({ ...code, OtpError, guard }),
  ...webauthn,
  ...createVault({ ...otp, ...ocra, secretOf, OtpError, guard, loadImporter: async () => backup, assertion }),
  init,
  default: init,
};
