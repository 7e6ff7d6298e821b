// Clock skew: TOTP codes fail when the device clock is off.
import { api } from "./api.js";
import { $ } from "./ui.js";

export async function checkClock() {
  const before = Date.now();
  const { body } = await api("/api/time");
  const skewMs = body.nowMs - (before + Date.now()) / 2;
  if (Math.abs(skewMs) > 15_000) {
    $("skew").hidden = false;
    $("skew").textContent = `This device's clock is ${Math.round(Math.abs(skewMs) / 1000)} s ${skewMs > 0 ? "behind" : "ahead of"} the shop's: authenticator-app codes may be refused. Set the clock automatically.`;
  }
}
