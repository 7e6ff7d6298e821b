// The browser-authenticator panel: accounts enrolled in this browser (otp-wasm's Vault), with
// live codes; added from an otpauth:// URI typed in, a QR code from the camera, a pasted
// screenshot or an image file (backup files: backups.js); exported as Google Authenticator
// transfer QR codes.
import { parseUri, Vault } from "./otp.js";
import { $, inform, say } from "./ui.js";

let vaultPromise = null;
export const vault = () => (vaultPromise ??= Vault.open({ name: "demo-shop" }));

/** A ring that empties as the code's time runs out. */
function ring(remainingMs, periodS) {
  const fraction = Math.max(0, Math.min(1, remainingMs / (periodS * 1000)));
  const length = 2 * Math.PI * 9;
  return `<svg width="24" height="24" viewBox="0 0 24 24" aria-hidden="true"><circle cx="12" cy="12" r="9" fill="none" stroke="#8884" stroke-width="3"/><circle cx="12" cy="12" r="9" fill="none" stroke="currentColor" stroke-width="3" stroke-dasharray="${length}" stroke-dashoffset="${length * (1 - fraction)}" transform="rotate(-90 12 12)"/></svg>`;
}

/** Each list item: the code (labelled for the account) and the account's name. */
function accountItem(entry, code) {
  const item = document.createElement("li");
  const name = document.createElement("span");
  name.textContent = `${entry.issuer || "(no issuer)"}: ${entry.label}`;
  code.className = "code";
  code.setAttribute("aria-label", `Code for ${entry.issuer} ${entry.label}`);
  item.append(code, name);
  return item;
}

/** The time-based accounts' live codes, redrawn every second. */
async function refreshCodes() {
  let codes;
  try {
    codes = await (await vault()).codes();
  } catch {
    return; // no IndexedDB here (a private window may refuse it): the panel stays empty
  }
  $("vault").replaceChildren(
    ...codes.map((entry) => {
      const code = document.createElement("span");
      // A record someone altered in this browser's storage gives no code (the vault says "tampered").
      code.textContent = entry.code ?? (entry.error === "tampered" ? "altered: no code" : "unreadable");
      const item = accountItem(entry, code);
      item.insertAdjacentHTML("afterbegin", ring(entry.remainingMs ?? 0, entry.period));
      return item;
    }),
  );
}

/** HOTP accounts' codes, shown when asked (each one moves the counter on). */
const counterCodes = new Map();

/** The counter-based accounts, each with a button for its next code; redrawn on changes only. */
async function refreshCounters() {
  let accounts;
  try {
    accounts = (await (await vault()).list()).filter((account) => account.type === "hotp");
  } catch {
    return;
  }
  $("vault-counters").replaceChildren(
    ...accounts.map((account) => {
      const code = document.createElement("span");
      code.textContent = counterCodes.get(account.id) ?? (account.error === "tampered" ? "altered: no code" : "");
      const item = accountItem(account, code);
      const next = document.createElement("button");
      next.type = "button";
      next.textContent = "Next code";
      next.setAttribute("aria-label", `Next code for ${account.issuer} ${account.label}`);
      next.addEventListener("click", async () => {
        try {
          code.textContent = await (await vault()).next(account.id);
          counterCodes.set(account.id, code.textContent);
        } catch (error) {
          say(`No code for that account (${error.code}).`);
        }
      });
      item.append(next);
      return item;
    }),
  );
}

/** Redraws the panel's accounts after a change. */
export function refreshVault() {
  refreshCodes();
  refreshCounters();
}

$("vault-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    await (await vault()).add($("vault-uri").value.trim());
    $("vault-uri").value = "";
    inform("Added to this browser's authenticator.");
    refreshVault();
  } catch (error) {
    say(`That is not an otpauth:// URI this browser can use (${error.code}).`);
  }
});

/** Keeps the codes current (every second). */
export function watchVault() {
  setInterval(refreshCodes, 1000);
  refreshVault();
}

// ---- QR codes: the camera, a pasted screenshot, an image file ---------------------------

/** A loader for the package entry `specifier`, fetched and initialised on its first call. */
function onFirstUse(specifier) {
  let loading = null;
  return () =>
    (loading ??= import(specifier).then(async (module) => {
      await module.default();
      return module;
    }));
}

