// The load loop the server benches share (server-load.mjs, server-backends.mjs): `total`
// requests from `clients` concurrent clients, each client sending its next one as soon as the
// last is answered.
import { performance } from "node:perf_hooks";

/**
 * Runs `step(n)` for n in 0..total, `clients` at a time; `step` resolves the HTTP status.
 * Resolves `{ count, seconds, perSecond, p50, p99, max, statuses }` (latencies in ms,
 * `statuses` counts each status answered).
 */
export async function drive(total, clients, step) {
  const latencies = [];
  const statuses = {};
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < total) {
        const n = next++;
        const t0 = performance.now();
        const status = await step(n);
        latencies.push(performance.now() - t0);
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
  return { count: latencies.length, seconds, perSecond: latencies.length / seconds, p50: at(0.5), p99: at(0.99), max: at(1), statuses };
}
