// HOTP/TOTP against an independent implementation: RFC 4226 §5.3 written out over Node's own
// HMAC (node:crypto), for counters spread over the whole 64-bit range.
import assert from "node:assert/strict";
import { createHmac, randomBytes } from "node:crypto";
import { test } from "node:test";
import { Hotp, Totp, base32Encode } from "otp-wasm";

function referenceHotp(key, counter, digits, algorithm) {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(counter);
  const hs = createHmac(algorithm, key).update(message).digest();
  const offset = hs[hs.length - 1] & 0x0f;
  const number = hs.readUInt32BE(offset) & 0x7fffffff;
  return String(number % 10 ** digits).padStart(digits, "0");
}

const edges = [0n, 1n, 2n ** 31n - 1n, 2n ** 31n, 2n ** 32n + 5n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 63n, 2n ** 64n - 1n];

test("HOTP equals node:crypto's HMAC for 64-bit counters, every algorithm and length", () => {
  for (const [algorithm, node] of [["SHA1", "sha1"], ["SHA256", "sha256"], ["SHA512", "sha512"]]) {
    for (const digits of [6, 7, 8, 10]) {
      for (const size of [10, 20, 32, 64, 100]) {
        const key = randomBytes(size);
        const hotp = new Hotp({ secret: key, algorithm, digits });
        const random = Array.from({ length: 8 }, () => randomBytes(8).readBigUInt64BE());
        for (const counter of [...edges, ...random]) {
          assert.equal(hotp.generate(counter), referenceHotp(key, counter, digits, node), `${algorithm} ${digits} ${counter}`);
        }
      }
    }
  }
});

test("TOTP equals node:crypto's HMAC at T = floor(t / X)", () => {
  const key = randomBytes(20);
  for (const period of [1, 30, 60, 3600]) {
    const totp = new Totp({ secret: base32Encode(key), period });
    for (const ms of [0, 999, 59_000, 1_700_000_000_123, Number.MAX_SAFE_INTEGER]) {
      const step = BigInt(Math.floor(ms / 1000 / period));
      assert.equal(totp.generate(ms), referenceHotp(key, step, 6, "sha1"), `${period} ${ms}`);
    }
  }
});
