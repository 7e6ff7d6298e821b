// The shop's checkout: a catalogue, a cart, and the payment's confirmation. Small payments go
// through under the low-value exemption; the others are confirmed by a code sent by text
// message or e-mail, the transaction authenticator's response to the order's question, or a
// passkey whose challenge the page first checks is the one for the payment it shows (the
// server's rules: README, "Checkout").
import { api } from "./api.js";
import { base64urlDecode, base64urlEncode, getCredential, transactionChallenge } from "./otp.js";
import { refreshOutbox } from "./outbox.js";
import { $, explain, inform, say } from "./ui.js";

const PAYEE = "Demo Shop Ltd";
const CATALOGUE = [
  { name: "Coffee beans, 250 g", cents: 950 },
  { name: "Travel mug", cents: 1800 },
  { name: "Espresso machine", cents: 24900 },
];
const METHOD_LABELS = {
  sms: "Text message to your phone",
  email: "E-mail",
  ocra: "Transaction authenticator",
  passkey: "Passkey",
};
const PAID_BY = {
  exemption: "without confirmation (low value)",
  sms: "by text message",
  email: "by e-mail",
  ocra: "by transaction authenticator",
  passkey: "by passkey",
};
const STATUS_LABELS = {
  paid: "paid",
  refused: "refused",
  expired: "expired",
  confirmation_required: "waiting for confirmation",
};

const cart = new Map();
/** The order being confirmed: `{ orderId, amount, currency, question }`. */
let pending = null;

const euros = (cents) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
const total = () => [...cart].reduce((sum, [index, count]) => sum + CATALOGUE[index].cents * count, 0);

function showCart() {
  const items = [...cart].map(([index, count]) => `${count} × ${CATALOGUE[index].name}`);
  $("cart-summary").textContent = items.length ? `${items.join(", ")}: ${euros(total())} EUR` : "empty";
  $("pay").disabled = items.length === 0;
  $("cart-clear").hidden = items.length === 0;
}

$("catalogue").replaceChildren(
  ...CATALOGUE.map((product, index) => {
    const item = document.createElement("li");
    item.textContent = `${product.name}, ${euros(product.cents)} EUR `;
    const add = document.createElement("button");
    add.type = "button";
    add.textContent = "Add to cart";
    add.setAttribute("aria-label", `Add ${product.name} to the cart`);
    add.addEventListener("click", () => {
      cart.set(index, (cart.get(index) ?? 0) + 1);
      showCart();
    });
    item.append(add);
    return item;
  }),
);

$("cart-clear").addEventListener("click", () => {
  cart.clear();
  showCart();
});

function method() {
  return document.querySelector('input[name="payment-method"]:checked')?.value;
}

function updateMethod() {
  const chosen = method();
  const sent = chosen === "sms" || chosen === "email";
  $("payment-send").hidden = !sent;
  $("payment-send").textContent = chosen === "email" ? "E-mail me a code" : "Text me a code";
  $("payment-question-row").hidden = chosen !== "ocra";
  $("payment-code-label").hidden = !(sent || chosen === "ocra");
  $("payment-code").setAttribute("length", chosen === "ocra" ? "8" : "6");
  $("payment-confirm").hidden = chosen === "passkey" || !chosen;
  $("payment-passkey").hidden = chosen !== "passkey";
}

$("payment-methods").addEventListener("change", () => {
  updateMethod();
  say("");
});

$("pay").addEventListener("click", async () => {
  const body = { amount: euros(total()), currency: "EUR", payee: PAYEE };
  const result = await api("/api/orders", { body });
  if (result.status !== 201) return explain(result);
  cart.clear();
  showCart();
  if (result.body.status === "paid") {
    inform(`Paid: ${result.body.statement} (a small payment needs no confirmation).`);
    return refreshOrders();
  }
  confirmPayment(result.body, result.body.methods);
  refreshOrders();
});

