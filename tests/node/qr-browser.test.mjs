// otp-wasm/qr in headless Chromium, from the installed package as a page loads it: qrSvg's
// SVG drawn by the browser and read back from a canvas, a PNG file, an <img> and an
// ImageBitmap; a corrupted file is an OtpError; the entry loads one module and its own .wasm.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { launchChromium, serve } from "./support.mjs";

let browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

test("otp-wasm/qr in Chromium: every kind of image, one module and its own .wasm", async () => {
  writeFileSync("qr.html", `<!doctype html><script type="importmap">
    {"imports": {"otp-wasm/qr": "/node_modules/otp-wasm/qr.js"}}</script>`);
  const server = await serve(process.cwd());
  const page = await browser.newPage();
  try {
    const fetched = [];
    page.on("request", (request) => {
      const url = new URL(request.url());
      if (url.protocol !== "blob:") fetched.push(url.pathname.replace("/node_modules/otp-wasm/", ""));
    });
    await page.goto(`${server.url}/qr.html`);
    const result = await page.evaluate(async () => {
      const qr = await import("otp-wasm/qr");
      await qr.default();
      const uri = "otpauth://totp/Shop:ann@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Shop";
      const svg = qr.qrSvg(uri, { ecc: "Q" });
      const image = new Image();
      image.src = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" }));
      await image.decode();
      image.width = 300; // the SVG scaled up as a page shows it
      image.height = 300;
      const canvas = Object.assign(document.createElement("canvas"), { width: 300, height: 300 });
      const context = canvas.getContext("2d");
      context.fillStyle = "#fff";
      context.fillRect(0, 0, 300, 300);
      context.drawImage(image, 0, 0, 300, 300);
      const png = await new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
      const bitmap = await createImageBitmap(canvas);
      let corrupted;
      try {
        await qr.decodeQr(new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3])], { type: "image/png" }));
      } catch (error) {
        corrupted = { code: error.code, isOtpError: error instanceof qr.OtpError };
      }
      return {
        fromCanvas: await qr.decodeQr(canvas),
        fromImageData: await qr.decodeQr(context.getImageData(0, 0, 300, 300)),
        fromPng: await qr.decodeQr(png),
        fromBitmap: await qr.decodeQr(bitmap),
        fromFile: await qr.decodeQr(new File([png], "code.png", { type: "image/png" })),
        corrupted,
        accessible: svg.includes('role="img"') && svg.includes("<title>"),
        uri,
      };
    });
    const { uri, ...read } = result;
    assert.deepEqual(read, {
      fromCanvas: [uri],
      fromImageData: [uri],
      fromPng: [uri],
      fromBitmap: [uri],
      fromFile: [uri],
      corrupted: { code: "invalid_argument", isOtpError: true },
      accessible: true,
    });
    assert.deepEqual(fetched.filter((path) => path !== "/qr.html").sort(), ["qr.js", "web-qr/otp_wasm_bg.wasm"]);
  } finally {
    await page.close();
    await server.close();
  }
});
