// The demo shop's sign-in page: password first; on a new device a one-time code by text
// message or e-mail (the demo outbox on the right plays phone and mailbox), an authenticator
// app, a passkey or a recovery code; then the account. Uses the otp-wasm package as native
// ES modules and the demo server's API (README, "The demo server").
import init, { attachCodeInput, createCredential, getCredential, Vault } from "otp-wasm";

await init();

const $ = (id) => document.getElementById(id);
const SCREENS = ["screen-sign-in", "screen-sign-up", "screen-challenge", "screen-account"];
const METHOD_LABELS = {
  sms: "Text message to your phone",
  email: "E-mail",
  totp: "Authenticator app",
  passkey: "Passkey",
  recovery: "Recovery code",
};

/** Calls the API once; resolves to { status, body }. */
async function call(path, { body, method } = {}) {
  const response = await fetch(path, {
    method: method ?? (body === undefined ? "GET" : "POST"),
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json().catch(() => ({})) };
}

/**
 * Calls the API; a change that needs a recent authentication (401 reauth_required) asks for
 * the password, then is sent again.
 */
async function api(path, options) {
  const result = await call(path, options);
  if (result.body.error !== "reauth_required" || !(await reauthenticate())) return result;
  return call(path, options);
}

/** Asks for the password in a dialog until it is right or the person cancels; whether it was. */
function reauthenticate() {
  const dialog = $("reauth");
  $("reauth-password").value = "";
  $("reauth-message").textContent = "";
  dialog.showModal();
  return new Promise((resolve) => {
    const finish = (ok) => {
      $("reauth-form").onsubmit = $("reauth-cancel").onclick = dialog.oncancel = null;
      dialog.close();
      resolve(ok);
    };
    $("reauth-cancel").onclick = () => finish(false);
    dialog.oncancel = () => finish(false);
    $("reauth-form").onsubmit = async (event) => {
      event.preventDefault();
      const result = await call("/api/reauth", { body: { password: $("reauth-password").value } });
      if (result.status === 200) return finish(true);
      $("reauth-message").textContent =
        result.status === 429 ? `Too many attempts. Try again in ${result.body.retryAfter} s.` : "That password is not right.";
    };
  });
}

function show(screen) {
  $("loading").hidden = true;
  for (const id of SCREENS) $(id).hidden = id !== screen;
  say("");
  inform("");
  $(screen).querySelector("input, button")?.focus();
}

/** Tells what happened (role="status"). */
function inform(text) {
  $("status").textContent = text;
}

let messageTimer;
/** Announces a problem (role="alert"); a function of the seconds left makes a countdown. */
function say(text, seconds) {
  clearInterval(messageTimer);
  if (text) inform("");
  if (typeof text !== "function") {
    $("message").textContent = text;
    return;
  }
  let left = seconds;
  const tick = () => {
    $("message").textContent = text(left);
    if (left-- <= 0) clearInterval(messageTimer);
  };
  tick();
  messageTimer = setInterval(tick, 1000);
}

/** The usual answers to a failed call, as a person should read them. */
function explain({ status, body }) {
  if (status === 429) {
    say((s) => (s > 0 ? `Too many attempts. Try again in ${s} s.` : "You can try again now."), body.retryAfter ?? 1);
  } else {
    say(body.message ? body.message[0].toUpperCase() + body.message.slice(1) + "." : "Something went wrong.");
  }
}

// ---- Sign in and sign up ----------------------------------------------------------------

$("to-sign-up").addEventListener("click", () => show("screen-sign-up"));
$("to-sign-in").addEventListener("click", () => show("screen-sign-in"));

$("sign-in-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const result = await api("/api/sign-in", { body: { email: form.get("email"), password: form.get("password") } });
  if (result.status !== 200) return explain(result);
  event.target.reset();
  if (result.body.status === "signed_in") return showAccount();
  showChallenge(result.body);
});

$("sign-up-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const account = { email: form.get("email"), phone: form.get("phone"), password: form.get("password") };
  const result = await api("/api/sign-up", { body: account });
  if (result.status !== 201) return explain(result);
  event.target.reset();
  show("screen-sign-in");
  inform("Account created. Sign in: this device will be asked for a code the first time.");
});

// ---- The challenge --------------------------------------------------------------------------

let challengeId = null;
let resendTimer;

function method() {
  return document.querySelector('input[name="method"]:checked')?.value;
}

