// Sign in (password first) and sign up.
import { showAccount } from "./account.js";
import { api } from "./api.js";
import { showChallenge } from "./challenge.js";
import { $, explain, inform, show } from "./ui.js";

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
