// The demo server on its two backends, side by side in one run: SQLite with one instance, then
// PostgreSQL with one instance and with three behind HAProxy (round robin). Each setup gets a
// fresh database and the same legitimate load: ACCOUNTS accounts sign up, then each signs in
// on a new device (password: one Argon2id check), has its code texted, and enters it. Prints
// requests/s and p50/p99 latency for the password step and the code step, and the ratio of
// three instances to one. Every shopper comes from an address of its own (X-Forwarded-For,
// trusted with --trust-proxy), as many customers do, so the per-address budget never answers.
// Run: make bench-server (the release build; PostgreSQL and HAProxy from scripts/setup.sh).
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { drive } from "./load.mjs";

const ACCOUNTS = 120;
const CLIENTS = 8; // within one instance's Argon2 queue (README), so no answer is 503
const BINARY = "target/server/otp-wasm-demo";
const HAPROXY = "/usr/sbin/haproxy";
const PROXY_PORT = 18080;

const scratch = mkdtempSync(join(tmpdir(), "otp-bench-"));
const children = [];

/** Starts one instance; resolves to its base URL once it listens. */
function instance(db, port = 0) {
  const key = join(scratch, "bench.key");
  const child = spawn(BINARY, ["--port", String(port), "--db", db, "--key-file", key, "--trust-proxy", "--origin", "http://localhost"], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, RUST_LOG: "warn" },
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the server exited (${code})`)));
    createInterface({ input: child.stdout }).once("line", (line) => resolve(line.replace("listening on ", "")));
  });
}

/** HAProxy on PROXY_PORT in front of `bases`, passing the shopper's own X-Forwarded-For on. */
async function proxy(bases) {
  const config = join(scratch, "haproxy.cfg");
  const servers = bases.map((base, i) => `    server i${i} ${base.replace("http://", "")}`).join("\n");
  writeFileSync(
    config,
    `defaults\n    mode http\n    option forwardfor if-none\n    timeout connect 5s\n    timeout client 60s\n    timeout server 60s\n` +
      `frontend bench\n    bind 127.0.0.1:${PROXY_PORT}\n    default_backend instances\n` +
      `backend instances\n    balance roundrobin\n${servers}\n`,
  );
  const child = spawn(HAPROXY, ["-db", "-f", config], { stdio: "inherit" });
  children.push(child);
  const base = `http://127.0.0.1:${PROXY_PORT}`;
  for (let tries = 0; tries < 100; tries++) {
    if (await fetch(`${base}/api/time`).then((r) => r.ok, () => false)) return base;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("HAProxy does not answer");
}

/** A shopper's own address: 10.x.y.1. */
const addressOf = (n) => `10.${(n >> 8) & 255}.${n & 255}.1`;

async function call(base, n, method, path, body) {
  const response = await fetch(base + path, {
    method,
    headers: { "content-type": "application/json", "x-forwarded-for": addressOf(n) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json().catch(() => null) };
}

/** `step(n)` for every account from CLIENTS clients at once: requests/s, p50, p99, statuses. */
const measure = (step) => drive(ACCOUNTS, CLIENTS, step);

/** The legitimate load against `base`: sign-ups, then each account's password and code. */
async function signIns(base) {
  const email = (n) => `shopper${n}@example.com`;
  const password = "correct horse battery staple";
  await measure(async (n) => (await call(base, n, "POST", "/api/sign-up", { email: email(n), phone: `+1 555 01${String(n).padStart(5, "0")}`, password })).status);
  const challenges = [];
  const passwordStep = await measure(async (n) => {
    const { status, body } = await call(base, n, "POST", "/api/sign-in", { email: email(n), password });
    challenges[n] = body?.challengeId;
    return status;
  });
  const codes = [];
  await measure(async (n) => {
    const id = challenges[n];
    const { status } = await call(base, n, "POST", `/api/challenges/${id}/send`, { method: "sms" });
    const { body } = await call(base, n, "GET", `/api/outbox?for=me&challenge=${id}`);
    codes[n] = /(\d{6})/.exec(body.messages[0].body)[1];
    return status;
  });
  const codeStep = await measure(async (n) => (await call(base, n, "POST", `/api/challenges/${challenges[n]}/verify`, { code: codes[n] })).status);
  return { passwordStep, codeStep };
}

const stopAll = () => {
  for (const child of children.splice(0)) child.kill();
};

const results = {};
let pgDir;
try {
  results["SQLite, 1 instance"] = await signIns(await instance(join(scratch, "bench.sqlite")));
  stopAll();
  rmSync(join(scratch, "bench.key"));

  pgDir = mkdtempSync(join(tmpdir(), "otp-bench-postgres-")); // made the postgres user's by postgres.sh
  execFileSync("bash", ["scripts/postgres.sh", "start", pgDir], { stdio: ["ignore", "ignore", "inherit"] });
  const database = (name) => execFileSync("bash", ["scripts/postgres.sh", "createdb", pgDir, name]).toString().trim();
  results["PostgreSQL, 1 instance"] = await signIns(await instance(database("one")));
  stopAll();
  rmSync(join(scratch, "bench.key"));

  const url = database("three");
  const bases = [];
  for (let i = 0; i < 3; i++) bases.push(await instance(url)); // the first migrates and makes the key
  results["PostgreSQL, 3 instances + HAProxy"] = await signIns(await proxy(bases));
} finally {
  stopAll();
  if (pgDir) {
    execFileSync("bash", ["scripts/postgres.sh", "stop", pgDir]);
    rmSync(pgDir, { recursive: true, force: true });
  }
  rmSync(scratch, { recursive: true, force: true });
}

/** "all 200", or what else was answered. */
const answered = (statuses) => (Object.keys(statuses).join() === "200" ? "all 200" : JSON.stringify(statuses));
const row = (name, { passwordStep: p, codeStep: c }) =>
  `| ${name} | ${p.perSecond.toFixed(1)} | ${p.p50.toFixed(0)} / ${p.p99.toFixed(0)} | ${c.perSecond.toFixed(1)} | ${c.p50.toFixed(1)} / ${c.p99.toFixed(1)} | ${answered(p.statuses)}; ${answered(c.statuses)} |`;
console.log(`\n${ACCOUNTS} accounts, ${CLIENTS} clients, ${(await import("node:os")).cpus().length} cores\n`);
console.log("| setup | password sign-ins/s | p50 / p99 ms | code verifies/s | p50 / p99 ms | answers (password; code) |");
console.log("|---|---|---|---|---|---|");
for (const [name, result] of Object.entries(results)) console.log(row(name, result));
const [one, three] = [results["PostgreSQL, 1 instance"], results["PostgreSQL, 3 instances + HAProxy"]];
console.log(
  `\nthree instances / one on PostgreSQL: password ${(three.passwordStep.perSecond / one.passwordStep.perSecond).toFixed(2)}x, ` +
    `code ${(three.codeStep.perSecond / one.codeStep.perSecond).toFixed(2)}x`,
);