function showChallenge({ challengeId: id, methods }) {
  challengeId = id;
  const fieldset = $("methods");
  fieldset.querySelectorAll("label").forEach((label) => label.remove());
  for (const name of methods) {
    const label = document.createElement("label");
    label.innerHTML = `<input type="radio" name="method" value="${name}"> ${METHOD_LABELS[name] ?? name}`;
    fieldset.append(label);
  }
  fieldset.querySelector("input").checked = true;
  $("remember").checked = false;
  clearCode();
  show("screen-challenge");
  updateMethod();
  fieldset.querySelector("input").focus();
}

function updateMethod() {
  const chosen = method();
  const sent = chosen === "sms" || chosen === "email";
  $("send-row").hidden = !sent;
  $("code-label").hidden = !(sent || chosen === "totp");
  $("recovery-label").hidden = chosen !== "recovery";
  $("use-passkey").hidden = chosen !== "passkey";
  $("verify").hidden = chosen === "passkey";
  $("send").textContent = chosen === "email" ? "E-mail me a code" : "Text me a code";
}

$("methods").addEventListener("change", () => {
  updateMethod();
  say("");
});

function resendCountdown(seconds) {
  clearInterval(resendTimer);
  let left = seconds;
  $("send").disabled = true;
  const tick = () => {
    if (left <= 0) {
      clearInterval(resendTimer);
      $("send").disabled = false;
      $("resend").textContent = "";
      return;
    }
    $("resend").textContent = `You can ask for a new code in ${left--} s.`;
  };
  tick();
  resendTimer = setInterval(tick, 1000);
}

$("send").addEventListener("click", async () => {
  const result = await api(`/api/challenges/${challengeId}/send`, { body: { method: method() } });
  if (result.status !== 200) {
    if (result.status === 429) resendCountdown(result.body.retryAfter ?? 30);
    return explain(result);
  }
  say("");
  inform(method() === "email" ? "We e-mailed you a code." : "We texted you a code.");
  resendCountdown(Math.round(result.body.resendInMs / 1000));
  refreshOutbox();
  $("code").focus();
});

// The code field: normalized as typed, a pasted SMS becomes its code, submits when complete.
attachCodeInput($("code"), { onComplete: () => $("challenge-form").requestSubmit() });

/** Empties a code field the way typing would, so attachCodeInput sees the change. */
function clearCode(field = $("code")) {
  field.value = "";
  field.dispatchEvent(new Event("input", { bubbles: true }));
}

$("challenge-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const chosen = method();
  const code = chosen === "recovery" ? $("recovery").value : $("code").value;
  if (!code) return say("Enter the code first.");
  const body = { code, method: chosen, rememberDevice: $("remember").checked };
  const result = await api(`/api/challenges/${challengeId}/verify`, { body });
  if (result.status === 200) return showAccount();
  clearCode();
  $("recovery").value = "";
  if (result.body.error === "wrong_code") {
    const left = result.body.attemptsLeft;
    say(`That code is not right.${left ? ` ${left} ${left === 1 ? "attempt" : "attempts"} left.` : ""}`);
    return (chosen === "recovery" ? $("recovery") : $("code")).focus();
  }
  explain(result);
});

$("use-passkey").addEventListener("click", signInWithPasskey);

async function signInWithPasskey() {
  const options = await api("/api/passkeys/sign-in/options", { body: {} });
  try {
    const credential = await getCredential(options.body.options);
    const result = await api("/api/passkeys/sign-in", { body: { ceremonyId: options.body.ceremonyId, credential } });
    if (result.status !== 200) return explain(result);
    showAccount();
  } catch (error) {
    say(error.code === "not_allowed" ? "The passkey was not used." : `Passkey sign-in failed (${error.code}).`);
  }
}

// ---- The account ----------------------------------------------------------------------------

async function showAccount() {
  const me = await api("/api/me");
  if (me.status !== 200) return show("screen-sign-in");
  $("account-email").textContent = me.body.email;
  show("screen-account");
  await Promise.all([refreshDevices(), refreshEvents(), refreshMethods(), refreshPasskeys()]);
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

attachCodeInput($("totp-code"), { webOtp: false, onComplete: () => $("totp-form").requestSubmit() });

$("totp-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const result = await api("/api/totp/confirm", { body: { code: $("totp-code").value } });
  clearCode($("totp-code"));
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

async function refreshPasskeys() {
  const { body } = await api("/api/passkeys");
  const list = $("passkeys");
  list.replaceChildren(
    ...(body.passkeys ?? []).map((passkey) => {
      const added = new Date(passkey.createdMs).toLocaleDateString();
      const used = passkey.lastUsedMs ? `, last used ${new Date(passkey.lastUsedMs).toLocaleDateString()}` : "";
      return itemWithButton(`Passkey from ${added}${used}`, "Remove", `Remove passkey ${passkey.id}`, async () => {
        const result = await api(`/api/passkeys/${passkey.id}`, { method: "DELETE" });
        if (result.status !== 200) return explain(result);
        inform("The passkey was removed: it no longer signs in.");
        await Promise.all([refreshPasskeys(), refreshEvents()]);
      });
    }),
  );
  if (!list.children.length) list.innerHTML = "<li>None.</li>";
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
        if ((await api("/api/me")).status !== 200) {
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
      item.textContent = `${new Date(event.createdMs).toLocaleString()}: ${event.kind.replace("_", " ")} (${event.detail})`;
      return item;
    }),
  );
}

