// A bounded load run of the demo server's code-verify route over loopback: the real binary
// (release build) with a fresh SQLite file, 3000 requests from 8 concurrent clients, then it
// stops. What an attacker's guessing looks like: wrong codes against a live challenge, which the
// server answers with 400, then 429 (account throttle) and 410 (challenge dead).
// Prints requests/s and latency percentiles. Run: make bench-server
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";

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

try {
  const { body } = await json("/api/sign-in", { email: "jane@example.com", password: "correct horse battery staple" });
  const id = body.challengeId;
  await json(`/api/challenges/${id}/send`, { method: "sms" });
  const latencies = [];
  const statuses = {};
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < TOTAL) {
        next++;
        const t0 = performance.now();
        const { status } = await json(`/api/challenges/${id}/verify`, { code: "000000" });
        latencies.push(performance.now() - t0);
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))].toFixed(2);
  console.log(`POST /api/challenges/{id}/verify: ${latencies.length} requests, ${CONCURRENCY} clients, ${seconds.toFixed(2)} s`);
  console.log(`  ${Math.round(latencies.length / seconds)} requests/s; latency p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms`);
  console.log(`  statuses: ${JSON.stringify(statuses)}`);
} finally {
  server.kill();
}
