// Totp, Hotp and parseUri, with the secrets and encodings of encodings.js, written once in
// JavaScript over the .wasm's flat functions (src/js/otp.rs, src/js/encoding.rs). This file
// reads and checks what the caller passes and keeps each key: its secret and its keyed HMAC
// state, so a code costs one call and two hash blocks. The .wasm computes and keeps nothing
// between calls. Its readers of counters, times, windows and secrets serve ocra.js too.
import { createEncodings } from "./encodings.js";
import { bytesOf, invalid, reader } from "./options.js";
import { OtpError, coreError } from "./otp_error.js";
import { bytesIn, textOut } from "./utf8.js";

export const ALGORITHMS = ["SHA1", "SHA256", "SHA512"]; // numbered as src/js/otp.rs numbers them
// A Steam Guard key is one of 5 digits, as src/js/otp.rs reads it (decimal keys have 6..=10):
// its codes are five characters of this alphabet, the value's base-26 places, lowest first.
const STEAM_DIGITS = 5;
const STEAM_ALPHABET = "23456789BCDFGHJKMNPQRTVWXY";
const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const MAX_SAFE_BIG = BigInt(MAX_SAFE);
const TWO_32 = 2 ** 32;

/** A whole number in min..=max; not a number at all is `invalid_argument`. */
function wholeIn(value, min, max, code) {
  if (typeof value !== "number") throw invalid(coreError(code).message);
  if (!Number.isInteger(value) || value < min || value > max) throw coreError(code);
  return value;
}

/** A counter: a number 0..=2^53-1 or a bigint 0..=2^64-1 (RFC 4226 §5.1: C is 8 bytes). */
export function counterOf(value) {
  if (typeof value === "number") {
    if (Number.isInteger(value) && value >= 0 && value <= MAX_SAFE) return value + 0; // not -0
  } else if (typeof value === "bigint") {
    if (value >= 0n && value < 2n ** 64n) return value;
  } else {
    throw invalid("counter must be a number or a bigint");
  }
  throw coreError("invalid_counter");
}

/** A counter's high and low 32 bits, as the .wasm takes it. */
const halves = (counter) =>
  typeof counter === "bigint" ? [Number(counter >> 32n), Number(counter & 0xffffffffn)] : [Math.floor(counter / TWO_32), counter >>> 0];

/** `counter + delta`, exact: a number while it stays a safe integer, else a bigint. */
export const counterPlus = (counter, delta) =>
  typeof counter === "number" && counter + delta <= MAX_SAFE ? counter + delta : BigInt(counter) + BigInt(delta);

/** A Unix time in whole milliseconds; undefined and null are now. */
export function timeOf(value) {
  if (typeof value === "number" && value >= 0 && value <= MAX_SAFE) return Math.floor(value) + 0;
  if (value === undefined || value === null) return Date.now();
  throw invalid("timestampMs must be a non-negative number of milliseconds since 1970");
}

export function windowOf(value, fallback, name = "window") {
  if (value === undefined) return fallback;
  if (typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 100) return value;
  throw invalid(`${name} must be a whole number from 0 to 100`);
}

/** A copy of the secret's bytes, from base32 text or bytes; none, or none left, is `missing_secret`. */
export function secretOf(given, base32Decode) {
  if (given === undefined) throw coreError("missing_secret");
  const secret = typeof given === "string" ? base32Decode(given) : new Uint8Array(bytesOf(given, "secret must be a base32 string or a Uint8Array"));
  if (secret.length === 0) throw coreError("missing_secret");
  return secret;
}

function tokenOf(token) {
  if (typeof token !== "string") throw invalid("token must be a string");
  return token;
}

/**
 * The Totp and Hotp classes, parseUri, generateSecret and the encodings over one build's flat
 * functions (`wasm`: the wasm-bindgen module of web/, web-otp/ or node/).
 */