/** otp-wasm/qr, loaded the first time a QR code is read (most visits never do). */
const qr = onFirstUse("otp-wasm/qr");
/** otp-wasm/import, loaded the first time a transfer QR code is read or written. */
const importer = onFirstUse("otp-wasm/import");

/**
 * Adds what QR codes hold: every otpauth:// key, every account of a Google Authenticator
 * transfer code; says what anything else was.
 */
async function addFromQr(texts) {
  if (texts.length === 0) return say("No QR code was found in that image.");
  const keys = texts.filter((text) => /^otpauth:\/\//i.test(text));
  const transfers = texts.filter((text) => /^otpauth-migration:/i.test(text));
  if (keys.length === 0 && transfers.length === 0) {
    return say(`That QR code holds something else: "${texts[0].slice(0, 80)}".`);
  }
  let skipped = 0;
  for (const transfer of transfers) {
    try {
      const migration = (await importer()).parseMigrationUri(transfer);
      keys.push(...migration.keys);
      skipped += migration.skipped.length;
    } catch (error) {
      say(`That Google Authenticator transfer code could not be read (${error.code}).`);
    }
  }
  const store = await vault();
  let added = 0;
  for (const key of keys) {
    try {
      await store.add(key);
      added++;
    } catch (error) {
      say(`A QR code held a key this browser cannot use (${error.code}).`);
    }
  }
  const unused = skipped > 0 ? ` ${skipped} of the transfer's accounts could not be used here (MD5, or no secret).` : "";
  if (added > 0) inform(`${added === 1 ? "Added to this browser's authenticator." : `Added ${added} accounts to this browser's authenticator.`}${unused}`);
  else if (unused) say(unused.trim());
  refreshVault();
}

/** Reads the QR codes in an image file or a pasted screenshot. */
export async function addFromImage(file) {
  try {
    await addFromQr(await (await qr()).decodeQr(file));
  } catch (error) {
    say(`That file is not an image this browser can read (${error.code}).`);
  }
}

$("vault-panel").addEventListener("paste", async (event) => {
  const image = [...(event.clipboardData?.files ?? [])].find((file) => file.type.startsWith("image/"));
  if (!image) return;
  event.preventDefault();
  await addFromImage(image);
});

let scanning = null;
$("vault-scan").addEventListener("click", async () => {
  if (scanning) return;
  scanning = new AbortController();
  $("vault-camera").hidden = $("vault-scan-stop").hidden = false;
  try {
    await addFromQr([await (await qr()).scanQr($("vault-camera"), { signal: scanning.signal })]);
  } catch (error) {
    const why = { not_allowed: "The camera was not allowed.", unsupported: "There is no camera to scan with here." };
    if (error.code === "aborted") inform("Scanning stopped.");
    else say(why[error.code] ?? `The camera could not be used (${error.code}).`);
  } finally {
    scanning = null;
    $("vault-camera").hidden = $("vault-scan-stop").hidden = true;
  }
});
$("vault-scan-stop").addEventListener("click", () => scanning?.abort());

// ---- Export: Google Authenticator's transfer QR codes -------------------------------------

$("vault-export").addEventListener("click", async () => {
  const uris = await (await vault()).exportUris({ skipUnreadable: true });
  if (uris.length === 0) return say("There is nothing to export yet.");
  let transfers;
  try {
    transfers = (await importer()).toMigrationUris(uris.map((uri) => parseUri(uri)));
  } catch (error) {
    return say(`${error.message}.`); // not_representable names the account
  }
  const { qrSvg } = await qr();
  $("vault-transfer").replaceChildren(
    ...transfers.map((transfer, index) => {
      const figure = document.createElement("figure");
      figure.innerHTML = qrSvg(transfer, { ecc: "L" }); // our own SVG: no outside text in it
      const caption = document.createElement("figcaption");
      caption.textContent = `Transfer QR code ${index + 1} of ${transfers.length}`;
      figure.append(caption);
      return figure;
    }),
  );
  $("vault-transfer").hidden = false;
  inform(`Scan ${transfers.length === 1 ? "this QR code" : `these ${transfers.length} QR codes`} in Google Authenticator: Transfer accounts, then Import accounts.`);
});
