// scanQr in headless Chromium with a fake camera (--use-file-for-fake-video-capture): a video
// made from a QR code resolves its text and the camera stops; an abort rejects with `aborted`
// and stops it too; a refused camera is `not_allowed`.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { after, before, test } from "node:test";
import { launchChromium, serve } from "./support.mjs";
import { qrSvg } from "otp-wasm/qr";

const URI = "otpauth://totp/Shop:ann@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Shop";
const WIDTH = 320;
const HEIGHT = 240;

/** A y4m video (4:2:0, grey) of `frames` frames showing qrSvg's code for `text`, centred. */
function y4m(text, frames) {
  const svg = qrSvg(text, { margin: 4 });
  const size = Number(/viewBox="0 0 (\d+)/.exec(svg)[1]);
  const scale = Math.floor(Math.min(WIDTH, HEIGHT) / size);
  const left = Math.floor((WIDTH - size * scale) / 2);
  const top = Math.floor((HEIGHT - size * scale) / 2);
  const luma = new Uint8Array(WIDTH * HEIGHT).fill(235);
  for (let y = 0; y < size * scale; y++) luma.fill(255, (top + y) * WIDTH + left, (top + y) * WIDTH + left + size * scale);
  for (const [, x, y, run] of svg.matchAll(/M(\d+) (\d+)h(\d+)v1h-\3z/g)) {
    for (let row = Number(y) * scale; row < (Number(y) + 1) * scale; row++) {
      const start = (top + row) * WIDTH + left + Number(x) * scale;
      luma.fill(16, start, start + Number(run) * scale);
    }
  }
  const chroma = new Uint8Array((WIDTH / 2) * (HEIGHT / 2) * 2).fill(128);
  const frame = Buffer.concat([Buffer.from("FRAME\n"), luma, chroma]);
  return Buffer.concat([Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F10:1 Ip A1:1 C420jpeg\n`), ...Array(frames).fill(frame)]);
}

let server;
before(async () => {
  writeFileSync("camera.y4m", y4m(URI, 10));
  writeFileSync("camera.html", `<!doctype html><video></video><script type="importmap">
    {"imports": {"otp-wasm/qr": "/node_modules/otp-wasm/qr.js"}}</script>`);
  server = await serve(process.cwd());
});
after(async () => {
  await server?.close();
});

/** Runs `body` (page source, `qr` and `video` in scope) in a browser with a fake camera. */
async function inPage(body, { grant = true, file = "camera.y4m" } = {}) {
  const args = ["--use-fake-device-for-media-stream"];
  if (grant) args.push("--use-fake-ui-for-media-stream");
  if (file) args.push(`--use-file-for-fake-video-capture=${resolve(file)}`);
  const browser = await launchChromium(args);
  try {
    const page = await browser.newPage();
    // localhost is a secure context, as getUserMedia needs.
    await page.goto(`${server.url.replace("127.0.0.1", "localhost")}/camera.html`);
    return await page.evaluate(`(async () => {
      const qr = await import("otp-wasm/qr");
      await qr.default();
      const video = document.querySelector("video");
      ${body}
    })()`);
  } finally {
    await browser.close();
  }
}

test("scanQr reads the code the camera shows, then stops the camera", async () => {
  const result = await inPage(`
    const text = await qr.scanQr(video);
    return { text, stopped: video.srcObject === null };
  `);
  assert.deepEqual(result, { text: URI, stopped: true });
});

test("scanQr: abort rejects with aborted and stops the camera; a refused camera is not_allowed", async () => {
  // Chromium's own fake camera (no file) shows a test pattern with no QR code in it.
  const aborted = await inPage(
    `
    const controller = new AbortController();
    const scan = qr.scanQr(video, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 800));
    const streaming = video.srcObject !== null;
    controller.abort();
    const code = await scan.then(() => "resolved", (error) => error.code);
    return { streaming, code, stopped: video.srcObject === null };
  `,
    { file: null },
  );
  assert.deepEqual(aborted, { streaming: true, code: "aborted", stopped: true });
  const refused = await inPage(`return await qr.scanQr(video).then(() => "resolved", (error) => error.code);`, { grant: false });
  assert.equal(refused, "not_allowed");
  const invalid = await inPage(`return await qr.scanQr(document.body).then(() => "resolved", (error) => error.code);`);
  assert.equal(invalid, "invalid_argument");
});
