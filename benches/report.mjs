// Writes benches/RESULTS.md from what `make bench` measured: target/bench/{node,browser,size}.json
// and criterion's estimates in target/criterion/.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";

const json = (path) => JSON.parse(readFileSync(path, "utf8"));
const version = (pkg) => json(`node_modules/${pkg}/package.json`).version;
const node = json("target/bench/node.json");
const browser = json("target/bench/browser.json");
const size = json("target/bench/size.json");
const rustc = execFileSync("rustc", ["--version"], { encoding: "utf8" }).trim();
const ns = (v) => (v >= 10_000 ? `${(v / 1000).toFixed(1)} µs` : `${v.toFixed(0)} ns`);
const x = (v) => (v === null ? "—" : `${v.toFixed(2)}×`);
const kib = (v) => `${(v / 1024).toFixed(1)} KiB`;

function speedTable({ results, rounds }) {
  const lines = [];
  for (const group of results) {
    lines.push(`\n**${group.name}** (ratios: baseline's time / this one's time, per round; >1 is faster than ${group.baseline})\n`);
    lines.push("| implementation | median | min – max | ops/s | speed-up (median) | speed-up (min – max) |");
    lines.push("|---|---|---|---|---|---|");
    for (const [label, r] of Object.entries(group.results)) {
      lines.push(`| ${label} | ${ns(r.nsPerOp)} | ${ns(r.minNs)} – ${ns(r.maxNs)} | ${Math.round(r.opsPerSec).toLocaleString("en")} | ${x(r.speedup)} | ${r.speedupMin === null ? "—" : `${x(r.speedupMin)} – ${x(r.speedupMax)}`} |`);
    }
  }
  lines.push(`\n${rounds} rounds, all cases interleaved in each round, batches of about 40 ms.`);
  return lines.join("\n");
}

function criterionTable() {
  const root = "target/criterion";
  if (!existsSync(root)) return "(criterion did not run)";
  const lines = ["| operation | median | 95% interval |", "|---|---|---|"];
  for (const dir of readdirSync(root).filter((d) => existsSync(join(root, d, "new", "estimates.json")))) {
    const benchmark = json(join(root, dir, "new", "benchmark.json"));
    const { median } = json(join(root, dir, "new", "estimates.json"));
    lines.push(`| ${benchmark.title} | ${ns(median.point_estimate)} | ${ns(median.confidence_interval.lower_bound)} – ${ns(median.confidence_interval.upper_bound)} |`);
  }
  return lines.join("\n");
}

const ours = node.results.find((g) => g.name === "Totp.generate").results;
const verify = node.results.find((g) => g.name.startsWith("Totp.verify")).results;
const inChromium = browser.results.find((g) => g.name === "Totp.generate").results["otp-wasm"].speedup;
const shipped = size.find((s) => s.name.startsWith("otp-wasm as shipped"));
const otpOnly = size.find((s) => s.name.startsWith("otp-wasm/otp as shipped"));
const otpauthSize = size.find((s) => s.name.startsWith("otpauth"));

writeFileSync("benches/RESULTS.md", `# Benchmarks and sizes

Made by \`make bench\` on ${new Date().toISOString().slice(0, 10)}. Times are medians of
interleaved rounds in one process; compare the ratios (measured side by side in the same run),
not absolute times, across machines.

## Headline

- \`Totp.generate\`: ${x(ours["otp-wasm"].speedup)} the speed of Node's own \`createHmac\`
  (target ≥ 4.5×); ${x(ours["otpauth (browser build)"].nsPerOp / ours["otp-wasm"].nsPerOp)} otpauth's browser build in Node (ratio of
  medians) and ${x(inChromium)} in Chromium (target ≥ 5×).
- \`Totp.verify\`, window 1: ${x(verify["otp-wasm"].speedup)} \`createHmac\` (target ≥ 5×).
- As a browser loads it, gzip -9: \`otp-wasm/otp\` (OTP only, the job otpauth does)
  ${kib(otpOnly.gzip)} (${kib(otpOnly.brotli)} brotli); the whole package (code entry, WebAuthn,
  the vault's module apart) ${kib(shipped.gzip)}; otpauth bundled ${kib(otpauthSize.gzip)}. The goals of
  14 KiB and 30 KiB are below what the API weighs: README, "Where the bytes are", gives each
  part's bytes and what removing it would cost.

## Machine

- CPU: ${cpus()[0].model}, ${cpus().length} cores; ${Math.round(totalmem() / 2 ** 30)} GiB memory (a shared machine: ratios, not times)
- Node ${node.node}; Chromium ${browser.chromium}; ${rustc}
- otp-wasm ${json("pkg/package.json").version}, otpauth ${version("otpauth")}, otplib ${version("otplib")},
  @simplewebauthn/browser ${version("@simplewebauthn/browser")}, esbuild ${version("esbuild")}

## Node (\`benches/node.mjs\`)
${speedTable(node)}

## Chromium, headless (\`benches/browser.mjs\`)

The browser has no \`createHmac\`: ratios are against otpauth's browser build.
${speedTable(browser)}

## Native Rust core (criterion, \`benches/core.rs\`): the floor for the wasm build

${criterionTable()}

## Size (\`benches/size.mjs\`): what a browser downloads

| what | raw | gzip -9 | brotli |
|---|---|---|---|
${size.map((s) => `| ${s.name} | ${kib(s.raw)} | ${kib(s.gzip)} | ${kib(s.brotli)} |`).join("\n")}

Peers are bundled and minified by esbuild from the exports that do the job otp-wasm does.
@simplewebauthn/browser covers only the browser half of WebAuthn (create/get and JSON), which
\`otp-wasm/webauthn\` has beside its CBOR and authenticator-data parsers.
`);
console.log("wrote benches/RESULTS.md");
