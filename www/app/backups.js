// The authenticator panel's backup files: another app's backup (Aegis, 2FAS, andOTP, FreeOTP+,
// Bitwarden, Ente Auth, URI lists) chosen as a file adds its accounts, asking for the
// passphrase of an encrypted one; the panel's accounts download as an encrypted backup in
// Aegis's format. The vault reads and writes them (otp-wasm/import, loaded on first use).
import { addFromImage, refreshVault, vault } from "./authenticator.js";
import { $, inform, say } from "./ui.js";

const FORMATS = {
  uris: "list of keys",
  "google-migration": "list of Google Authenticator transfers",
  ente: "Ente Auth backup",
  aegis: "Aegis backup",
  "2fas": "2FAS backup",
  andotp: "andOTP backup",
  "freeotp-plus": "FreeOTP+ backup",
  bitwarden: "Bitwarden export",
  "bitwarden-csv": "Bitwarden export",
};

/** The encrypted backup waiting for its passphrase. */
let pendingBackup = null;

/** Adds a backup file's accounts; an encrypted one asks for its passphrase first. */
async function addFromBackup(file, passphrase) {
  let result;
  try {
    result = await (await vault()).import(file, { passphrase });
  } catch (error) {
    if (error.code === "passphrase_required" || error.code === "wrong_passphrase") {
      pendingBackup = file;
      $("vault-open-backup").hidden = false;
      $("vault-open-passphrase").value = "";
      $("vault-open-passphrase").focus();
      if (error.code === "wrong_passphrase") say("That passphrase does not open the backup.");
      else inform(`${file.name} is encrypted: enter its passphrase.`);
      return;
    }
    const why = { unknown_format: "is not a backup or an image this browser can read" };
    return say(`${file.name} ${why[error.code] ?? `could not be read (${error.code})`}.`);
  }
  pendingBackup = null;
  $("vault-open-backup").hidden = true;
  say(""); // a wrong passphrase's alert is over
  const { added, duplicates, skipped } = result;
  const parts = [`Added ${added.length} ${added.length === 1 ? "account" : "accounts"} from the ${FORMATS[result.format] ?? "backup"}.`];
  if (duplicates) parts.push(`${duplicates} ${duplicates === 1 ? "was" : "were"} here already.`);
  if (skipped.length) parts.push(`${skipped.length} of its entries could not be used (${[...new Set(skipped.map((s) => s.code))].join(", ")}).`);
  inform(parts.join(" "));
  refreshVault();
}

$("vault-file").addEventListener("change", async (event) => {
  const [file] = event.target.files;
  event.target.value = "";
  if (!file) return;
  if (file.type.startsWith("image/")) await addFromImage(file);
  else await addFromBackup(file);
});

$("vault-open-backup").addEventListener("submit", async (event) => {
  event.preventDefault();
  if (pendingBackup) await addFromBackup(pendingBackup, $("vault-open-passphrase").value);
});
$("vault-open-cancel").addEventListener("click", () => {
  pendingBackup = null;
  $("vault-open-backup").hidden = true;
});

// ---- Export: an encrypted backup in Aegis's format ------------------------------------------

// Hidden until now: without this script the form would send the passphrase to the server.
$("vault-backup").hidden = false;
$("vault-backup").addEventListener("submit", async (event) => {
  event.preventDefault();
  let backup;
  try {
    backup = await (await vault()).export({ format: "aegis", passphrase: $("vault-backup-passphrase").value });
  } catch (error) {
    return say(`The backup could not be made (${error.code}).`);
  }
  $("vault-backup-passphrase").value = "";
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([backup], { type: "application/json" }));
  link.download = "demo-shop-authenticator.json";
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
  inform("Downloaded an encrypted backup: Aegis (and this panel) can import it with its passphrase.");
});
