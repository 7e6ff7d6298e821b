// otp-wasm/qr in Chromium, Firefox and WebKitGTK, from the installed package as a page loads
// it: qrSvg's SVG drawn by the browser and read back from a canvas, a PNG file, an <img> (at its
// natural size too: WebKit sizes it at its viewBox, a pixel a module) and an ImageBitmap; a
// corrupted file is an OtpError; the entry loads one module and its own .wasm. No engine here
// has a BarcodeDetector: the core's reader is the one that reads, and one the page provides is
// asked first.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { ENGINES, forEachEngine, launch } from "./engines.mjs";
import { serve } from "./support.mjs";

const URI = "otpauth://totp/Shop:ann@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Shop";

forEachEngine(ENGINES, (engine) => {
  let server;
  let browser;
  let page; // one page for the file (each WebDriver context is a browser session of its own)

  /** The page, loaded afresh: the module imported and initialised. */
  async function load() {
    await page.goto(`${server.url}/qr.html`);
    await page.waitForFunction(() => window.ready);
    return page;
  }

  before(async () => {
    writeFileSync(
      "qr.html",
      `<!doctype html><meta charset="utf-8"><script type="importmap">
      {"imports": {"otp-wasm/qr": "/node_modules/otp-wasm/qr.js"}}</script>
      <script type="module">
        import init, * as qr from "otp-wasm/qr";
        await init();
        window.qr = qr;
        window.ready = true;
      </script>`,
    );
    server = await serve(process.cwd());
    browser = await launch(engine);
    page = await (await browser.newContext()).newPage();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test("every kind of image, one module and its own .wasm; the core's reader reads", async () => {
    const from = server.requested.length;
    await load();
    const result = await page.evaluate(async (uri) => {
      const { qr } = window;
      const svg = qr.qrSvg(uri, { ecc: "Q" });
      const image = new Image();
      image.src = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" }));
      await image.decode();
      const canvas = Object.assign(document.createElement("canvas"), { width: 300, height: 300 });
      const context = canvas.getContext("2d");
      context.fillStyle = "#fff";
      context.fillRect(0, 0, 300, 300);
      context.drawImage(image, 0, 0, 300, 300); // the SVG scaled up as a page shows it
      const png = await new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
      const bitmap = await createImageBitmap(canvas);
      let corrupted;
      try {
        await qr.decodeQr(new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3])], { type: "image/png" }));
      } catch (error) {
        corrupted = { code: error.code, isOtpError: error instanceof qr.OtpError };
      }
      return {
        // None of these engines has one: what reads below is the package's own reader.
        barcodeDetector: typeof BarcodeDetector,
        fromCanvas: await qr.decodeQr(canvas),
        fromImageData: await qr.decodeQr(context.getImageData(0, 0, 300, 300)),
        fromPng: await qr.decodeQr(png),
        fromBitmap: await qr.decodeQr(bitmap),
        fromFile: await qr.decodeQr(new File([png], "code.png", { type: "image/png" })),
        fromImg: await qr.decodeQr(image),
        corrupted,
        accessible: svg.includes('role="img"') && svg.includes("<title>"),
      };
    }, URI);
    assert.deepEqual(result, {
      barcodeDetector: "undefined",
      fromCanvas: [URI],
      fromImageData: [URI],
      fromPng: [URI],
      fromBitmap: [URI],
      fromFile: [URI],
      fromImg: [URI],
      corrupted: { code: "invalid_argument", isOtpError: true },
      accessible: true,
    });
    const fetched = server.requested.slice(from).filter((path) => !["/qr.html", "/favicon.ico"].includes(path));
    assert.deepEqual(fetched.sort(), ["/node_modules/otp-wasm/qr.js", "/node_modules/otp-wasm/web-qr/otp_wasm_bg.wasm"]);
  });

  test("small images read: qrSvg in an <img> at its natural size, a code drawn a pixel a module", async () => {
    await load();
    const result = await page.evaluate(async (uri) => {
      const { qr } = window;
      const svg = qr.qrSvg(uri);
      const modules = Number(/viewBox="0 0 (\d+)/.exec(svg)[1]);
      const load = async (src, attributes = {}) => {
        const image = Object.assign(new Image(), attributes);
        image.src = src;
        await image.decode();
        return image;
      };
      // The <img> as a page shows qrSvg's output: no size given (WebKit: the viewBox's, a
      // pixel a module), from a blob: and a data: URL, and in the page sized by CSS.
      const blobUrl = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" }));
      const natural = await load(blobUrl);
      const dataUrl = await load(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
      const shown = await load(blobUrl);
      shown.style.width = "120px";
      document.body.append(shown);
      // The same code as a bitmap at exactly one pixel a module: a PNG file, its <img>, pixels.
      const canvas = Object.assign(document.createElement("canvas"), { width: modules, height: modules });
      const context = canvas.getContext("2d");
      context.fillStyle = "#fff";
      context.fillRect(0, 0, modules, modules);
      context.fillStyle = "#000";
      for (const [, x, y, run] of svg.matchAll(/M(\d+) (\d+)h(\d+)v1h-\3z/g)) context.fillRect(Number(x), Number(y), Number(run), 1);
      const png = await new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
      const pngImage = await load(URL.createObjectURL(png));
      return {
        naturalSize: [natural.naturalWidth, natural.naturalHeight],
        modules,
        texts: {
          natural: await qr.decodeQr(natural),
          dataUrl: await qr.decodeQr(dataUrl),
          shown: await qr.decodeQr(shown),
          png: await qr.decodeQr(png),
          pngImage: await qr.decodeQr(pngImage),
          canvas: await qr.decodeQr(canvas),
          pixels: await qr.decodeQr(context.getImageData(0, 0, modules, modules)),
        },
      };
    }, URI);
    // WebKit shows the SVG at its viewBox size: one pixel a module (the case that read nothing).
    if (engine === "webkit") assert.deepEqual(result.naturalSize, [result.modules, result.modules]);
    const texts = Object.fromEntries(Object.keys(result.texts).map((name) => [name, [URI]]));
    assert.deepEqual(result.texts, texts, `natural size ${result.naturalSize} for ${result.modules} modules`);
  });

  test("a BarcodeDetector the page has is asked first; the core reads what it does not", async () => {
    await load();
    const result = await page.evaluate(async (uri) => {
      const { qr } = window;
      const svg = qr.qrSvg(uri);
      const canvas = Object.assign(document.createElement("canvas"), { width: 300, height: 300 });
      const image = new Image();
      image.src = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" }));
      await image.decode();
      canvas.getContext("2d").drawImage(image, 0, 0, 300, 300);
      const calls = [];
      /** A BarcodeDetector reading `formats` whose detect answers `detect()`. */
      const install = (formats, detect) => {
        window.BarcodeDetector = class {
          static async getSupportedFormats() {
            return formats;
          }
          constructor(options) {
            calls.push(options.formats.join());
          }
          async detect(source) {
            calls.push(`detect ${source instanceof ImageData && source.width >= 300 ? "the image" : source}`);
            return detect();
          }
        };
      };
      const read = async () => {
        calls.length = 0;
        return { texts: await qr.decodeQr(canvas), calls: [...calls] };
      };
      install(["qr_code"], () => [{ rawValue: "what the detector read" }]);
      const answered = await read();
      install(["qr_code"], () => []);
      const foundNothing = await read();
      install(["qr_code"], () => {
        throw new DOMException("no", "NotSupportedError");
      });
      const failed = await read();
      install(["ean_13"], () => [{ rawValue: "not asked" }]);
      const otherFormats = await read();
      delete window.BarcodeDetector;
      return { answered, foundNothing, failed, otherFormats, without: await read() };
    }, URI);
    assert.deepEqual(result, {
      answered: { texts: ["what the detector read"], calls: ["qr_code", "detect the image"] },
      foundNothing: { texts: [URI], calls: ["qr_code", "detect the image"] },
      failed: { texts: [URI], calls: ["qr_code", "detect the image"] },
      otherFormats: { texts: [URI], calls: [] },
      without: { texts: [URI], calls: [] },
    });
  });
});
