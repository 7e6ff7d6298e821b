// What the page shows: one screen at a time, a status line, and problems as alerts.
export const $ = (id) => document.getElementById(id);
const SCREENS = ["screen-sign-in", "screen-sign-up", "screen-challenge", "screen-account"];

export function show(screen) {
  $("loading").hidden = true;
  for (const id of SCREENS) $(id).hidden = id !== screen;
  say("");
  inform("");
  $(screen).querySelector("input, button")?.focus();
}

/** Tells what happened (role="status"). */
export function inform(text) {
  $("status").textContent = text;
}

let messageTimer;
/** Announces a problem (role="alert"); a function of the seconds left makes a countdown. */
export function say(text, seconds) {
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
export function explain({ status, body }) {
  if (status === 429) {
    say((s) => (s > 0 ? `Too many attempts. Try again in ${s} s.` : "You can try again now."), body.retryAfter ?? 1);
  } else {
    say(body.message ? body.message[0].toUpperCase() + body.message.slice(1) + "." : "Something went wrong.");
  }
}
