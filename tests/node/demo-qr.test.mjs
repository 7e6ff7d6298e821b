// The demo's browser-authenticator panel reading QR codes, as a person uses it: choose an image
// file, paste a screenshot, scan with the camera (Chromium's fake camera fed a video of a
// code). The images come from an independent encoder (segno, scripts/qr-fixtures.py).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { after, before, test } from "node:test";
import { launchChromium, startDemoServer } from "./support.mjs";

const WWW = new URL("../../../www", import.meta.url).pathname;
const FIXTURES = new URL("../../../scripts/qr-fixtures.py", import.meta.url).pathname;
const key = (issuer, label) => `otpauth://totp/${issuer}:${label}?secret=JBSWY3DPEHPK3PXP&issuer=${issuer}`;

function fixture(...args) {
  const result = spawnSync("python3", [FIXTURES, ...args], { encoding: "utf8" });
  assert.equal(result.status, 0, result.stderr);
}

let server;
let browser;
before(async () => {
  fixture("png", "one-key.png", key("Files", "ann"));
  fixture("png", "two-keys.png", key("Paste", "bob"), key("Paste", "carol"));
  fixture("png", "not-a-key.png", "https://example.com/");
  fixture("y4m", "camera-key.y4m", key("Camera", "dan"));
  // A Google Authenticator transfer QR code, written by protobuf's Python library: five
  // accounts and two entries (MD5, no secret) that make no key.
  const transfer = JSON.parse(readFileSync("migration.json", "utf8")).at(-1).uri;
  fixture("png", "transfer.png", transfer);
  server = await startDemoServer(["--www", WWW, "--pkg", "node_modules/otp-wasm"]);
  browser = await launchChromium([
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
    `--use-file-for-fake-video-capture=${resolve("camera-key.y4m")}`,
  ]);
});
after(async () => {
  await browser?.close();
  server?.stop();
});

async function panel() {
  const context = await browser.newContext({ viewport: { width: 1000, height: 760 } });
  const page = await context.newPage();
  const failures = [];
  page.on("pageerror", (error) => failures.push(String(error)));
  await page.goto(`${server.base}/`);
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  return { page, context, failures, region: page.getByRole("region", { name: "This browser as an authenticator" }) };
}

const codeOf = (region, issuer, label) => region.getByLabel(`Code for ${issuer} ${label}`, { exact: true });

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

test("scan with the camera: the key is added and the camera closes", async () => {
  const { page, context, failures, region } = await panel();
  await region.getByRole("button", { name: "Scan a QR code" }).click();
  await codeOf(region, "Camera", "dan").waitFor({ timeout: 20_000 });
  await region.getByLabel("Camera", { exact: true }).waitFor({ state: "hidden" });
  assert.equal(await page.evaluate(() => document.querySelector("#vault-camera").srcObject), null);
  await page.screenshot({ path: "screenshots/authenticator-qr.png", fullPage: true });
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
});

test("export to Google Authenticator, then import that QR code in a fresh browser: the same account", async () => {
  const { Totp } = await import("otp-wasm");
  const exporter = await panel();
  await exporter.region.getByRole("textbox", { name: "Add an otpauth:// URI" }).fill(key("Moving", "eve"));
  await exporter.region.getByRole("button", { name: "Add to this browser" }).click();
  await codeOf(exporter.region, "Moving", "eve").waitFor();
  await exporter.region.getByRole("button", { name: "Export to Google Authenticator" }).click();
  const transfer = exporter.region.getByRole("group", { name: "Transfer QR codes" }).getByRole("img", { name: "QR code" });
  await transfer.waitFor();
  const png = await transfer.screenshot();
  await exporter.page.screenshot({ path: "screenshots/authenticator-export.png", fullPage: true });
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

const BACKUPS = new URL("../../vectors/backups/", import.meta.url);

/** What the panel shows for each account: issuer and label, and the code's shape. */
/** Pastes the PNG file `name` into the panel, as a person pastes a screenshot after clicking in it. */
async function pasteImage(page, region, name) {
  const png = readFileSync(name).toString("base64");
  await region.click({ position: { x: 5, y: 5 } }); // the panel has focus, as after a click in it
  await page.evaluate(
    ([data, name]) => {
      const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      const clipboard = new DataTransfer();
      clipboard.items.add(new File([bytes], name, { type: "image/png" }));
      document.activeElement.dispatchEvent(new ClipboardEvent("paste", { clipboardData: clipboard, bubbles: true }));
    },
    [png, name],
  );
}

async function shown(region) {
  const items = await region.getByRole("listitem").allTextContents();
  return items.map((text) => text.replace(/^[0-9A-Z]{5,8}/, (code) => (/^\d+$/.test(code) ? `${code.length} digits ` : "5 letters "))).sort();
}

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
  await page.screenshot({ path: "screenshots/authenticator-backup.png", fullPage: true });
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
  const download = exporter.page.waitForEvent("download");
  await exporter.region.getByRole("button", { name: "Download an encrypted backup" }).click();
  await (await download).saveAs("panel-backup.json");
  assert.ok(!readFileSync("panel-backup.json", "utf8").includes("4SJHB4GSD43FZBAI7C2HLRJGPQ"), "encrypted");

  const importer = await panel(); // a fresh profile
  await importer.region.getByLabel("Choose a file").setInputFiles("panel-backup.json");
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
  const next = await Promise.all([exporter, importer].map(async (p) => {
    const code = codeOf(p.region, "Issuu", "James");
    await p.page.waitForFunction((el) => el.textContent.length > 0, await code.elementHandle());
    return code.textContent();
  }));
  assert.match(next[0], /^\d{6}$/);
  assert.equal(next[0], next[1]);
  assert.deepEqual([...exporter.failures, ...importer.failures], []);
  await exporter.context.close();
  await importer.context.close();
});
