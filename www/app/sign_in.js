// Sign in (password first, or a passkey from the e-mail field's autofill) and sign up.
import { showAccount } from "./account.js";
import { api } from "./api.js";
import { forgetPasskey, showChallenge } from "./challenge.js";
import { startAutofill } from "./otp.js";
import { $, explain, inform, show } from "./ui.js";

/**
 * While the sign-in screen shows, the e-mail field offers the account's passkeys (passkey
 * autofill, where the browser has it): one picked signs in without the password. The package
 * ends the autofill when the screen goes, or when a passkey is asked for another way.
 */
let autofill = null;
async function offerPasskeys() {
  autofill?.abort();
  const options = await api("/api/passkeys/sign-in/options", { body: {} });
  if (options.status !== 200 || $("screen-sign-in").hidden) return;
  const offered = startAutofill(options.body.options);
  autofill = offered;
  // null: ended; unsupported: no autofill in this browser, the password form is there.
  const credential = await offered.result.catch(() => null);
  if (!credential) return;
  const result = await api("/api/passkeys/sign-in", { body: { ceremonyId: options.body.ceremonyId, credential } });
  if (result.body.error === "unknown_credential") return forgetPasskey(options.body.options.rpId, credential);
  if (result.status !== 200) return explain(result);
  showAccount();
}

new MutationObserver(() => {
  if (!$("screen-sign-in").hidden) offerPasskeys();
  else autofill?.abort();
}).observe($("screen-sign-in"), { attributes: true, attributeFilter: ["hidden"] });

$("to-sign-up").addEventListener("click", () => show("screen-sign-up"));
$("to-sign-in").addEventListener("click", () => show("screen-sign-in"));

$("sign-in-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const result = await api("/api/sign-in", { body: { email: form.get("email"), password: form.get("password") } });
  if (result.status !== 200) return explain(result);
  event.target.reset();
  if (result.body.status === "signed_in") return showAccount({ afterPassword: true });
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
