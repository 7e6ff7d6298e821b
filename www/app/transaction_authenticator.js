// The transaction authenticator, the way a bank's TAN generator works: an OCRA key (RFC 6287)
// enrolled on the account screen, which answers the question shown at checkout with a code
// bound to that payment. The browser-authenticator panel can hold the key and answer (the
// person types the question, the panel shows the response).
import { api } from "./api.js";
import { Ocra } from "./otp.js";
import { $, explain, inform, say } from "./ui.js";

/** The key the panel holds: kept in this page's memory only, gone when it is reloaded. */
let device = null;
/** The enrolment shown on the account screen until its question is answered. */
let enrolment = null;

export async function refreshTransactionAuthenticator() {
  const { body } = await api("/api/ocra");
  $("tan-on").hidden = !body.enabled;
  $("tan-off").hidden = Boolean(body.enabled);
  $("tan-form").hidden = true;
}

$("tan-enroll").addEventListener("click", async () => {
  const result = await api("/api/ocra/enroll", { body: {} });
  if (result.status !== 200) return explain(result);
  enrolment = result.body;
  $("tan-suite").textContent = enrolment.suite;
  $("tan-secret").textContent = enrolment.secret.match(/.{1,4}/g).join(" ");
  $("tan-question").textContent = enrolment.question;
  $("tan-off").hidden = true;
  $("tan-form").hidden = false;
  $("tan-to-browser").focus();
});

$("tan-to-browser").addEventListener("click", () => {
  if (!enrolment) return;
  device?.free();
  device = new Ocra({ suite: enrolment.suite, secret: enrolment.secret });
  $("tan-panel").hidden = false;
  inform("The transaction authenticator is in this browser's panel: answer the question with it.");
  $("tan-panel-question").focus();
});

$("tan-response").addEventListener("complete", () => $("tan-form").requestSubmit());

$("tan-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const result = await api("/api/ocra/confirm", { body: { response: $("tan-response").value } });
  $("tan-response").clear();
  if (result.status !== 200) {
    return result.body.error === "wrong_code" ? say("That response is not right: answer the question shown.") : explain(result);
  }
  enrolment = null;
  inform("Your transaction authenticator is set up: payments can be confirmed with it.");
  await refreshTransactionAuthenticator();
});

$("tan-remove").addEventListener("click", async () => {
  const result = await api("/api/ocra", { method: "DELETE" });
  if (result.status !== 200) return explain(result);
  inform("The transaction authenticator was removed: it confirms no payment now.");
  await refreshTransactionAuthenticator();
});

// The panel: the question typed in, the response shown.
$("tan-panel-form").addEventListener("submit", (event) => {
  event.preventDefault();
  if (!device) return;
  try {
    $("tan-panel-response").textContent = device.generate({ question: $("tan-panel-question").value.trim() });
  } catch (error) {
    $("tan-panel-response").textContent = "";
    const { maxLength } = device.dataInput.question;
    say(error.code === "invalid_question" ? `A question here is 4 to ${maxLength} digits.` : `No response (${error.code}).`);
  }
});
