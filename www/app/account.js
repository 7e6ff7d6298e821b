// The account screen: the shop (checkout.js), methods (authenticator app, passkeys, the
// transaction authenticator, recovery codes), devices, events.
import { api, call } from "./api.js";
import { refreshVault, vault } from "./authenticator.js";
import { capabilities, createCredential, signalAllAcceptedCredentials, signalCurrentUserDetails } from "./otp.js";
import { $, explain, inform, say, show } from "./ui.js";
import { refreshOrders } from "./checkout.js";
import { followChallenge } from "./outbox.js";
import { refreshTransactionAuthenticator } from "./transaction_authenticator.js";

/** The quiet passkey offer after a password sign-in, while it is pending. */
let quietOffer;

/**
 * The account screen. `afterPassword`: the person just signed in with their password, so a
 * browser with conditional create (WebAuthn L3 §5.1.3) may save a passkey for them without a
 * prompt; one without it is not asked, and the page says nothing.
 */
export async function showAccount({ afterPassword = false } = {}) {
  const session = await api("/api/session");
  if (!session.body.signedIn) return show("screen-sign-in");
  $("account-email").textContent = session.body.email;
  show("screen-account");
  const [, , , passkeys] = await Promise.all([
    refreshDevices(),
    refreshEvents(),
    refreshMethods(),
    refreshPasskeys(),
    refreshOrders(),
    refreshTransactionAuthenticator(),
  ]);
  // The browser's passkey manager shows the account as it is now (WebAuthn signals).
  if (passkeys.userId && passkeys.passkeys?.length) {
    const email = session.body.email;
    const details = { rpId: passkeys.rpId, userId: passkeys.userId, name: email, displayName: email };
    await signalCurrentUserDetails(details).catch(() => {}); // a browser that refuses it changes nothing here
  }
  if (afterPassword && !passkeys.passkeys?.length) await offerPasskeyQuietly();
}

async function offerPasskeyQuietly() {
  if (!(await capabilities()).conditionalCreate) return;
  // Never the password dialog: an offer nobody asked for that needs it is dropped.
  const options = await call("/api/passkeys/register/options", { body: {} });
  if (options.status !== 200) return;
  quietOffer = new AbortController();
  try {
    const credential = await createCredential(options.body.options, { mediation: "conditional", signal: quietOffer.signal });
    const result = await call("/api/passkeys/register", { body: { ceremonyId: options.body.ceremonyId, credential } });
    if (result.status !== 200) return;
    inform("Your password manager saved a passkey: next time, sign in with it alone.");
    await Promise.all([refreshPasskeys(), refreshEvents()]);
  } catch {
    // Declined or ended: conditional create asks nothing, so nothing is said.
  } finally {
    quietOffer = undefined;
  }
}

async function refreshMethods() {
  const { body } = await api("/api/methods");
  const enabled = (body.methods ?? []).includes("totp");
  $("totp-on").hidden = !enabled;
  $("totp-off").hidden = enabled;
  $("totp-form").hidden = true;
}

