// Prints what a browser downloads from the package: the .wasm and the JS glue, raw, gzip -9
// and brotli. Size is deterministic, so this is also the figure the size budget checks.
import { readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";

const pkg = join(dirname(fileURLToPath(import.meta.url)), "..", "pkg");
/** Every JavaScript file a browser loads from the package (index.js and what it imports). */
export const BROWSER_JS = ["index.js", "otp_error.js", "code_input.js", "webauthn.js", "vault.js", "web/otp_wasm.js"];
const parts = {
  "web/otp_wasm_bg.wasm": ["web/otp_wasm_bg.wasm"],
  [`JavaScript (${BROWSER_JS.join(", ")})`]: BROWSER_JS,
};

/** Raw, gzip -9 and brotli sizes of `files`, each compressed on its own as a server sends it. */
export function sizes(files) {
  const total = { raw: 0, gzip: 0, brotli: 0 };
  for (const file of files) {
    const bytes = readFileSync(join(pkg, file));
    total.raw += bytes.length;
    total.gzip += gzipSync(bytes, { level: 9 }).length;
    total.brotli += brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  return total;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // --budget BYTES: fail when the total gzip -9 size exceeds it (size is deterministic, so
  // this is a test; time is not, so speed is only ever benchmarked).
  const budgetAt = process.argv.indexOf("--budget");
  const budget = budgetAt > 0 ? Number(process.argv[budgetAt + 1]) : null;
  const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
  let total = { raw: 0, gzip: 0, brotli: 0 };
  console.log("package size as a browser loads it (gzip -9, brotli q11):");
  for (const [name, files] of Object.entries(parts)) {
    const s = sizes(files);
    for (const k of Object.keys(total)) total[k] += s[k];
    console.log(`  ${name.padEnd(82)} ${kb(s.raw).padStart(10)} raw ${kb(s.gzip).padStart(10)} gzip ${kb(s.brotli).padStart(10)} brotli`);
  }
  console.log(`  ${"total".padEnd(82)} ${kb(total.raw).padStart(10)} raw ${kb(total.gzip).padStart(10)} gzip ${kb(total.brotli).padStart(10)} brotli`);
  if (budget !== null) {
    if (!(total.gzip <= budget)) {
      console.error(`size budget exceeded: ${total.gzip} bytes gzip -9 > budget ${budget} bytes`);
      process.exit(1);
    }
    console.log(`size budget: ${total.gzip} of ${budget} bytes gzip -9`);
  }
}
