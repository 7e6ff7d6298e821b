// scanQr in Chromium, Firefox and WebKitGTK. Each engine's own fake camera where it has one:
// Chromium's (--use-fake-device-for-media-stream, fed a y4m video of a QR code), Firefox's fake
// stream (media.navigator.streams.fake), WebKitGTK's mock capture device; only Chromium's can
// be shown a chosen picture, so in Firefox and WebKitGTK the code is read from a camera stream
// the page makes (a canvas's captureStream() as getUserMedia's answer). A code read resolves
// its text and the camera stops; an abort rejects with `aborted` and stops it too; a refused
// camera is `not_allowed`; no camera at all is `unsupported` (docs/api.md).
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { after, before, test } from "node:test";
import { ENGINES, FEATURES, forEachEngine, launch } from "./engines.mjs";
import { serve } from "./support.mjs";
import { qrSvg } from "otp-wasm/qr";

const URI = "otpauth://totp/Shop:ann@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Shop";
const WIDTH = 320;
const HEIGHT = 240;

/** Where qrSvg's code for `text` goes in a WIDTH × HEIGHT frame: its modules' runs, scaled. */
function layout(text) {
  const svg = qrSvg(text, { margin: 4 });
  const size = Number(/viewBox="0 0 (\d+)/.exec(svg)[1]);
  const scale = Math.floor(Math.min(WIDTH, HEIGHT) / size);
  const left = Math.floor((WIDTH - size * scale) / 2);
  const top = Math.floor((HEIGHT - size * scale) / 2);
  const runs = [...svg.matchAll(/M(\d+) (\d+)h(\d+)v1h-\3z/g)].map(([, x, y, run]) => [Number(x), Number(y), Number(run)]);
  return { size, scale, left, top, runs };
}

/** A y4m video (4:2:0, grey) of `frames` frames showing qrSvg's code for `text`, centred. */
function y4m(text, frames) {
  const { size, scale, left, top, runs } = layout(text);
  const luma = new Uint8Array(WIDTH * HEIGHT).fill(235);
  for (let y = 0; y < size * scale; y++) luma.fill(255, (top + y) * WIDTH + left, (top + y) * WIDTH + left + size * scale);
  for (const [x, y, run] of runs) {
    for (let row = y * scale; row < (y + 1) * scale; row++) {
      const start = (top + row) * WIDTH + left + x * scale;
      luma.fill(16, start, start + run * scale);
    }
  }
  const chroma = new Uint8Array((WIDTH / 2) * (HEIGHT / 2) * 2).fill(128);
  const frame = Buffer.concat([Buffer.from("FRAME\n"), luma, chroma]);
  return Buffer.concat([Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F10:1 Ip A1:1 C420jpeg\n`), ...Array(frames).fill(frame)]);
}

let server;
before(async () => {
  writeFileSync("camera.y4m", y4m(URI, 10));
  // The page: the module ready in `qr`; as camera.html#scan it scans at once and tells its parent.
  writeFileSync(
    "camera.html",
    `<!doctype html><meta charset="utf-8"><video></video><script type="importmap">
    {"imports": {"otp-wasm/qr": "/node_modules/otp-wasm/qr.js"}}</script>
    <script type="module">
      import init, * as qr from "otp-wasm/qr";
      await init();
      window.qr = qr;
      window.ready = true;
      if (location.hash === "#scan") {
        const answer = (message) => parent.postMessage(message, "*");
        qr.scanQr(document.querySelector("video")).then((text) => answer("resolved " + text), (error) => answer(error.code));
      }
    </script>`,
  );
  server = await serve(process.cwd());
});
after(async () => {
  await server?.close();
});

const AsyncFunction = (async () => {}).constructor;

/** Runs `body` (page source: `qr`, `video` and `arg` in scope) in the page and answers its value. */
function run(page, body, arg) {
  const fn = new AsyncFunction("arg", `const qr = window.qr; const video = document.querySelector("video"); ${body}`);
  return page.evaluate(fn, arg);
}

forEachEngine(ENGINES, (engine) => {
  /**
   * Each engine's fake camera: Chromium's (a file given, or its own test pattern), Firefox's
   * fake stream, WebKitGTK's mock device; the camera allowed without asking.
   */
  const fakeCamera = (file) =>
    ({
      chromium: { chromiumArgs: ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", ...(file ? [`--use-file-for-fake-video-capture=${resolve(file)}`] : [])] },
      firefox: { firefoxUserPrefs: { "media.navigator.streams.fake": true, "media.navigator.permission.disabled": true } },
      webkit: { webkitArgs: ["--enable-mock-capture-devices=true"] },
    })[engine];

  // Browsers by their launch options, opened once: in Firefox and WebKitGTK a page is a session.
  const open = new Map();
  async function pageWith(options) {
    const key = JSON.stringify(options);
    if (!open.has(key)) {
      open.set(
        key,
        (async () => {
          const browser = await launch(engine, options);
          const page = await (await browser.newContext()).newPage();
          return { browser, page };
        })(),
      );
    }
    const { page } = await open.get(key);
    // localhost is a secure context, as getUserMedia needs.
    await page.goto(`${server.url.replace("127.0.0.1", "localhost")}/camera.html`);
    await page.waitForFunction(() => window.ready);
    return page;
  }
  after(async () => {
    for (const opened of open.values()) await (await opened.catch(() => null))?.browser.close();
  });

  if (FEATURES[engine].fakeCamera) {
    test("scanQr reads the code the camera shows, then stops the camera", async () => {
      const page = await pageWith(fakeCamera("camera.y4m"));
      const result = await run(page, `
        const text = await qr.scanQr(video);
        return { text, stopped: video.srcObject === null };
      `);
      assert.deepEqual(result, { text: URI, stopped: true });
    });
  } else {
    test("scanQr reads the code a camera stream shows (a canvas's), then stops the camera", async () => {
      // This engine's fake camera shows a pattern of its own: the camera getUserMedia answers
      // with is a canvas's stream showing the code, drawn as the y4m above, ten frames a second.
      const page = await pageWith(fakeCamera());
      const result = await run(
        page,
        `
        const { size, scale, left, top, runs } = arg;
        const canvas = Object.assign(document.createElement("canvas"), { width: ${WIDTH}, height: ${HEIGHT} });
        const context = canvas.getContext("2d");
        const paint = () => {
          context.fillStyle = "#ebebeb";
          context.fillRect(0, 0, canvas.width, canvas.height);
          context.fillStyle = "#fff";
          context.fillRect(left, top, size * scale, size * scale);
          context.fillStyle = "#101010";
          for (const [x, y, run] of runs) context.fillRect(left + x * scale, top + y * scale, run * scale, scale);
        };
        paint();
        const painting = setInterval(paint, 100);
        const stream = canvas.captureStream(10);
        const asked = [];
        navigator.mediaDevices.getUserMedia = async (constraints) => {
          asked.push(constraints);
          return stream;
        };
        try {
          const text = await qr.scanQr(video);
          return { text, stopped: video.srcObject === null, ended: stream.getVideoTracks().map((t) => t.readyState), asked };
        } finally {
          clearInterval(painting);
        }
      `,
        layout(URI),
      );
      assert.deepEqual(result, {
        text: URI,
        stopped: true,
        ended: ["ended"],
        asked: [{ video: { facingMode: "environment" }, audio: false }],
      });
    });
  }

  test("scanQr: abort rejects with aborted and stops the camera (the engine's fake camera)", async () => {
    // The fake camera (no file) shows a pattern of the engine's own, with no QR code in it.
    const page = await pageWith(fakeCamera());
    const aborted = await run(page, `
      const controller = new AbortController();
      const scan = qr.scanQr(video, { signal: controller.signal });
      await new Promise((resolve) => setTimeout(resolve, 800));
      const stream = video.srcObject;
      const playing = stream !== null && video.videoWidth > 0;
      controller.abort();
      const code = await scan.then(() => "resolved", (error) => error.code);
      return { playing, code, stopped: video.srcObject === null, ended: stream?.getVideoTracks().map((t) => t.readyState) };
    `);
    assert.deepEqual(aborted, { playing: true, code: "aborted", stopped: true, ended: ["ended"] });
    const early = await run(page, `
      const controller = new AbortController();
      controller.abort();
      return await qr.scanQr(video, { signal: controller.signal }).then(() => "resolved", (error) => error.code);
    `);
    assert.equal(early, "aborted");
  });

  test("scanQr: a refused camera is not_allowed; what is not a <video> is invalid_argument", async () => {
    const page = await pageWith(fakeCamera());
    // A frame from another origin without allow="camera": the browser refuses it the camera.
    const inFrame = await run(page, `
      return await new Promise((resolve) => {
        addEventListener("message", (event) => resolve(event.data), { once: true });
        const frame = document.createElement("iframe");
        frame.src = location.href.replace("localhost", "127.0.0.1") + "#scan";
        document.body.append(frame);
      });
    `);
    assert.equal(inFrame, "not_allowed");
    const invalid = await run(page, `return await qr.scanQr(document.body).then(() => "resolved", (error) => error.code);`);
    assert.equal(invalid, "invalid_argument");
    // The person refusing: Chromium's prompt dismissed (no --use-fake-ui-for-media-stream),
    // Firefox's camera permission set to Block. WebKitGTK's MiniBrowser grants automation's asks.
    const refusing = {
      chromium: { chromiumArgs: ["--use-fake-device-for-media-stream"] },
      firefox: { firefoxUserPrefs: { "media.navigator.streams.fake": true, "permissions.default.camera": 2 } },
    }[engine];
    if (refusing) {
      const refused = await run(await pageWith(refusing), `return await qr.scanQr(video).then(() => "resolved", (error) => [error.code, video.srcObject]);`);
      assert.deepEqual(refused, ["not_allowed", null]);
    }
  });

  test("scanQr with no camera at all: unsupported, the documented answer", async () => {
    const page = await pageWith({});
    const result = await run(page, `
      const devices = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === "videoinput").length;
      const code = await qr.scanQr(video).then(() => "resolved", (error) => error.code);
      return { devices, code, stopped: video.srcObject === null };
    `);
    assert.deepEqual(result, { devices: 0, code: "unsupported", stopped: true });
  });
});