let enrolment = null;
$("totp-enroll").addEventListener("click", async () => {
  const result = await api("/api/totp/enroll", { body: {} });
  if (result.status !== 200) return explain(result);
  enrolment = result.body;
  $("totp-qr").src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(enrolment.qrSvg)}`;
  $("totp-secret").textContent = enrolment.secret.match(/.{1,4}/g).join(" ");
  $("totp-off").hidden = true;
  $("totp-form").hidden = false;
  $("totp-code").focus();
});

$("totp-code").addEventListener("complete", () => $("totp-form").requestSubmit());

$("totp-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const result = await api("/api/totp/confirm", { body: { code: $("totp-code").value } });
  $("totp-code").clear();
  if (result.status !== 200) return explain(result);
  inform("Your authenticator app is set up: new devices can confirm with its codes.");
  await Promise.all([refreshMethods(), refreshEvents()]);
});

$("totp-to-browser").addEventListener("click", async () => {
  if (!enrolment) return;
  await (await vault()).add(enrolment.uri);
  inform("Added to this browser's authenticator.");
  refreshVault();
});

$("totp-remove").addEventListener("click", async () => {
  const result = await api("/api/totp", { method: "DELETE" });
  if (result.status !== 200) return explain(result);
  inform("The authenticator app was removed.");
  await Promise.all([refreshMethods(), refreshEvents()]);
});

$("passkey-add").addEventListener("click", async () => {
  quietOffer?.abort(); // the authenticator is the button's now
  const options = await api("/api/passkeys/register/options", { body: {} });
  if (options.status !== 200) return explain(options);
  try {
    const credential = await createCredential(options.body.options);
    const result = await api("/api/passkeys/register", { body: { ceremonyId: options.body.ceremonyId, credential } });
    if (result.status !== 200) return explain(result);
    inform("Passkey added: next time, sign in with it alone.");
    await Promise.all([refreshPasskeys(), refreshEvents()]);
  } catch (error) {
    say(error.code === "invalid_state" ? "This device already has a passkey for you." : `No passkey was added (${error.code}).`);
  }
});

$("recovery-create").addEventListener("click", async () => {
  const result = await api("/api/recovery-codes", { body: {} });
  if (result.status !== 200) return explain(result);
  $("recovery-codes").replaceChildren(
    ...result.body.codes.map((code) => Object.assign(document.createElement("li"), { textContent: code })),
  );
  $("recovery-shown").hidden = false;
  refreshEvents();
});

/** A list item: `text`, then a button labelled `label` (named `name` for screen readers). */
function itemWithButton(text, label, name, onClick) {
  const item = document.createElement("li");
  item.textContent = `${text} `;
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = label;
  button.setAttribute("aria-label", name);
  button.addEventListener("click", onClick);
  item.append(button);
  return item;
}

/** Lists the account's passkeys; the answer (`{ passkeys, rpId, userId }`), for the signals. */
async function refreshPasskeys() {
  const { body } = await api("/api/passkeys");
  const list = $("passkeys");
  list.replaceChildren(
    ...(body.passkeys ?? []).map((passkey) => {
      const added = new Date(passkey.createdMs).toLocaleDateString();
      const used = passkey.lastUsedMs ? `, last used ${new Date(passkey.lastUsedMs).toLocaleDateString()}` : "";
      const payments = passkey.forPayments ? "; confirms payments" : "; signs in only (added long after a sign-in code)";
      return itemWithButton(`Passkey from ${added}${used}${payments}`, "Remove", `Remove passkey ${passkey.id}`, async () => {
        const result = await api(`/api/passkeys/${passkey.id}`, { method: "DELETE" });
        if (result.status !== 200) return explain(result);
        inform("The passkey was removed: it no longer signs in.");
        const [left] = await Promise.all([refreshPasskeys(), refreshEvents()]);
        // The browser's passkey manager keeps only the passkeys the shop still accepts.
        const accepted = left.passkeys.map((p) => p.credentialId);
        const signal = { rpId: left.rpId, userId: left.userId, allAcceptedCredentialIds: accepted };
        await signalAllAcceptedCredentials(signal).catch(() => {}); // refused: nothing changes here
      });
    }),
  );
  if (!list.children.length) list.innerHTML = "<li>None.</li>";
  return body;
}

async function refreshDevices() {
  const { body } = await api("/api/devices");
  const list = $("devices");
  list.replaceChildren(
    ...(body.devices ?? []).map((device) => {
      const text = `${device.userAgent.slice(0, 60)} (since ${new Date(device.createdMs).toLocaleDateString()})`;
      return itemWithButton(text, "Revoke", `Revoke device ${device.id}`, async () => {
        const result = await api(`/api/devices/${device.id}`, { method: "DELETE" });
        if (result.status !== 200) return explain(result);
        // Revoking a device ends its sessions: this one too, when it is the device revoked.
        if (!(await api("/api/session")).body.signedIn) {
          show("screen-sign-in");
          return inform("This device was revoked and signed out: it will be asked for a code next time.");
        }
        inform("That device will be asked for a code next time; its sessions have ended.");
        refreshDevices();
      });
    }),
  );
  if (!list.children.length) list.innerHTML = "<li>None.</li>";
}

async function refreshEvents() {
  const { body } = await api("/api/events");
  $("events").replaceChildren(
    ...(body.events ?? []).slice(0, 12).map((event) => {
      const item = document.createElement("li");
      item.textContent = `${new Date(event.createdMs).toLocaleString()}: ${event.kind.replaceAll("_", " ")} (${event.detail})`;
      return item;
    }),
  );
}

$("sign-out").addEventListener("click", async () => {
  await api("/api/sign-out", { body: {} });
  followChallenge(null);
  show("screen-sign-in");
});

$("sign-out-everywhere").addEventListener("click", async () => {
  await api("/api/sessions", { method: "DELETE" });
  followChallenge(null);
  show("screen-sign-in");
  inform("Signed out on every device.");
});
