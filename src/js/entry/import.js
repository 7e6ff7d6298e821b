// `otp-wasm/import`: moving accounts in and out of an authenticator — Google Authenticator's
// transfer QR codes and the apps' backup files. Its .wasm holds the importers and loads only where this entry is imported;
// the keys it makes are the main entry's Totp and Hotp (imported from "otp-wasm", not bundled
// here), so the vault and every other function take them. `await init()` loads both .wasm.
import mainInit, { Hotp, OtpError, Totp, parseUri } from "otp-wasm";
import ownInit, { import_backup, parse_migration, to_aegis, to_migration } from "./web-import/otp_wasm.js";
import { createBackup } from "./backup.js";
import { createMigration } from "./migration.js";

/** Loads this entry's .wasm (the URL, Response or bytes given, or the one beside it) and the main entry's. */
export default async function init(input) {
  await Promise.all([mainInit(), ownInit(input)]);
}
export { init, OtpError };
export const { parseMigrationUri, toMigrationUris } = createMigration({ parse_migration, to_migration }, { OtpError, Totp, Hotp, parseUri });
export const { importAccounts, exportAccounts } = createBackup({ import_backup, to_aegis }, { OtpError, Totp, Hotp, parseUri, toMigrationUris });
