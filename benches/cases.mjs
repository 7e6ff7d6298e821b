// The benchmark cases, shared by the Node and the browser harness: one group per operation,
// each with the implementations that can do it in that environment. Every case takes the
// iteration number (so inputs change from call to call) and returns what it computed, so the
// harness can check that all of them agree before timing anything.

export const SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"; // RFC 6238's SHA-1 seed, base32
const KEY = new TextEncoder().encode("12345678901234567890");
const T0 = 1_700_000_000_000;
const PERIOD_MS = 30_000;
const URI = `otpauth://totp/ACME%20Co:jane%40example.com?secret=${SECRET}&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30`;

/** A distinct 30-second step for each iteration. */
export const timestampAt = (i) => T0 + (i % 1_000_000) * PERIOD_MS;
const stepAt = (i) => Math.floor(timestampAt(i) / PERIOD_MS);

/** RFC 4226 §5.3 dynamic truncation of an HMAC-SHA-1 result to 6 digits. */
function truncate(hs) {
  const offset = hs[hs.length - 1] & 0x0f;
  const number = ((hs[offset] & 0x7f) << 24) | (hs[offset + 1] << 16) | (hs[offset + 2] << 8) | hs[offset + 3];
  return String(number % 1_000_000).padStart(6, "0");
}

function counterBytes(counter) {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(counter));
  return bytes;
}

/**
 * libs: { otp, otpauthBuilds: { name: module }, otplib, subtle, createHmac? }; `baseline` names
 * the case ratios are taken against. Returns [{ name, baseline, cases: { label: { run(i),
 * setup?(i), async? } } }].
 */
export async function benchGroups({ otp, otpauthBuilds, otplib, subtle, createHmac }, baseline) {
  const totp = new otp.Totp({ secret: SECRET });
  const hotp = new otp.Hotp({ secret: SECRET });
  const webKey = await subtle.importKey("raw", KEY, { name: "HMAC", hash: "SHA-1" }, false, ["sign"]);
  const webCode = async (counter) => truncate(new Uint8Array(await subtle.sign("HMAC", webKey, counterBytes(counter))));
  const nodeCode = createHmac && ((counter) => truncate(createHmac("sha1", KEY).update(counterBytes(counter)).digest()));

  // A token matching none of the three steps verify looks at, so every call does 3 HMACs.
  const wrongToken = (i) => {
    const near = [-1, 0, 1].map((d) => totp.generate(timestampAt(i) + d * PERIOD_MS));
    return ["000000", "111111", "222222", "333333"].find((t) => !near.includes(t));
  };

  const generate = {};
  const verify = {};
  const hotpGenerate = {};
  const parse = {};
  if (nodeCode) {
    generate["node:crypto createHmac"] = { run: (i) => nodeCode(stepAt(i)) };
    verify["node:crypto createHmac"] = {
      run: (i) => {
        const token = wrongToken(i);
        return [-1, 0, 1].some((d) => nodeCode(stepAt(i) + d) === token) ? { delta: 0 } : null;
      },
      setup: wrongToken,
    };
    hotpGenerate["node:crypto createHmac"] = { run: (i) => nodeCode(2n ** 40n + BigInt(i)) };
  }
  generate["otp-wasm"] = { run: (i) => totp.generate(timestampAt(i)) };
  verify["otp-wasm"] = { run: (i, token) => totp.verify(token, { timestampMs: timestampAt(i) }), setup: wrongToken };
  hotpGenerate["otp-wasm"] = { run: (i) => hotp.generate(2n ** 40n + BigInt(i)) };
  parse["otp-wasm"] = { run: () => otp.parseUri(URI).secret };

  for (const [name, OTPAuth] of Object.entries(otpauthBuilds)) {
    const t = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(SECRET) });
    const h = new OTPAuth.HOTP({ secret: OTPAuth.Secret.fromBase32(SECRET) });
    generate[name] = { run: (i) => t.generate({ timestamp: timestampAt(i) }) };
    verify[name] = {
      run: (i, token) => {
        const delta = t.validate({ token, timestamp: timestampAt(i), window: 1 });
        return delta === null ? null : { delta };
      },
      setup: wrongToken,
    };
    // otpauth takes counters as numbers only: exact up to 2^53-1, which 2^40 + i is.
    hotpGenerate[name] = { run: (i) => h.generate({ counter: 2 ** 40 + i }) };
    parse[name] = { run: () => OTPAuth.URI.parse(URI).secret.base32 };
  }

  generate["otplib 13"] = { run: (i) => otplib.generateSync({ secret: SECRET, epoch: timestampAt(i) / 1000 }) };
  verify["otplib 13"] = {
    run: (i, token) => {
      const result = otplib.verifySync({ secret: SECRET, token, epoch: timestampAt(i) / 1000, epochTolerance: 30 });
      return result.valid ? { delta: result.delta } : null;
    },
    setup: wrongToken,
  };
  hotpGenerate["otplib 13"] = {
    run: (i) => otplib.generateSync({ secret: SECRET, strategy: "hotp", counter: 2 ** 40 + i }),
  };

  generate["WebCrypto subtle.sign"] = { run: (i) => webCode(stepAt(i)), async: true };
  verify["WebCrypto subtle.sign"] = {
    run: async (i, token) => {
      for (const d of [-1, 0, 1]) if ((await webCode(stepAt(i) + d)) === token) return { delta: d };
      return null;
    },
    setup: wrongToken,
    async: true,
  };

  const normalize = { "otp-wasm": { run: (i) => otp.normalizeCode(i % 2 ? "１２３ ４５６" : " 123-456 ") } };

  const peerBaseline = parse[baseline] ? baseline : "otp-wasm";
  return [
    { name: "Totp.generate", baseline, cases: generate },
    { name: "Totp.verify, window 1, no match (3 HMACs)", baseline, cases: verify },
    { name: "Hotp.generate, counter 2^40 + i (bigint where taken)", baseline, cases: hotpGenerate },
    { name: "parseUri", baseline: peerBaseline, cases: parse },
    { name: "normalizeCode (no peer has one)", baseline: "otp-wasm", cases: normalize },
  ];
}