export function createOtp(wasm) {
  const encodings = createEncodings(wasm);
  const { base32Decode } = encodings;

  /**
   * Reads secret, algorithm, digits, issuer, label and (for TOTP) encoding, in that order, as
   * the key's fields. A Steam key is SHA-1 with five-character codes: any other algorithm or
   * digits given with it is `invalid_algorithm` or `invalid_digits`.
   */
  function readKey(get, timeBased) {
    const encoding = get("encoding");
    if (encoding !== undefined && encoding !== "decimal" && (encoding !== "steam" || !timeBased)) {
      throw invalid('encoding must be "decimal", or "steam" for a Totp');
    }
    const steam = encoding === "steam";
    const secret = secretOf(get("secret"), base32Decode);
    const name = get("algorithm");
    let algorithm = 0;
    if (name !== undefined) {
      if (typeof name !== "string") throw invalid(coreError("invalid_algorithm").message);
      // SHA1, SHA256, SHA512 in any ASCII case, hyphens anywhere (SHA-256).
      const bits = /^SHA(1|256|512)$/i.exec(name.replaceAll("-", ""))?.[1];
      if (!bits) throw coreError("invalid_algorithm");
      algorithm = ["1", "256", "512"].indexOf(bits);
      if (steam && algorithm) throw coreError("invalid_algorithm");
    }
    const digitsGiven = get("digits");
    let digits = digitsGiven === undefined ? 6 : wholeIn(digitsGiven, steam ? STEAM_DIGITS : 6, steam ? STEAM_DIGITS : 10, "invalid_digits");
    if (steam) digits = STEAM_DIGITS;
    const text = (value) => {
      if (value === undefined) return "";
      if (typeof value !== "string") throw invalid("issuer and label must be strings");
      return value;
    };
    const issuer = text(get("issuer"));
    const label = text(get("label"));
    if (issuer.includes(":") || (!issuer && label.includes(":"))) {
      throw invalid("issuer may not contain ':', nor label when there is no issuer (Key URI format)");
    }
    return { secret, algorithm, digits, issuer, label, state: wasm.key_state(algorithm, secret) };
  }

  /** Marks the constructor call that parseUri makes with fields it has read already. */
  const PARSED = Symbol("parsed");
  /**
   * Each live key's fields, by key: out of callers' reach as a private field would be, and
   * readable by the functions below the classes (a class static block would do the same, but
   * Safari before 16.4 cannot parse one; see README, "Browsers").
   */
  const keyFields = new WeakMap();
  const fields = (key) => {
    const found = keyFields.get(key);
    if (!found) throw new OtpError("invalid_state", "this key was freed");
    return found;
  };

  /** What Totp and Hotp share: the key's fields, held until free(). */
  class Key {
    constructor(key) {
      keyFields.set(this, key);
    }
    /** Base32, upper case, unpadded. */
    get secret() {
      return textOut(wasm.base32_encode(fields(this).secret, false));
    }
    get algorithm() {
      return ALGORITHMS[fields(this).algorithm];
    }
    get digits() {
      return fields(this).digits;
    }
    get encoding() {
      return fields(this).digits === STEAM_DIGITS ? "steam" : "decimal";
    }
    get issuer() {
      return fields(this).issuer;
    }
    get label() {
      return fields(this).label;
    }
    /** Wipes the secret and the keyed state; the key is unusable afterwards. */
    free() {
      const key = keyFields.get(this);
      if (!key) return;
      key.secret.fill(0);
      key.state.fill(0);
      keyFields.delete(this);
    }
  }

  /** The code at a counter given in halves: zero-padded digits, or Steam's letters. */
  const code = (key, [high, low]) => {
    let value = wasm.code_value(key.algorithm, key.digits, key.state, high, low);
    if (key.digits !== STEAM_DIGITS) return String(value).padStart(key.digits, "0");
    let letters = "";
    for (let place = 0; place < STEAM_DIGITS; place++, value = Math.floor(value / 26)) letters += STEAM_ALPHABET[value % 26];
    return letters;
  };

  const uri = (key, period, counter) =>
    textOut(wasm.to_uri(key.algorithm, key.digits, key.secret, bytesIn(key.issuer), bytesIn(key.label), period, ...halves(counter)));

  class Totp extends Key {
    #periodMs;
    constructor(options, parsed) {
      const get = options === PARSED ? undefined : reader(options);
      super(get ? readKey(get, true) : parsed.key);
      let period = get ? get("period") : parsed.period;
      period = period === undefined ? 30 : wholeIn(period, 1, 3600, "invalid_period");
      this.#periodMs = period * 1000;
    }
    get period() {
      return this.#periodMs / 1000;
    }
    /** The time step T at `ms` (RFC 6238 §4.2), exact for every safe integer. */
    #step(ms) {
      return (ms - (ms % this.#periodMs)) / this.#periodMs;
    }
    generate(timestampMs) {
      const key = fields(this);
      return code(key, halves(this.#step(timeOf(timestampMs))));
    }
    verify(token, options) {
      const key = fields(this);
      tokenOf(token);
      const get = reader(options);
      const step = this.#step(timeOf(get("timestampMs")));
      const window = windowOf(get("window"), 1);
      const after = get("afterStep");
      const [afterHigh, afterLow] = after === undefined ? [0, 0] : halves(counterOf(after));
      const delta = wasm.verify_step(key.algorithm, key.digits, key.state, bytesIn(token), ...halves(step), window, afterHigh, afterLow, after !== undefined);
      return Number.isNaN(delta) ? null : { delta, step: step + delta };
    }
    stepAt(timestampMs) {
      fields(this);
      return this.#step(timeOf(timestampMs));
    }
    remainingMs(timestampMs) {
      fields(this);
      return this.#periodMs - (timeOf(timestampMs) % this.#periodMs);
    }
    toUri() {
      return uri(fields(this), this.period, 0);
    }
  }

  /** A counter as the caller reads it back: a bigint when asked for one or past 2^53 - 1. */
  const counterValue = (counter, asBigint) => {
    if (typeof counter === "number") return asBigint ? BigInt(counter) : counter;
    return asBigint || counter > MAX_SAFE_BIG ? counter : Number(counter);
  };

  class Hotp extends Key {
    #counter;
    #bigint;
    constructor(options, parsed) {
      const get = options === PARSED ? undefined : reader(options);
      super(get ? readKey(get, false) : parsed.key);
      const counter = get ? get("counter") : parsed.counter;
      this.#counter = counter === undefined ? 0 : counterOf(counter);
      this.#bigint = Boolean(get) && typeof counter === "bigint";
    }
    get counter() {
      fields(this);
      return counterValue(this.#counter, this.#bigint);
    }
    generate(counter) {
      const key = fields(this);
      return code(key, halves(counter === undefined || counter === null ? this.#counter : counterOf(counter)));
    }
    verify(token, options) {
      const key = fields(this);
      tokenOf(token);
      const get = reader(options);
      const given = get("counter");
      const counter = given === undefined ? this.#counter : counterOf(given);
      const asBigint = given === undefined ? this.#bigint : typeof given === "bigint";
      const window = windowOf(get("window"), 0);
      const delta = wasm.verify_counter(key.algorithm, key.digits, key.state, bytesIn(token), ...halves(counter), window);
      if (delta < 0) return null;
      return { delta, counter: counterValue(counterPlus(counter, delta), asBigint) };
    }
    toUri() {
      return uri(fields(this), 0, this.#counter);
    }
  }

  /**
   * The Totp or Hotp packed at `at` in `packed` (src/js/otp.rs `pack`: the key and its keyed
   * state); returns it and where the next one starts.
   */
  function unpackKey(packed, view, at) {
    const lengths = [0, 1, 2, 3].map((i) => view.getUint32(at + 16 + 4 * i, true));
    let start = at + 32;
    const [secret, issuer, label, state] = lengths.map((length) => packed.slice(start, (start += length)));
    const key = { secret, algorithm: packed[at + 1], digits: packed[at + 2], issuer: textOut(issuer), label: textOut(label), state };
    const otp =
      packed[at] === 0
        ? new Totp(PARSED, { key, period: view.getUint32(at + 4, true) })
        : new Hotp(PARSED, { key, counter: counterValue(view.getBigUint64(at + 8, true), false) });
    return [otp, start];
  }

  /** Runs `read` over the packed answer of a .wasm call, which is wiped afterwards (secrets). */
  function unpack(packed, read) {
    try {
      if (packed[0] !== 0) throw coreError(packed[0]);
      return read(packed, new DataView(packed.buffer, packed.byteOffset, packed.byteLength));
    } finally {
      packed.fill(0);
    }
  }

  /** A Totp or Hotp from a Key URI. */
  function parseUri(text) {
    if (typeof text !== "string") throw invalid("uri must be a string");
    return unpack(wasm.parse_uri(bytesIn(text)), (packed, view) => unpackKey(packed, view, 1)[0]);
  }

  return { Totp, Hotp, parseUri, ...encodings };
}
