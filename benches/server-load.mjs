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
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";

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
  const latencies = [];
  const statuses = {};
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < total) {
        const n = next++;
        const t0 = performance.now();
        const { status } = await request(n);
        latencies.push(performance.now() - t0);
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))].toFixed(2);
  console.log(`${name}: ${latencies.length} requests, ${clients} clients, ${seconds.toFixed(2)} s`);
  console.log(`  ${Math.round(latencies.length / seconds)} requests/s; latency p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms`);
  console.log(`  statuses: ${JSON.stringify(statuses)}`);
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