/** Asks to confirm `order` (`{ orderId, amount, currency, statement, question }`) by one of `methods`. */
function confirmPayment(order, methods) {
  pending = order;
  $("payment-statement").textContent = `${order.statement}?`;
  $("payment-question").textContent = order.question ?? "";
  const fieldset = $("payment-methods");
  fieldset.querySelectorAll("label").forEach((label) => label.remove());
  for (const name of methods) {
    const label = document.createElement("label");
    label.innerHTML = `<input type="radio" name="payment-method" value="${name}"> ${METHOD_LABELS[name] ?? name}`;
    fieldset.append(label);
  }
  fieldset.querySelector("input").checked = true;
  $("payment-code").clear();
  $("payment-form").hidden = false;
  updateMethod();
  fieldset.querySelector("input").focus();
}

$("payment-send").addEventListener("click", async () => {
  const result = await api(`/api/orders/${pending.orderId}/send`, { body: { method: method() } });
  if (result.status !== 200) return explain(result);
  say("");
  inform(method() === "email" ? "We e-mailed you a code for this payment." : "We texted you a code for this payment.");
  refreshOutbox();
  $("payment-code").focus();
});

$("payment-code").addEventListener("complete", () => $("payment-form").requestSubmit());

/** The answer to a confirmation, as the shopper should read it. */
async function settle(result) {
  if (result.status === 200) {
    $("payment-form").hidden = true;
    say("");
    inform(`Paid: ${pending.statement}.`);
    pending = null;
  } else if (result.body.error === "wrong_code") {
    const left = result.body.attemptsLeft;
    say(`That did not confirm the payment.${left ? ` ${left} ${left === 1 ? "attempt" : "attempts"} left.` : ""}`);
  } else {
    if (result.status === 410) $("payment-form").hidden = true;
    explain(result);
  }
  await refreshOrders();
}

$("payment-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const code = $("payment-code").value;
  if (!code) return say("Enter the code first.");
  const result = await api(`/api/orders/${pending.orderId}/confirm`, { body: { method: method(), code } });
  $("payment-code").clear();
  await settle(result);
});

$("payment-passkey").addEventListener("click", async () => {
  const options = await api(`/api/orders/${pending.orderId}/passkey-options`, { body: {} });
  if (options.status !== 200) return explain(options);
  // The passkey signs what the page shows: the challenge must be this payment's.
  const payment = { amount: pending.amount, currency: pending.currency, payee: PAYEE };
  const expected = base64urlEncode(transactionChallenge(payment, base64urlDecode(options.body.nonce)));
  if (expected !== options.body.options.challenge) return say("The shop asked to sign another payment: nothing was signed.");
  try {
    const credential = await getCredential(options.body.options);
    await settle(await api(`/api/orders/${pending.orderId}/confirm`, { body: { method: "passkey", ceremonyId: options.body.ceremonyId, credential } }));
  } catch (error) {
    say(error.code === "not_allowed" ? "The passkey was not used: the payment is not confirmed." : `The passkey did not confirm the payment (${error.code}).`);
  }
});

$("payment-cancel").addEventListener("click", () => {
  $("payment-form").hidden = true;
  pending = null;
  say("");
  refreshOrders();
});

/** The account's orders, newest first; one still waiting can be confirmed from here. */
export async function refreshOrders() {
  const { body } = await api("/api/orders");
  const list = $("orders");
  list.replaceChildren(
    ...(body.orders ?? []).slice(0, 8).map((order) => {
      const item = document.createElement("li");
      const by = order.paidBy ? ` ${PAID_BY[order.paidBy] ?? order.paidBy}` : "";
      const text = `${order.amount} ${order.currency} to ${order.payee}`;
      item.textContent = `${text}: ${STATUS_LABELS[order.status] ?? order.status}${by}`;
      if (order.status === "confirmation_required" && order.orderId !== pending?.orderId) {
        const resume = document.createElement("button");
        resume.type = "button";
        resume.textContent = "Confirm";
        resume.setAttribute("aria-label", `Confirm ${text}`);
        resume.addEventListener("click", () => confirmPayment(order, body.methods));
        item.append(" ", resume);
      }
      return item;
    }),
  );
  if (!list.children.length) list.innerHTML = "<li>None yet.</li>";
}

showCart();
