// The demo server's API (README, "The demo server").
import { $ } from "./ui.js";

/** Calls the API once, never asking for the password; resolves to { status, body }. */
export async function call(path, { body, method } = {}) {
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
export async function api(path, options) {
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
