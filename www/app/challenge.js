// The challenge on an unfamiliar device: a code by text message or e-mail, an authenticator app,
// a passkey or a recovery code.
import { showAccount } from "./account.js";
import { api } from "./api.js";
import { getCredential, signalUnknownCredential } from "./otp.js";
import { followChallenge, refreshOutbox } from "./outbox.js";
import { $, explain, inform, say, show } from "./ui.js";

const METHOD_LABELS = {
  sms: "Text message to your phone",
  email: "E-mail",
  totp: "Authenticator app",
  passkey: "Passkey",
  recovery: "Recovery code",
};

let challengeId = null;
let resendTimer;

function method() {
  return document.querySelector('input[name="method"]:checked')?.value;
}

/** Why the server asked, as it said it: "We asked because this is a new network for your account." */
function why(reasons) {
  if (!reasons?.length) return "We don't recognise this device.";
  const text = reasons.map((reason) => reason.message).join("; ");
  return `We asked because ${text}.`;
}

export function showChallenge({ challengeId: id, methods, reasons }) {
  challengeId = id;
  $("challenge-why").textContent = why(reasons);
  followChallenge(id);
  const fieldset = $("methods");
  fieldset.querySelectorAll("label").forEach((label) => label.remove());
  for (const name of methods) {
    const label = document.createElement("label");
    label.innerHTML = `<input type="radio" name="method" value="${name}"> ${METHOD_LABELS[name] ?? name}`;
    fieldset.append(label);
  }
  fieldset.querySelector("input").checked = true;
  $("remember").checked = false;
  $("code").clear();
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

// The code field (<otp-input>): normalized as typed, a pasted SMS becomes its code, one for
// another site is refused; the form goes when the code is whole.
$("code").addEventListener("complete", () => $("challenge-form").requestSubmit());

$("challenge-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const chosen = method();
  const code = chosen === "recovery" ? $("recovery").value : $("code").value;
  if (!code) return say("Enter the code first.");
  const body = { code, method: chosen, rememberDevice: $("remember").checked };
  const result = await api(`/api/challenges/${challengeId}/verify`, { body });
  if (result.status === 200) return showAccount({ afterPassword: true });
  $("code").clear();
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
    if (result.body.error === "unknown_credential") return forgetPasskey(options.body.options.rpId, credential);
    if (result.status !== 200) return explain(result);
    showAccount();
  } catch (error) {
    say(error.code === "not_allowed" ? "The passkey was not used." : `Passkey sign-in failed (${error.code}).`);
  }
}

/**
 * The shop does not know this passkey (it was removed): said so, and the browser's passkey
 * manager is told, so it stops offering it (WebAuthn signals; where the browser has none,
 * nothing more happens).
 */
export async function forgetPasskey(rpId, credential) {
  say("That passkey was removed from your account: sign in with your password.");
  await signalUnknownCredential({ rpId, credentialId: credential.id }).catch(() => {}); // refused: nothing changes here
}
