// Prints what a browser downloads for each package entry: the entry module, every module it
// imports, and the .wasm its wasm-bindgen glue fetches; raw, gzip -9 and brotli. Size is
// deterministic, so this is also what the size budgets check.
import { readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const pkg = join(dirname(fileURLToPath(import.meta.url)), "..", "pkg");

/** The package's browser entries (pkg.json `exports`) and their files in pkg/. */
/** `otp-wasm/import` counts its own files: the main entry it uses is counted as `otp-wasm`. */
export const ENTRIES = {
  "otp-wasm": "index.js",
  "otp-wasm/otp": "otp.js",
  "otp-wasm/qr": "qr.js",
  "otp-wasm/import": "import.js",
  "otp-wasm/webauthn": "webauthn.js",
  "otp-wasm/code-entry": "code_entry.js",
  "otp-wasm/otp-input": "otp_input.js",
};

/** The files a browser fetches for `entry`, found by following its `import`/`export ... from`
 *  specifiers and wasm-bindgen's `new URL("....wasm", import.meta.url)`. */
export function browserFiles(entry) {
  const found = new Set();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.shift();
    if (found.has(file)) continue;
    found.add(file);
    const source = readFileSync(join(pkg, file), "utf8");
    for (const [, specifier] of source.matchAll(/(?:\bfrom|\bimport)\s*["'](\.\.?\/[^"']+)["']/g)) {
      queue.push(normalize(join(dirname(file), specifier)));
    }
    for (const [, wasm] of source.matchAll(/new URL\(\s*["']([^"']+\.wasm)["']\s*,\s*import\.meta\.url\s*\)/g)) {
      found.add(normalize(join(dirname(file), wasm)));
    }
  }
  return [...found].sort();
}

/** The modules `files` import dynamically (`import("./...")`): parts a page loads on first use,
 *  not before it calls anything. */
export function onFirstUse(files) {
  const found = new Set();
  for (const file of files.filter((f) => f.endsWith(".js"))) {
    const source = readFileSync(join(pkg, file), "utf8");
    for (const [, specifier] of source.matchAll(/\bimport\(\s*["'](\.\.?\/[^"']+)["']\s*\)/g)) {
      for (const loaded of browserFiles(normalize(join(dirname(file), specifier)))) {
        if (!files.includes(loaded)) found.add(loaded);
      }
    }
  }
  return [...found].sort();
}

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
  // --budget ENTRY=BYTES (repeatable): fail when that entry's gzip -9 total exceeds BYTES (size
  // is deterministic, so this is a test; time is not, so speed is only ever benchmarked).
  const budgets = {};
  process.argv.forEach((arg, i) => {
    if (arg !== "--budget") return;
    const [entry, bytes] = process.argv[i + 1].split("=");
    if (!(entry in ENTRIES) || !(Number(bytes) > 0)) throw new Error(`bad budget ${process.argv[i + 1]}`);
    budgets[entry] = Number(bytes);
  });
  const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
  const row = (name, s) =>
    console.log(`  ${name.padEnd(56)} ${kb(s.raw).padStart(10)} raw ${kb(s.gzip).padStart(10)} gzip ${kb(s.brotli).padStart(10)} brotli`);
  let failed = false;
  for (const [entry, file] of Object.entries(ENTRIES)) {
    const files = browserFiles(file);
    const wasm = files.filter((f) => f.endsWith(".wasm"));
    const js = files.filter((f) => !f.endsWith(".wasm"));
    const total = sizes(files);
    console.log(`import from "${entry}" (gzip -9, brotli q11):`);
    row(wasm.join(", "), sizes(wasm));
    row(`JavaScript: ${js.length} modules`, sizes(js));
    for (const f of js) row(`  ${f}`, sizes([f]));
    row("total", total);
    for (const f of onFirstUse(files)) row(`loaded on first use: ${f}`, sizes([f]));
    if (entry in budgets) {
      const ok = total.gzip <= budgets[entry];
      failed ||= !ok;
      console[ok ? "log" : "error"](`  size budget: ${total.gzip} of ${budgets[entry]} bytes gzip -9${ok ? "" : ": exceeded"}`);
    }
  }
  if (failed) process.exit(1);
}