/** Checks that every case of a group computes the same value for the same inputs. */
export async function checkAgreement(groups) {
  for (const group of groups) {
    for (const i of [0, 1, 12345]) {
      const results = {};
      for (const [label, c] of Object.entries(group.cases)) {
        const value = await c.run(i, c.setup?.(i));
        results[label] = JSON.stringify(value && typeof value === "object" ? { match: true } : value);
      }
      const distinct = new Set(Object.values(results));
      if (distinct.size !== 1) throw new Error(`${group.name}: cases disagree at ${i}: ${JSON.stringify(results)}`);
    }
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * Runs every case of every group for `rounds` rounds, interleaved (each round runs each case
 * once, in a rotating order), with batches sized to about `batchMs`. `now()` gives
 * milliseconds. Returns, per group and case: median ns/op over rounds, the min-max spread,
 * and the median of the per-round ratios to the group's baseline (speed-up: >1 is faster).
 */
export async function runGroups(groups, { rounds = 15, batchMs = 40, now }) {
  const out = [];
  for (const group of groups) {
    const labels = Object.keys(group.cases);
    const sizes = {};
    for (const label of labels) sizes[label] = await calibrate(group.cases[label], batchMs, now);
    const perRound = Object.fromEntries(labels.map((l) => [l, []]));
    for (let round = 0; round < rounds; round++) {
      for (let k = 0; k < labels.length; k++) {
        const label = labels[(k + round) % labels.length];
        perRound[label].push(await timeBatch(group.cases[label], sizes[label], round * 1_000_003, now));
      }
    }
    const results = {};
    for (const label of labels) {
      const ns = perRound[label];
      const base = perRound[group.baseline];
      const ratios = base ? ns.map((v, r) => base[r] / v) : [];
      results[label] = {
        nsPerOp: median(ns),
        minNs: Math.min(...ns),
        maxNs: Math.max(...ns),
        opsPerSec: 1e9 / median(ns),
        speedup: base ? median(ratios) : null,
        speedupMin: base ? Math.min(...ratios) : null,
        speedupMax: base ? Math.max(...ratios) : null,
      };
    }
    out.push({ name: group.name, baseline: group.baseline, results });
  }
  return out;
}

async function timeBatch(c, n, offset, now) {
  const inputs = c.setup ? Array.from({ length: n }, (_, j) => c.setup(offset + j)) : [];
  const start = now();
  if (c.async) for (let j = 0; j < n; j++) await c.run(offset + j, inputs[j]);
  else for (let j = 0; j < n; j++) c.run(offset + j, inputs[j]);
  return ((now() - start) * 1e6) / n;
}

async function calibrate(c, batchMs, now) {
  let n = 16;
  for (;;) {
    const ns = await timeBatch(c, n, 0, now);
    if ((ns * n) / 1e6 >= batchMs / 4 || n >= 1 << 22) return Math.max(16, Math.round((batchMs * 1e6) / ns));
    n *= 4;
  }
}
