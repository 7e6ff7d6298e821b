// The demo page: a live TOTP code for a key you edit, verification and Key URI parsing, all
// with the otp-wasm package (loaded through the import map in index.html).
import init, { Totp, generateSecret, parseUri } from "otp-wasm";

await init();

const $ = (id) => document.getElementById(id);
const fields = ["secret", "issuer", "label", "algorithm", "digits", "period"];
let totp = null;

function readKey() {
  totp?.free();
  totp = null;
  $("key-error").textContent = "";
  try {
    totp = new Totp({
      secret: $("secret").value,
      issuer: $("issuer").value,
      label: $("label").value,
      algorithm: $("algorithm").value,
      digits: Number($("digits").value),
      period: Number($("period").value),
    });
    $("uri").value = totp.toUri();
  } catch (error) {
    $("key-error").textContent = `${error.message} (${error.code})`;
    $("uri").value = "";
  }
  tick();
}

function tick() {
  if (!totp) {
    $("code").textContent = "------";
    $("remaining").textContent = "";
    return;
  }
  $("code").textContent = totp.generate();
  $("remaining").textContent = `${Math.ceil(totp.remainingMs() / 1000)} s left`;
}

$("new-secret").addEventListener("click", () => {
  $("secret").value = generateSecret();
  readKey();
});
for (const id of fields) $(id).addEventListener("input", readKey);

$("verify-form").addEventListener("submit", (event) => {
  event.preventDefault();
  if (!totp) return;
  const match = totp.verify($("token").value);
  $("verify-result").textContent = match
    ? `Valid (step ${match.step}, ${match.delta === 0 ? "current step" : `${match.delta} step off`}).`
    : "Not valid now.";
});

$("parse-form").addEventListener("submit", (event) => {
  event.preventDefault();
  $("parse-error").textContent = "";
  try {
    const key = parseUri($("parse-input").value);
    if (!(key instanceof Totp)) {
      key.free();
      $("parse-error").textContent = "That is a counter-based (HOTP) key; this page shows time-based keys.";
      return;
    }
    $("secret").value = key.secret;
    $("issuer").value = key.issuer;
    $("label").value = key.label;
    $("algorithm").value = key.algorithm;
    $("digits").value = key.digits;
    $("period").value = key.period;
    key.free();
    readKey();
  } catch (error) {
    $("parse-error").textContent = `${error.message} (${error.code})`;
  }
});

$("secret").value = generateSecret();
readKey();
setInterval(tick, 250);
