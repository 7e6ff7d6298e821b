// otp-wasm/qr through the installed package: decodeQr on images an independent encoder drew
// (segno, scripts/qr-fixtures.py: error levels, versions, scales, rotations, noise, inverted,
// several codes, a page-sized screenshot, none), and qrSvg's output read back by decodeQr.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { OtpError, decodeQr, qrSvg } from "otp-wasm/qr";

/** RGBA pixels from one byte of grey a pixel. */
function rgba(luma, width, height) {
  const data = new Uint8ClampedArray(width * height * 4);
  luma.forEach((value, i) => data.set([value, value, value, 255], i * 4));
  return { data, width, height };
}

async function rejectsWith(promise, code) {
  await assert.rejects(promise, (error) => error instanceof OtpError && error.code === code);
}

test("decodeQr reads what an independent encoder drew, every code, at any angle", async () => {
  const cases = JSON.parse(readFileSync("qr-cases.json", "utf8"));
  assert.ok(cases.length >= 25);
  for (const c of cases) {
    const texts = await decodeQr(rgba(Buffer.from(c.luma, "base64"), c.width, c.height));
    assert.deepEqual(texts.sort(), [...c.texts].sort(), c.name);
  }
});

/** Draws an SVG from qrSvg at `scale` pixels a module, from its one path of runs. */
function rasterize(svg, scale) {
  const size = Number(/viewBox="0 0 (\d+) \1"/.exec(svg)[1]);
  const side = size * scale;
  const luma = new Uint8Array(side * side).fill(255);
  for (const [, x, y, run] of svg.matchAll(/M(\d+) (\d+)h(\d+)v1h-\3z/g)) {
    for (let row = Number(y) * scale; row < (Number(y) + 1) * scale; row++) {
      luma.fill(0, row * side + Number(x) * scale, row * side + (Number(x) + Number(run)) * scale);
    }
  }
  return rgba(luma, side, side);
}

test("qrSvg: accessible SVG that decodeQr reads back, across lengths and error levels", async () => {
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789:/?&=%-_.~ é東";
  for (let i = 0; i < 32; i++) {
    const length = 1 + Math.floor(random() ** 2 * 900);
    const text = Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join("");
    const ecc = "LMQH"[i % 4];
    const svg = qrSvg(text, { ecc, margin: 2 + (i % 3) });
    assert.match(svg, /^<svg [^>]*role="img"[^>]*><title>QR code<\/title>/);
    assert.deepEqual(await decodeQr(rasterize(svg, 2 + (i % 2))), [text], `${length} characters at ${ecc}`);
  }
  // The defaults: error correction M, a quiet zone of 4 modules (a version 1 code is 21 wide).
  assert.match(qrSvg("a"), /viewBox="0 0 29 29"/);
});

test("a code at one pixel a module reads (small images are read enlarged), up to version 40", async () => {
  for (const [text, ecc] of [["a", "M"], ["otpauth://totp/Shop:ann@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Shop", "Q"], ["x".repeat(2953), "L"]]) {
    const svg = qrSvg(text, { ecc });
    const pixels = rasterize(svg, 1);
    assert.deepEqual(await decodeQr(pixels), [text], `${text.length} characters, ${pixels.width} pixels wide`);
    // As bytes at an odd offset, as a Buffer slice can be: read the same.
    const bytes = new Uint8Array(pixels.data.length + 1);
    bytes.set(pixels.data, 1);
    assert.deepEqual(await decodeQr({ data: bytes.subarray(1), width: pixels.width, height: pixels.height }), [text]);
  }
});

test("bad input: an OtpError, never a trap", async () => {
  assert.throws(() => qrSvg("x".repeat(3000), { ecc: "L" }), { code: "invalid_argument", message: /too long/ });
  assert.throws(() => qrSvg(42), { code: "invalid_argument" });
  assert.throws(() => qrSvg("a", { ecc: "X" }), { code: "invalid_argument" });
  assert.throws(() => qrSvg("a", { margin: -1 }), { code: "invalid_argument" });
  assert.throws(() => qrSvg("a", { get ecc() { throw new Error("boom"); } }), { code: "invalid_argument" });
  await rejectsWith(decodeQr({ data: new Uint8ClampedArray(10), width: 3, height: 3 }), "invalid_argument");
  await rejectsWith(decodeQr("not an image"), "invalid_argument");
  await rejectsWith(decodeQr(null), "invalid_argument");
  await rejectsWith(decodeQr(new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])])), "unsupported");
  // Noise of every size reads as nothing, and the module still works afterwards.
  for (const side of [1, 7, 64, 333]) {
    const data = new Uint8ClampedArray(side * side * 4).map(() => Math.floor(Math.random() * 256));
    assert.deepEqual(await decodeQr({ data, width: side, height: side }), []);
  }
  assert.deepEqual(await decodeQr({ data: new Uint8ClampedArray(0), width: 0, height: 0 }), []);
  assert.deepEqual(await decodeQr(rasterize(qrSvg("still here"), 3)), ["still here"]);
});
