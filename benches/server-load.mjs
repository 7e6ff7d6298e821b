// Bounded load runs against the demo server over loopback: the real binary (release build) with
// a fresh SQLite file, then it stops. Prints requests/s, latency percentiles and statuses.
// 1. Sign-in, each request for a different e-mail so that every one costs an Argon2 check, on
//    at most one thread per core: 200 requests from 8 clients (within the hashing queue), then
//    a burst of 64 at once, past which the server answers 503 `server_busy` at once instead of
//    piling up threads.
// 2. Code verify, 3000 requests from 8 clients: what an attacker's guessing looks like, wrong
//    codes against a live challenge, answered 400, then 429 (account throttle) and 410.
// Run: make bench-server
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { drive } from "./load.mjs";

const SIGN_INS = 200;
const BURST = 64;
const TOTAL = 3000;
const CONCURRENCY = 8;

const db = join(mkdtempSync(join(tmpdir(), "otp-load-")), "demo.sqlite");
const server = spawn("target/server/otp-wasm-demo", ["--port", "0", "--db", db], { stdio: ["ignore", "pipe", "inherit"] });
const base = await new Promise((resolve) => {
  createInterface({ input: server.stdout }).once("line", (line) => resolve(line.replace("listening on ", "")));
});

const json = async (path, body) => {
  const response = await fetch(base + path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: response.status, body: await response.json() };
};

/** Sends `total` requests from `clients` concurrent clients; prints what they got. */
async function load(name, total, clients, request) {
  const run = await drive(total, clients, async (n) => (await request(n)).status);
  const ms = (value) => value.toFixed(2);
  console.log(`${name}: ${run.count} requests, ${clients} clients, ${run.seconds.toFixed(2)} s`);
  console.log(`  ${Math.round(run.perSecond)} requests/s; latency p50 ${ms(run.p50)} ms, p99 ${ms(run.p99)} ms, max ${ms(run.max)} ms`);
  console.log(`  statuses: ${JSON.stringify(run.statuses)}`);
}

try {
  await load("POST /api/sign-in (Argon2id)", SIGN_INS, 8, (n) =>
    json("/api/sign-in", { email: `shopper${n}@example.com`, password: "a guess" }),
  );
  await load("POST /api/sign-in, a burst", BURST, BURST, (n) =>
    json("/api/sign-in", { email: `burst${n}@example.com`, password: "a guess" }),
  );
  const { body } = await json("/api/sign-in", { email: "jane@example.com", password: "correct horse battery staple" });
  const id = body.challengeId;
  await json(`/api/challenges/${id}/send`, { method: "sms" });
  await load("POST /api/challenges/{id}/verify", TOTAL, CONCURRENCY, () =>
    json(`/api/challenges/${id}/verify`, { code: "000000" }),
  );
} finally {
  server.kill();
}
