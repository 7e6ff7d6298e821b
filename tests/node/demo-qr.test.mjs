// The demo's browser-authenticator panel reading QR codes, as a person uses it, in Chromium,
// Firefox and WebKitGTK: choose an image file, paste a screenshot, scan with the camera
// (Chromium's fake camera fed a video of a code; in Firefox and WebKitGTK, whose fake cameras
// show a pattern of their own, a camera stream the page makes from an image of the code), export
// and import transfer codes and encrypted backups. The images come from an independent encoder
// (segno, scripts/qr-fixtures.py).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { after, before, test } from "node:test";
import { ENGINES, FEATURES, forEachEngine, launch } from "./engines.mjs";
import { startDemoServer } from "./support.mjs";

const WWW = new URL("../../../www", import.meta.url).pathname;
const FIXTURES = new URL("../../../scripts/qr-fixtures.py", import.meta.url).pathname;
const BACKUPS = new URL("../../vectors/backups/", import.meta.url);
const key = (issuer, label) => `otpauth://totp/${issuer}:${label}?secret=JBSWY3DPEHPK3PXP&issuer=${issuer}`;

function fixture(...args) {
  const result = spawnSync("python3", [FIXTURES, ...args], { encoding: "utf8" });
  assert.equal(result.status, 0, result.stderr);
}

let server;
before(async () => {
  mkdirSync("screenshots", { recursive: true });
  fixture("png", "one-key.png", key("Files", "ann"));
  fixture("png", "two-keys.png", key("Paste", "bob"), key("Paste", "carol"));
  fixture("png", "not-a-key.png", "https://example.com/");
  fixture("y4m", "camera-key.y4m", key("Camera", "dan"));
  fixture("png", "camera-key.png", key("Camera", "dan"));
  // A Google Authenticator transfer QR code, written by protobuf's Python library: five
  // accounts and two entries (MD5, no secret) that make no key.
  const transfer = JSON.parse(readFileSync("migration.json", "utf8")).at(-1).uri;
  fixture("png", "transfer.png", transfer);
  server = await startDemoServer(["--www", WWW, "--pkg", "node_modules/otp-wasm"]);
});
after(() => {
  server?.stop();
});

const codeOf = (region, issuer, label) => region.getByLabel(`Code for ${issuer} ${label}`, { exact: true });

/** Pastes the PNG file `name` into the panel, as a person pastes a screenshot after clicking in it. */
async function pasteImage(page, region, name) {
  const png = readFileSync(name).toString("base64");
  await region.click({ position: { x: 5, y: 5 } }); // the panel has focus, as after a click in it
  assert.equal(await page.evaluate(() => document.activeElement.closest("#vault-panel")?.id), "vault-panel", "the click focused the panel");
  await page.evaluate(
    ([data, name]) => {
      const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      const clipboard = new DataTransfer();
      clipboard.items.add(new File([bytes], name, { type: "image/png" }));
      const paste = new ClipboardEvent("paste", { clipboardData: clipboard, bubbles: true });
      // Firefox's constructor leaves clipboardData's files out (its headless clipboard holds no
      // images for a real Ctrl+V either): the event then carries the clipboard as its property.
      if (paste.clipboardData?.files.length !== 1) Object.defineProperty(paste, "clipboardData", { value: clipboard });
      document.activeElement.dispatchEvent(paste);
    },
    [png, name],
  );
}

/** What the panel shows for each account: issuer and label, and the code's shape. */
async function shown(region) {
  const items = await region.getByRole("listitem").allTextContents();
  return items.map((text) => text.replace(/^[0-9A-Z]{5,8}/, (code) => (/^\d+$/.test(code) ? `${code.length} digits ` : "5 letters "))).sort();
}

/**
 * From now on, every file the page offers for download (a link with `download` clicked, as the
 * panel makes one) is kept in the page as { name, type, text }, read from the link's blob: URL;
 * the click goes on as before. The same in every engine: `offered(page)` reads them.
 */
async function captureDownloads(page) {
  await page.evaluate(() => {
    window.__offered = [];
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function () {
      if (this.hasAttribute("download")) {
        const { download: name, href } = this;
        window.__offered.push(
          fetch(href).then(async (response) => ({ name, href, type: response.headers.get("content-type"), text: await response.text() })),
        );
      }
      return click.call(this);
    };
  });
}
const offered = (page) => page.evaluate(() => Promise.all(window.__offered));

