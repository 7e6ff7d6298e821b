// Node benchmark: otp-wasm (the built package in pkg/) against node:crypto, otpauth's Node and
// browser builds, otplib 13 and WebCrypto, in one process, interleaved. Writes
// target/bench/node.json; benches/report.mjs turns it into RESULTS.md.
import { createHmac, webcrypto } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";
import { benchGroups, checkAgreement, runGroups } from "./cases.mjs";

const require = createRequire(import.meta.url);
const otp = require("../pkg/node/index.cjs");
const otpauthNode = await import("otpauth/dist/otpauth.node.mjs");
const otpauthBrowser = await import("otpauth/dist/otpauth.esm.js");
const otplib = await import("otplib");

const groups = await benchGroups({
  otp,
  otpauthBuilds: { "otpauth (Node build)": otpauthNode, "otpauth (browser build)": otpauthBrowser },
  otplib,
  subtle: webcrypto.subtle,
  createHmac,
}, "node:crypto createHmac");
await checkAgreement(groups);
const rounds = Number(process.env.BENCH_ROUNDS ?? 15);
const results = await runGroups(groups, { rounds, now: () => performance.now() });
mkdirSync("target/bench", { recursive: true });
writeFileSync("target/bench/node.json", JSON.stringify({ node: process.version, rounds, results }, null, 1));
for (const group of results) {
  console.log(`\n${group.name}  (speed-up vs ${group.baseline})`);
  for (const [label, r] of Object.entries(group.results)) {
    console.log(`  ${label.padEnd(26)} ${r.nsPerOp.toFixed(0).padStart(8)} ns/op  ${r.speedup?.toFixed(2) ?? "-"}x`);
  }
}
