// Assembles the npm package in pkg/ from the three wasm-pack builds (pkg/web: ES module for
// browsers and bundlers; pkg/web-otp: the same without code entry and WebAuthn, for the
// `otp-wasm/otp` entry; pkg/node: CommonJS that loads the .wasm synchronously) and the
// hand-written entry files in src/js/entry/. The manifest is wasm-pack's generated
// package.json (name, version and authors from Cargo.toml) with pkg.json merged over it.
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { transformSync } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = join(root, "pkg");
const entry = join(root, "src", "js", "entry");
const readJson = (path) => JSON.parse(readFileSync(path, "utf8"));

const generated = readJson(join(pkg, "web", "package.json"));
const manifest = { ...generated, ...readJson(join(root, "pkg.json")) };
// wasm-pack's own fields that pkg.json's exports/files replace.
for (const field of ["collaborators"]) delete manifest[field];
writeFileSync(join(pkg, "package.json"), JSON.stringify(manifest, null, 2) + "\n");

// Only what the entries load ships: no per-target manifests, generated types or .gitignore.
for (const target of ["web", "web-otp", "node"]) {
  for (const file of ["package.json", ".gitignore", "otp_wasm.d.ts", "otp_wasm_bg.wasm.d.ts", "README.md", "LICENSE-MIT", "LICENSE-APACHE"]) {
    rmSync(join(pkg, target, file), { force: true });
  }
}

const copy = (from, to) => {
  mkdirSync(dirname(join(pkg, to)), { recursive: true });
  copyFileSync(join(entry, from), join(pkg, to));
};
copy("index.js", "index.js");
copy("index.d.ts", "index.d.ts");
copy("otp.js", "otp.js");
copy("otp.d.ts", "otp.d.ts");
copy("otp_error.js", "otp_error.js");
copy("code_input.js", "code_input.js");
copy("webauthn.js", "webauthn.js");
copy("vault.js", "vault.js");
copy("node/index.cjs", "node/index.cjs");
copy("node/index.mjs", "node/index.mjs");
// The same declarations describe the CommonJS entry; TypeScript wants them in a .d.cts file.
copy("index.d.ts", "node/index.d.cts");
writeFileSync(join(pkg, "node", "otp.d.cts"), readFileSync(join(entry, "otp.d.ts"), "utf8").replace('"./index.js"', '"./index.cjs"'));
// node/ holds CommonJS (wasm-bindgen's nodejs output); the package root is "type": "module".
writeFileSync(join(pkg, "node", "package.json"), JSON.stringify({ type: "commonjs" }) + "\n");
// The hand-written ES modules the CommonJS entry needs too, converted by esbuild.
for (const file of ["otp_error", "code_input", "webauthn", "vault"]) {
  const source = readFileSync(join(entry, `${file}.js`), "utf8");
  writeFileSync(join(pkg, "node", `${file}.cjs`), transformSync(source, { format: "cjs", target: "node20" }).code);
}

// What a page downloads ships minified (a third less after gzip): the entries, wasm-bindgen's
// glue and the helpers (src/js/entry/ has them readable). The Node files stay as they are;
// nobody downloads them over a network.
const browserModules = ["index.js", "otp.js", "otp_error.js", "code_input.js", "webauthn.js", "vault.js"];
for (const file of [join("web", "otp_wasm.js"), join("web-otp", "otp_wasm.js"), ...browserModules]) {
  const path = join(pkg, file);
  writeFileSync(path, transformSync(readFileSync(path, "utf8"), { minify: true, format: "esm", target: "es2022" }).code);
}

for (const file of ["README.md", "LICENSE-MIT", "LICENSE-APACHE"]) {
  if (existsSync(join(root, file))) copyFileSync(join(root, file), join(pkg, file));
}
console.log(`assembled ${manifest.name}@${manifest.version} in pkg/`);