$("sign-out").addEventListener("click", async () => {
  await api("/api/sign-out", { body: {} });
  show("screen-sign-in");
});

$("sign-out-everywhere").addEventListener("click", async () => {
  await api("/api/sessions", { method: "DELETE" });
  show("screen-sign-in");
  inform("Signed out on every device.");
});

// ---- The demo outbox ----------------------------------------------------------------------

let shownOutbox = "";
async function refreshOutbox() {
  const { status, body } = await api("/api/outbox");
  if (status !== 200) return;
  const key = JSON.stringify(body.messages.map((m) => m.id));
  if (key === shownOutbox) return;
  shownOutbox = key;
  $("outbox").replaceChildren(
    ...body.messages.slice(0, 4).map((message) => {
      const item = document.createElement("li");
      const to = document.createElement("span");
      to.className = "to";
      to.textContent = `${message.channel === "sms" ? "Text message to" : "E-mail to"} ${message.to}`;
      const text = document.createElement("span");
      text.textContent = message.body;
      const copy = document.createElement("button");
      copy.type = "button";
      copy.textContent = "Copy";
      copy.setAttribute("aria-label", `Copy the ${message.channel === "sms" ? "text message" : "e-mail"} to ${message.to}`);
      copy.addEventListener("click", async () => {
        await navigator.clipboard.writeText(message.body);
        copy.textContent = "Copied";
      });
      item.append(to, text, document.createElement("br"), copy);
      return item;
    }),
  );
}
setInterval(refreshOutbox, 2000);
refreshOutbox();

// ---- The browser authenticator (Vault) ----------------------------------------------------

let vaultPromise = null;
const vault = () => (vaultPromise ??= Vault.open({ name: "demo-shop" }));

/** A ring that empties as the code's time runs out. */
function ring(remainingMs, periodS) {
  const fraction = Math.max(0, Math.min(1, remainingMs / (periodS * 1000)));
  const length = 2 * Math.PI * 9;
  return `<svg width="24" height="24" viewBox="0 0 24 24" aria-hidden="true"><circle cx="12" cy="12" r="9" fill="none" stroke="#8884" stroke-width="3"/><circle cx="12" cy="12" r="9" fill="none" stroke="currentColor" stroke-width="3" stroke-dasharray="${length}" stroke-dashoffset="${length * (1 - fraction)}" transform="rotate(-90 12 12)"/></svg>`;
}

async function refreshVault() {
  let codes;
  try {
    codes = await (await vault()).codes();
  } catch {
    return; // no IndexedDB here (a private window may refuse it): the panel stays empty
  }
  $("vault").replaceChildren(
    ...codes.map((entry) => {
      const item = document.createElement("li");
      item.innerHTML = ring(entry.remainingMs ?? 0, entry.period);
      const name = document.createElement("span");
      name.textContent = `${entry.issuer || "(no issuer)"}: ${entry.label}`;
      const code = document.createElement("span");
      code.className = "code";
      // A record someone altered in this browser's storage gives no code (the vault says "tampered").
      code.textContent = entry.code ?? (entry.error === "tampered" ? "altered: no code" : "unreadable");
      code.setAttribute("aria-label", `Code for ${entry.issuer} ${entry.label}`);
      item.append(code, name);
      return item;
    }),
  );
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

setInterval(refreshVault, 1000);
refreshVault();

// ---- Clock skew: TOTP codes fail when the device clock is off ------------------------------

async function checkClock() {
  const before = Date.now();
  const { body } = await api("/api/time");
  const skewMs = body.nowMs - (before + Date.now()) / 2;
  if (Math.abs(skewMs) > 15_000) {
    $("skew").hidden = false;
    $("skew").textContent = `This device's clock is ${Math.round(Math.abs(skewMs) / 1000)} s ${skewMs > 0 ? "behind" : "ahead of"} the shop's: authenticator-app codes may be refused. Set the clock automatically.`;
  }
}
checkClock();

showAccount();
