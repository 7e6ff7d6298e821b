// The transaction authenticator, the way a bank's TAN generator works: an OCRA key (RFC 6287)
// enrolled on the account screen, which answers the question shown at checkout with a code
// bound to that payment. The browser-authenticator panel can hold the key (in the vault, with
// the apps' keys) and answer: the person types the question, the panel shows the response.
import { api } from "./api.js";
import { vault } from "./authenticator.js";
import { refreshOutbox } from "./outbox.js";
import { $, explain, inform, say } from "./ui.js";

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
  refreshOutbox();
  $("tan-to-browser").focus();
});

$("tan-to-browser").addEventListener("click", async () => {
  if (!enrolment) return;
  const email = $("account-email").textContent;
  await (await vault()).addOcra({ suite: enrolment.suite, secret: enrolment.secret, issuer: "Demo Shop", label: `${email} payments` });
  inform("The transaction authenticator is in this browser's panel: answer the question with it.");
  await refreshTransactionKeys();
  $("tan-keys").querySelector("input")?.focus();
});

// Activation takes both: the device's response (it holds the key) and the code texted to the
// account's phone (the password alone cannot add a way to confirm payments).
$("tan-response").addEventListener("complete", () => $("tan-code").focus());
$("tan-code").addEventListener("complete", () => $("tan-form").requestSubmit());

$("tan-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const body = { response: $("tan-response").value, code: $("tan-code").value };
  const result = await api("/api/ocra/confirm", { body });
  $("tan-response").clear();
  $("tan-code").clear();
  if (result.status !== 200) {
    if (result.body.error !== "wrong_code") return explain(result);
    const left = result.body.attemptsLeft;
    return say(`The response or the texted code is not right. ${left} ${left === 1 ? "attempt" : "attempts"} left.`);
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

/** The panel's transaction authenticators, each answering the question typed into it. */
async function refreshTransactionKeys() {
  let keys;
  try {
    keys = (await (await vault()).list()).filter((account) => account.type === "ocra");
  } catch {
    return; // no IndexedDB here: the panel stays hidden
  }
  $("tan-panel").hidden = keys.length === 0;
  $("tan-keys").replaceChildren(...keys.map(keyItem));
}

function keyItem(key) {
  const item = document.createElement("li");
  const name = `${key.issuer}: ${key.label}`;
  const form = document.createElement("form");
  form.method = "post";
  form.innerHTML = `<span class="name"></span> <label>Question <input inputmode="numeric" autocomplete="off" spellcheck="false"></label> <button>Answer</button> <output aria-live="polite"></output>`;
  form.querySelector(".name").textContent = name;
  form.querySelector("input").setAttribute("aria-label", `Question for ${name}`);
  form.querySelector("button").setAttribute("aria-label", `Answer with ${name}`);
  form.querySelector("output").setAttribute("aria-label", `Response of ${name}`);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const output = form.querySelector("output");
    try {
      output.textContent = await (await vault()).answer(key.id, { question: form.querySelector("input").value.trim() });
    } catch (error) {
      output.textContent = "";
      say(error.code === "invalid_question" ? "Type the question as shown: its digits only." : `No response (${error.code}).`);
    }
  });
  item.append(form);
  return item;
}

refreshTransactionKeys();
