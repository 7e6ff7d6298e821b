// importAccounts and exportAccounts over the import .wasm's flat functions (src/js/import.rs,
// the core's src/backup/): the apps' backup files read into the main entry's Totp and Hotp,
// and keys written as Key URIs, an Aegis vault (plain or encrypted) or transfer URIs.
import { checkKeys, errorsAs, readImported, uriLines } from "./imported.js";
import "./tree.js"; // every core error's message, for the entries a backup skips
import { bytesIn, textOut } from "./utf8.js";

/** Numbered as the core's `Format::ALL`. */
const FORMATS = ["uris", "google-migration", "ente", "aegis", "2fas", "andotp", "freeotp-plus", "bitwarden", "bitwarden-csv"];
/** The largest file read (the core's MAX_BACKUP_BYTES). */
const MAX_BYTES = 16 << 20;

/**
 * `OtpError` is the main entry's (so `instanceof` holds across entries); `parseUri`, `Totp` and
 * `Hotp` make and check the keys; `toMigrationUris` writes transfer URIs.
 */
export function createBackup(wasm, { OtpError, Totp, Hotp, parseUri, toMigrationUris }) {
  const { invalid, fail, option } = errorsAs(OtpError);
  const passphraseOf = (options) => {
    const passphrase = option(options, "passphrase");
    if (passphrase !== undefined && typeof passphrase !== "string") throw invalid("passphrase must be a string");
    return passphrase;
  };

  /** The bytes of a string, Uint8Array, ArrayBuffer or Blob; past MAX_BYTES is unknown_format. */
  async function bytesOf(data) {
    let bytes;
    if (typeof data === "string") bytes = bytesIn(data);
    else if (data instanceof Uint8Array) bytes = data;
    else if (data instanceof ArrayBuffer) bytes = new Uint8Array(data);
    else if (typeof Blob !== "undefined" && data instanceof Blob) {
      if (data.size > MAX_BYTES) throw fail("unknown_format");
      bytes = new Uint8Array(await data.arrayBuffer());
    } else throw invalid("data must be a string, a Uint8Array, an ArrayBuffer or a Blob");
    if (bytes.length > MAX_BYTES) throw fail("unknown_format");
    return bytes;
  }

  /** Any supported backup file: `{ format, keys, skipped }`. */
  async function importAccounts(data, options) {
    const passphrase = passphraseOf(options);
    const bytes = await bytesOf(data);
    const packed = wasm.import_backup(bytes, bytesIn(passphrase ?? ""), passphrase !== undefined);
    try {
      if (packed[0] !== 0) throw fail(packed[0]);
      const { keys, skipped } = readImported(packed, 2, parseUri);
      return { format: FORMATS[packed[1]], keys, skipped };
    } finally {
      packed.fill(0);
    }
  }

  /** `keys` as a backup file's text: "uris", "aegis" (encrypted with a passphrase) or "google-migration". */
  async function exportAccounts(keys, options) {
    checkKeys(keys, { Totp, Hotp }, invalid);
    const format = option(options, "format") ?? "uris";
    const passphrase = passphraseOf(options);
    if (passphrase !== undefined && format !== "aegis") throw invalid("only the aegis format is encrypted");
    if (passphrase === "") throw invalid("passphrase must not be empty");
    if (format === "uris") return keys.map((key) => key.toUri() + "\n").join("");
    if (format === "google-migration") return toMigrationUris(keys).map((uri) => uri + "\n").join("");
    if (format !== "aegis") throw invalid('format must be "uris", "aegis" or "google-migration"');
    const lines = uriLines(keys);
    const out = wasm.to_aegis(lines, bytesIn(passphrase ?? ""), passphrase !== undefined);
    lines.fill(0);
    try {
      if (out[0] !== 0) throw fail(out[0]);
      return textOut(out.subarray(1));
    } finally {
      out.fill(0);
    }
  }

  return { importAccounts, exportAccounts };
}
