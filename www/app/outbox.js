// The demo outbox: the shop's text messages and e-mails, shown instead of sent.
import { api } from "./api.js";
import { $ } from "./ui.js";

let shownOutbox = "";
let challenge = null;

/** Shows the messages of the account being signed in (its challenge) too; null to stop. */
export function followChallenge(id) {
  challenge = id;
  refreshOutbox();
}

/** Shows this person's messages only: the signed-in account's and the challenge's. */
export async function refreshOutbox() {
  const scope = challenge ? `?for=me&challenge=${encodeURIComponent(challenge)}` : "?for=me";
  const { status, body } = await api(`/api/outbox${scope}`);
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

/** Keeps the outbox current (every 2 s). */
export function watchOutbox() {
  setInterval(refreshOutbox, 2000);
  refreshOutbox();
}
