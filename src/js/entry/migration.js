// parseMigrationUri and toMigrationUris over the import .wasm's flat functions
// (src/js/import.rs). The keys are made by the Totp, Hotp and parseUri given (the main
// entry's), so they are that entry's objects: the vault and every other function take them.
import { checkKeys, errorsAs, readImported, uriLines } from "./imported.js";
import { bytesIn, textOut } from "./utf8.js";

/** `OtpError` is the main entry's, so `instanceof` holds whichever entry threw. */
export function createMigration(wasm, { OtpError, Totp, Hotp, parseUri }) {
  const { invalid, fail, option } = errorsAs(OtpError);

  /**
   * The keys of a Google Authenticator "Transfer accounts" QR code, the entries that make no
   * key here (`skipped`), and the batch of QR codes it belongs to.
   */
  function parseMigrationUri(uri) {
    if (typeof uri !== "string") throw invalid("uri must be a string");
    const packed = wasm.parse_migration(bytesIn(uri));
    try {
      if (packed[0] !== 0) throw fail(packed[0]);
      const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
      const [batchSize, batchIndex, batchId] = [1, 5, 9].map((at) => view.getInt32(at, true));
      const { keys, skipped } = readImported(packed, 13, parseUri);
      return { keys, skipped, batchIndex, batchSize, batchId };
    } finally {
      packed.fill(0);
    }
  }

  /**
   * The URIs Google Authenticator imports for `keys`, one per QR code, `batchSize` keys each
   * (default 10); a key it cannot carry is `not_representable`, named in the message.
   */
  function toMigrationUris(keys, options) {
    checkKeys(keys, { Totp, Hotp }, invalid);
    const batchSize = option(options, "batchSize") ?? 10;
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1000) throw invalid("batchSize must be a whole number from 1 to 1000");
    if (keys.length === 0) return [];
    const batchId = crypto.getRandomValues(new Int32Array(1))[0];
    const lines = uriLines(keys);
    const out = wasm.to_migration(lines, batchSize, batchId);
    lines.fill(0);
    try {
      if (out[0] === 0) return textOut(out.subarray(1)).split("\n");
      if (out.length < 5) throw fail(out[0]);
      const key = keys[new DataView(out.buffer, out.byteOffset, out.byteLength).getUint32(1, true)];
      const named = [key.issuer, key.label].filter(Boolean).join(": ") || "a key";
      throw new OtpError("not_representable", `${named}: Google Authenticator's transfer takes only 30-second periods and 6 or 8 digits, no Steam keys`);
    } finally {
      out.fill(0);
    }
  }

  return { parseMigrationUri, toMigrationUris };
}
