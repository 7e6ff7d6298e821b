// Bundled by benches/browser.mjs (esbuild) into the page that runs the browser benchmark: the
// peers as a browser loads them, and the shared cases. otp-wasm itself is loaded from pkg/.
import * as otpauth from "otpauth";
import * as otplib from "otplib";
import { benchGroups, checkAgreement, runGroups } from "./cases.mjs";

window.runBench = async (otp, rounds) => {
  const groups = await benchGroups(
    { otp, otpauthBuilds: { "otpauth (browser build)": otpauth }, otplib, subtle: crypto.subtle },
    "otpauth (browser build)",
  );
  await checkAgreement(groups);
  return runGroups(groups, { rounds, now: () => performance.now() });
};