forEachEngine(ENGINES, (engine) => {
  let browser;
  // Chromium's screenshots are the README's; the other engines' go beside them, named for the engine.
  const shot = (name) => `screenshots/${name}${engine === "chromium" ? "" : `-${engine}`}.png`;

  // Where Firefox saves downloads, without asking (Chromium's come through Playwright's event).
  const downloads = resolve(`downloads-${engine}`);

  before(async () => {
    rmSync(downloads, { recursive: true, force: true });
    mkdirSync(downloads);
    browser = await launch(engine, {
      chromiumArgs: [
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
        `--use-file-for-fake-video-capture=${resolve("camera-key.y4m")}`,
      ],
      firefoxUserPrefs: {
        "browser.download.folderList": 2,
        "browser.download.dir": downloads,
        "browser.download.useDownloadDir": true,
        "browser.download.always_ask_before_handling_new_types": false,
      },
    });
  });
  after(async () => {
    await browser?.close();
  });

  /** The page in a fresh browser profile (an empty authenticator), the panel found. */
  async function panel() {
    const context = await browser.newContext({ viewport: { width: 1000, height: 760 } });
    const page = await context.newPage();
    const failures = [];
    page.on("pageerror", (error) => failures.push(String(error)));
    await page.goto(`${server.base}/`);
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    return { page, context, failures, region: page.getByRole("region", { name: "This browser as an authenticator" }) };
  }

  test("choose an image file: the key in its QR code joins the panel with a live code", async () => {
    const { page, context, failures, region } = await panel();
    await region.getByLabel("Choose a file").setInputFiles("one-key.png");
    await codeOf(region, "Files", "ann").waitFor();
    assert.match(await codeOf(region, "Files", "ann").textContent(), /^\d{6}$/);
    await page.getByText("Added to this browser's authenticator.").waitFor();
    // An image holding something else is named, not added.
    await region.getByLabel("Choose a file").setInputFiles("not-a-key.png");
    await page.getByText('That QR code holds something else: "https://example.com/".').waitFor();
    assert.deepEqual(failures, []);
    await context.close();
  });

  test("paste a screenshot: every key in it is added", async () => {
    const { page, context, failures, region } = await panel();
    await pasteImage(page, region, "two-keys.png");
    await codeOf(region, "Paste", "bob").waitFor();
    await codeOf(region, "Paste", "carol").waitFor();
    await page.getByText("Added 2 accounts to this browser's authenticator.").waitFor();
    assert.deepEqual(failures, []);
    await context.close();
  });

  test("paste a screenshot of a Google Authenticator transfer code: all its accounts appear", async () => {
    const { page, context, failures, region } = await panel();
    await pasteImage(page, region, "transfer.png");
    for (const [issuer, label] of [["Old", "eighty bits"], ["New", "512 bits"], ["Café", "zoë@exämple.com"], ["東京", "アカウント"]]) {
      await codeOf(region, issuer, label).waitFor();
    }
    assert.match(await codeOf(region, "New", "512 bits").textContent(), /^\d{8}$/);
    await page.getByText("Added 5 accounts to this browser's authenticator. 2 of the transfer's accounts could not be used here (MD5, or no secret).").waitFor();
    assert.deepEqual(failures, []);
    await context.close();
  });

  test(
    FEATURES[engine].fakeCamera
      ? "scan with the camera: the key is added and the camera closes"
      : "scan with the camera (a stream of the code's image as the camera): the key is added and the camera closes",
    async () => {
      const { page, context, failures, region } = await panel();
      if (!FEATURES[engine].fakeCamera) {
        // This engine's fake camera cannot be shown a picture: the camera the page gets is a
        // canvas's stream of segno's image of the code, as Chromium's is a video of it.
        await page.evaluate(async (data) => {
          const image = new Image();
          image.src = `data:image/png;base64,${data}`;
          await image.decode();
          const canvas = Object.assign(document.createElement("canvas"), { width: image.width, height: image.height });
          const context = canvas.getContext("2d");
          const paint = () => context.drawImage(image, 0, 0);
          paint();
          setInterval(paint, 100);
          const stream = canvas.captureStream(10);
          window.__cameraTracks = stream.getVideoTracks();
          navigator.mediaDevices.getUserMedia = async () => stream;
        }, readFileSync("camera-key.png").toString("base64"));
      }
      await region.getByRole("button", { name: "Scan a QR code" }).click();
      await codeOf(region, "Camera", "dan").waitFor({ timeout: 20_000 });
      await region.getByLabel("Camera", { exact: true }).waitFor({ state: "hidden" });
      assert.equal(await page.evaluate(() => document.querySelector("#vault-camera").srcObject), null);
      if (!FEATURES[engine].fakeCamera) assert.deepEqual(await page.evaluate(() => window.__cameraTracks.map((t) => t.readyState)), ["ended"]);
      await page.screenshot({ path: shot("authenticator-qr"), fullPage: true });
      // A long label wraps inside the panel instead of overflowing it.
      await region.getByRole("textbox", { name: "Add an otpauth:// URI" }).fill(key("Long", "a".repeat(120)));
      await region.getByRole("button", { name: "Add to this browser" }).click();
      await codeOf(region, "Long", "a".repeat(120)).waitFor();
      const overflow = await page.evaluate(() => {
        const list = document.querySelector("#vault");
        return list.scrollWidth - list.clientWidth;
      });
      assert.ok(overflow <= 0, `the list overflows by ${overflow} px`);
      assert.deepEqual(failures, []);
      await context.close();
    },
  );

  test("export to Google Authenticator, then import that QR code in a fresh browser: the same account", async () => {
    const { Totp } = await import("otp-wasm");
    const exporter = await panel();
    await exporter.region.getByRole("textbox", { name: "Add an otpauth:// URI" }).fill(key("Moving", "eve"));
    await exporter.region.getByRole("button", { name: "Add to this browser" }).click();
    await codeOf(exporter.region, "Moving", "eve").waitFor();
    await exporter.region.getByRole("button", { name: "Export to Google Authenticator" }).click();
    const transfer = exporter.region.getByRole("group", { name: "Transfer QR codes" }).getByRole("img", { name: "QR code" });
    await transfer.waitFor();
    await exporter.page.screenshot({ path: shot("authenticator-export"), fullPage: true });
    // A picture of the screen showing the code (WebKitGTK's driver draws element screenshots black).
    const inView = await transfer.evaluateAll(async ([svg]) => {
      svg.scrollIntoView({ block: "center", behavior: "instant" });
      // Shown and still: two frames drawn after the scroll, and the scroll settled.
      for (let i = 0; i < 2; i++) await new Promise((resolve) => requestAnimationFrame(resolve));
      await new Promise((resolve) => setTimeout(resolve, 300));
      const rect = svg.getBoundingClientRect();
      return rect.top >= 0 && rect.left >= 0 && rect.bottom <= innerHeight && rect.right <= innerWidth;
    });
    assert.ok(inView, "the transfer code is on the screen");
    const png = await exporter.page.screenshot();
    await exporter.context.close();

    const importer = await panel(); // a fresh profile: an empty authenticator
    await importer.region.getByLabel("Choose a file").setInputFiles({ name: "transfer.png", mimeType: "image/png", buffer: png });
    const code = codeOf(importer.region, "Moving", "eve");
    await code.waitFor();
    const app = new Totp({ secret: "JBSWY3DPEHPK3PXP" });
    const now = Date.now();
    assert.ok([now - 30_000, now, now + 30_000].map((t) => app.generate(t)).includes(await code.textContent()));
    assert.deepEqual([...exporter.failures, ...importer.failures], []);
    await importer.context.close();
  });

  test("choose an encrypted Aegis backup, enter its passphrase: its accounts appear", async () => {
    const { page, context, failures, region } = await panel();
    await region.getByLabel("Choose a file").setInputFiles(new URL("aegis_encrypted.json", BACKUPS).pathname);
    const passphrase = region.getByLabel("Passphrase of the backup");
    await passphrase.waitFor();
    await passphrase.fill("Test");
    await region.getByRole("button", { name: "Open the backup" }).click();
    await page.getByRole("alert").filter({ hasText: "That passphrase does not open the backup." }).waitFor();
    await passphrase.fill("test");
    await region.getByRole("button", { name: "Open the backup" }).click();
    await page.getByText("Added 7 accounts from the Aegis backup.").waitFor();
    // The panel lists time-based accounts: four of the seven (the other three count up, HOTP).
    await codeOf(region, "Boeing", "Sophia").waitFor();
    assert.match(await codeOf(region, "Boeing", "Sophia").textContent(), /^[23456789BCDFGHJKMNPQRTVWXY]{5}$/);
    assert.match(await codeOf(region, "SPDX", "James").textContent(), /^\d{7}$/);
    assert.equal(await passphrase.isVisible(), false);
    assert.equal(await page.getByRole("alert").filter({ hasText: "passphrase" }).count(), 0, "the wrong passphrase's alert is gone");
    await page.screenshot({ path: shot("authenticator-backup"), fullPage: true });
    // The same file again adds nothing.
    await region.getByLabel("Choose a file").setInputFiles(new URL("aegis_plain.json", BACKUPS).pathname);
    await page.getByText("Added 0 accounts from the Aegis backup. 7 were here already.").waitFor();
    assert.deepEqual(failures, []);
    await context.close();
  });

  test("download an encrypted backup, open it in a fresh browser: the same accounts and codes", async () => {
    const exporter = await panel();
    await exporter.region.getByLabel("Choose a file").setInputFiles(new URL("andotp_plain.json", BACKUPS).pathname);
    await exporter.page.getByText("Added 7 accounts from the andOTP backup.").waitFor();
    await exporter.region.getByLabel("Passphrase for a backup").fill("moving day");
    // The file the page offers, read in the page (every engine); Chromium's download too.
    await captureDownloads(exporter.page);
    const download = engine === "chromium" ? exporter.page.waitForEvent("download") : null;
    await exporter.region.getByRole("button", { name: "Download an encrypted backup" }).click();
    await exporter.page.getByText("Downloaded an encrypted backup: Aegis (and this panel) can import it with its passphrase.").waitFor();
    const files = await offered(exporter.page);
    assert.deepEqual(
      files.map(({ name, type, href }) => ({ name, type, href: href.startsWith("blob:") })),
      [{ name: "demo-shop-authenticator.json", type: "application/json", href: true }],
    );
    const [{ text: backup }] = files;
    // What the browser saved is that file: Chromium's download event, Firefox's download folder.
    // (WebKitGTK's MiniBrowser saves nothing: the page's offer is what is checked there.)
    if (download) {
      const saved = await download;
      assert.equal(saved.suggestedFilename(), "demo-shop-authenticator.json");
      await saved.saveAs("panel-backup-downloaded.json");
      assert.equal(readFileSync("panel-backup-downloaded.json", "utf8"), backup, "the file downloaded is the one offered");
    } else if (engine === "firefox") {
      const path = join(downloads, "demo-shop-authenticator.json");
      for (let tries = 0; !(existsSync(path) && readFileSync(path, "utf8") === backup); tries++) {
        assert.ok(tries < 100, `${path}: not the file offered (${readdirSync(downloads)})`);
        await exporter.page.waitForTimeout(100);
      }
    }
    writeFileSync(`panel-backup-${engine}.json`, backup);
    assert.ok(!backup.includes("4SJHB4GSD43FZBAI7C2HLRJGPQ"), "encrypted");
    assert.equal(JSON.parse(backup).header.slots[0].type, 1, "an Aegis backup sealed by a passphrase");

    const importer = await panel(); // a fresh profile
    await importer.region.getByLabel("Choose a file").setInputFiles(`panel-backup-${engine}.json`);
    await importer.region.getByLabel("Passphrase of the backup").fill("moving day");
    await importer.region.getByRole("button", { name: "Open the backup" }).click();
    await importer.page.getByText("Added 7 accounts from the Aegis backup.").waitFor();
    await codeOf(importer.region, "Boeing", "Sophia").waitFor();
    assert.deepEqual(await shown(importer.region), await shown(exporter.region));
    // The same codes at the same moment (read again if a period ended between the two reads).
    for (let attempt = 0; ; attempt++) {
      const [a, b] = await Promise.all([exporter, importer].map((p) => p.region.getByRole("listitem").allTextContents()));
      if (JSON.stringify(a.sort()) === JSON.stringify(b.sort())) break;
      assert.ok(attempt < 3, `${a} / ${b}`);
      await exporter.page.waitForTimeout(1100);
    }
    // Counter-based accounts moved with their counters: the next code is the same in both.
    for (const p of [exporter, importer]) await p.region.getByRole("button", { name: "Next code for Issuu James" }).click();
    const next = await Promise.all(
      [exporter, importer].map(async (p) => {
        // The list is drawn anew as codes change: read through the locator until a code shows.
        const code = codeOf(p.region, "Issuu", "James");
        for (let tries = 0; ; tries++) {
          const text = await code.textContent();
          if (text.length > 0 || tries >= 100) return text;
          await p.page.waitForTimeout(100);
        }
      }),
    );
    assert.match(next[0], /^\d{6}$/);
    assert.equal(next[0], next[1]);
    assert.deepEqual([...exporter.failures, ...importer.failures], []);
    await exporter.context.close();
    await importer.context.close();
  });
});
