// Size of what a browser downloads: otp-wasm as shipped (and as a bundler re-minifies its JS),
// beside esbuild-minified bundles of the libraries people use today, each importing the parts
// that do the job otp-wasm does. Writes target/bench/size.json.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { build } from "esbuild";
import { ENTRIES, browserFiles, sizes as packageSizes } from "../scripts/size-report.mjs";

const measure = (bytes) => ({
  raw: bytes.length,
  gzip: gzipSync(bytes, { level: 9 }).length,
  brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
});

async function bundle(name, source) {
  const result = await build({
    stdin: { contents: source, resolveDir: process.cwd(), loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    write: false,
    logLevel: "error",
  });
  return { name, ...measure(Buffer.from(result.outputFiles[0].contents)) };
}

const wasm = readFileSync("pkg/web/otp_wasm_bg.wasm");
const ourJs = await build({
  stdin: { contents: `export * from "./pkg/index.js"; export { default } from "./pkg/index.js";`, resolveDir: process.cwd() },
  bundle: true, minify: true, format: "esm", platform: "browser", write: false, logLevel: "error",
  external: ["*.wasm"],
});
const results = [
  { name: "otp-wasm as shipped (.wasm + JS)", ...packageSizes(browserFiles(ENTRIES["otp-wasm"])) },
  { name: "otp-wasm/otp as shipped (.wasm + JS; OTP only)", ...packageSizes(browserFiles(ENTRIES["otp-wasm/otp"])) },
  { name: "otp-wasm/webauthn as shipped (.wasm + JS; WebAuthn only)", ...packageSizes(browserFiles(ENTRIES["otp-wasm/webauthn"])) },
  { name: "otp-wasm/code-entry as shipped (.wasm + JS; code entry only)", ...packageSizes(browserFiles(ENTRIES["otp-wasm/code-entry"])) },
  { name: "otp-wasm .wasm alone", ...measure(wasm) },
  { name: "otp-wasm JS, bundled by esbuild", ...measure(Buffer.from(ourJs.outputFiles[0].contents)) },
  await bundle("otpauth 9 (TOTP, HOTP, URI, Secret)", `export { TOTP, HOTP, URI, Secret } from "otpauth";`),
  await bundle("otplib 13 (generate, verify, generateSecret, generateURI)", `export { generateSync, verifySync, generateSecret, generateURI } from "otplib";`),
  await bundle(
    "@simplewebauthn/browser 14 (WebAuthn only)",
    `export { startRegistration, startAuthentication, browserSupportsWebAuthn, platformAuthenticatorIsAvailable } from "@simplewebauthn/browser";`,
  ),
];
mkdirSync("target/bench", { recursive: true });
writeFileSync("target/bench/size.json", JSON.stringify(results, null, 1));
for (const r of results) console.log(`${r.name.padEnd(60)} ${String(r.raw).padStart(7)} raw ${String(r.gzip).padStart(6)} gzip ${String(r.brotli).padStart(6)} brotli`);
