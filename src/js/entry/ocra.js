// Ocra, OCRA challenge-response (RFC 6287), in JavaScript over one function of the .wasm
// (src/js/otp.rs `ocra_digest`: the HMAC under a key's keyed state, or a PIN's plain hash).
// The suite is read and the data input assembled here: a regular expression and BigInt do in a
// few hundred bytes what takes kilobytes of .wasm. The native core reads them itself
// (src/otp/ocra/); both run tests/vectors/ocra.json.
import { ALGORITHMS, counterOf, counterPlus, secretOf, timeOf, windowOf } from "./keys.js";
import { bytesOf, invalid, reader } from "./options.js";
import { OtpError, coreError } from "./otp_error.js";
import { bytesIn } from "./utf8.js";

// RFC 6287 §6 as it writes suites: the hash, digits (0, 4..=10), `[C-]QFxx` (04..=64), a PIN
// hash, `Snnn` and `TG` (1..=59 S or M; S000, S513 and up, and hours past 48 are refused
// after), and nothing else. The suite's text is hashed into every response, so no other
// spelling is taken.
const SUITE =
  /^OCRA-1:HOTP-SHA(1|256|512)-(0|[4-9]|10):(C-)?Q([NAH])(0[4-9]|[1-5]\d|6[0-4])(?:-PSHA(1|256|512))?(?:-S(\d{3}))?(?:-T([1-9]|[1-5]\d)([SMH]))?$/;
const HASHES = ["1", "256", "512"]; // in the order of ALGORITHMS
const SECONDS = { S: 1, M: 60, H: 3600 };
// What a question of each format holds (§6.3): digits, printable ASCII, hex digits.
const QUESTION = { N: /^\d+$/, A: /^[ -~]+$/, H: /^[\da-f]+$/i };

/**
 * OCRA's errors, in `Error::ALL` (src/error.rs) after tree.js's, with its messages: thrown here by
 * code (the .wasm reports none of them), so they live here, out of the entries without `Ocra`.
 * tests/error_codes.rs checks them against the Rust.
 */
const OCRA_MESSAGES = {
  invalid_suite: "not a valid OCRA suite (RFC 6287 §6)",
  missing_pin: "the OCRA suite needs a PIN",
  missing_session: "the OCRA suite needs session information",
  invalid_question: "the question does not fit the OCRA suite",
};
/** The OtpError for an OCRA error's code, or another core error's. */
const ocraError = (code) => (OCRA_MESSAGES[code] ? new OtpError(code, OCRA_MESSAGES[code]) : coreError(code));

/** Writes `value` (a number or bigint) as 8 big-endian bytes at `at` (§5.1: C and T). */
const put64 = (bytes, at, value) => new DataView(bytes.buffer).setBigUint64(at, BigInt(value));

/**
 * The option `name`: refused when the suite has no place for it (`has` false); when it has
 * one, an absent value is the error `missing` (if given).
 */
function given(get, name, has, missing) {
  const value = get(name);
  if (value !== undefined && !has) throw invalid(`this OCRA suite takes no ${name}`);
  if (value === undefined && has && missing) throw ocraError(missing);
  return value;
}

/**
 * The parts of a suite's text (the hash, digits, `C-`, question format and length, PIN hash,
 * session length, time count and unit), or `invalid_suite`.
 */
export function readSuite(suite) {
  if (typeof suite !== "string") throw invalid("suite must be a string");
  const parts = SUITE.exec(suite);
  const [, , , , , , , session, count, unit] = parts ?? [];
  if (!parts || session > 512 || session === "000" || (unit === "H" && count > 48)) throw ocraError("invalid_suite");
  return parts;
}

/** The Ocra class over one build's flat functions; `base32Decode` reads text secrets. */
export function createOcra(wasm, { base32Decode }) {
  class Ocra {
    #suite;
    #hash;
    #digits;
    #input; // what `dataInput` describes
    #state;

    constructor(options) {
      const get = reader(options);
      const suite = get("suite");
      const [, hash, digits, counter, format, maxLength, pinHash, session, count, unit] = readSuite(suite);
      const secret = secretOf(get("secret"), base32Decode);
      this.#suite = suite;
      this.#hash = HASHES.indexOf(hash);
      this.#digits = +digits;
      this.#input = {
        counter: !!counter,
        question: { format, maxLength: +maxLength },
        pinHash: ALGORITHMS[HASHES.indexOf(pinHash)] ?? null,
        sessionLength: +session || null,
        timeStepSeconds: count * SECONDS[unit] || null,
      };
      this.#state = wasm.key_state(this.#hash, secret);
      secret.fill(0);
    }

    /** The keyed state, or `invalid_state` once freed. */
    #key() {
      if (!this.#state) throw new OtpError("invalid_state", "this key was freed");
      return this.#state;
    }
    /** The suite as given: it is hashed into every response. */
    get suite() {
      this.#key();
      return this.#suite;
    }
    get algorithm() {
      this.#key();
      return ALGORITHMS[this.#hash];
    }
    /** The response's digits, 4..=10, or 0 for the whole HMAC in hex. */
    get digits() {
      this.#key();
      return this.#digits;
    }
    /** What a response takes (RFC 6287 §6.3), a new object each time. */
    get dataInput() {
      this.#key();
      return { ...this.#input, question: { ...this.#input.question } };
    }

    /**
     * The data input (§5.1: suite, 0, C, Q, P, S, T) for what `get` reads, and a function that
     * answers it for another counter and time step: `[respond(counter, step), counter, step,
     * message]`; the caller wipes `message` when done.
     */
    #dataInput(get) {
      const { counter: hasCounter, question: { format, maxLength }, pinHash: pinAlgorithm, sessionLength, timeStepSeconds } = this.#input;
      const parts = [get("question")].flat();
      if (!parts.length || parts.length > 2 || parts.some((part) => typeof part !== "string")) {
        throw invalid("question must be a string, or two");
      }
      if (parts.some((part) => part.length < 4 || part.length > maxLength || !QUESTION[format].test(part))) {
        throw ocraError("invalid_question");
      }
      const counter = given(get, "counter", hasCounter, "missing_counter");
      if (hasCounter) counterOf(counter);
      const pin = given(get, "pin", pinAlgorithm);
      let pinHash = given(get, "pinHash", pinAlgorithm);
      if (pinAlgorithm && (pin === undefined) === (pinHash === undefined)) {
        throw pin === undefined ? ocraError("missing_pin") : invalid("give pin or pinHash, not both");
      }
      const pinIndex = ALGORITHMS.indexOf(pinAlgorithm);
      if (pin !== undefined) {
        if (typeof pin !== "string") throw invalid("pin must be a string");
        const typed = bytesIn(pin);
        pinHash = wasm.ocra_digest(pinIndex, new Uint8Array(0), typed);
        typed.fill(0);
      } else if (pinAlgorithm && (pinHash = bytesOf(pinHash, "pinHash must be a Uint8Array or an ArrayBuffer")).length !== [20, 32, 64][pinIndex]) {
        throw coreError("invalid_argument");
      }
      const session = given(get, "session", sessionLength, "missing_session");
      if (session !== undefined && bytesOf(session, "session must be a Uint8Array or an ArrayBuffer").byteLength > sessionLength) {
        throw coreError("invalid_argument");
      }
      const time = timeOf(given(get, "timestampMs", timeStepSeconds));
      const stepMs = timeStepSeconds * 1000;
      const step = timeStepSeconds && (time - (time % stepMs)) / stepMs;

      const counterAt = this.#suite.length + 1;
      const questionAt = counterAt + (hasCounter ? 8 : 0);
      const timeAt = questionAt + 128 + (pinHash?.length ?? 0) + sessionLength;
      const message = new Uint8Array(timeAt + (timeStepSeconds ? 8 : 0));
      message.set(bytesIn(this.#suite));
      const text = parts.join("");
      if (format === "A") message.set(bytesIn(text), questionAt);
      else {
        // Hex digits from the start of Q, as the RFC's reference implementation writes them;
        // a numeric question's are those of its value (`00000001` is the half byte 1).
        const hex = format === "N" ? BigInt(text).toString(16) : text;
        message.set((hex + "0").match(/../g).map((pair) => parseInt(pair, 16)), questionAt);
      }
      if (pinHash) {
        message.set(pinHash, questionAt + 128);
        if (pin !== undefined) pinHash.fill(0);
      }
      // Session information, left-padded with zeros to its length as Appendix A pads it.
      if (session) message.set(bytesOf(session), timeAt - session.byteLength);
      const respond = (at, stepAt) => {
        if (hasCounter) put64(message, counterAt, at);
        if (timeStepSeconds) put64(message, timeAt, stepAt);
        // §5.2: the HOTP truncation to `digits`, or the whole HMAC in hex.
        const mac = wasm.ocra_digest(this.#hash, this.#key(), message);
        if (!this.#digits) return mac.reduce((hex, byte) => hex + (byte | 256).toString(16).slice(1), "");
        const value = new DataView(mac.buffer).getUint32(mac[mac.length - 1] & 15) & 0x7fffffff;
        return String(value % 10 ** this.#digits).padStart(this.#digits, "0");
      };
      return [respond, counter, step, message];
    }

    generate(options) {
      this.#key();
      const [respond, counter, step, message] = this.#dataInput(reader(options));
      try {
        return respond(counter, step);
      } finally {
        message.fill(0);
      }
    }

    /**
     * Tries the counters `counter ..= counter + counterWindow` and the steps within
     * `timeWindow` of now, nearest first; every candidate is computed and compared whole.
     */
    verify(response, options) {
      this.#key();
      if (typeof response !== "string") throw invalid("response must be a string");
      const get = reader(options);
      const { counter: hasCounter, timeStepSeconds } = this.#input;
      const [respond, counter, step, message] = this.#dataInput(get);
      const counterWindow = windowOf(given(get, "counterWindow", hasCounter), 0, "counterWindow");
      const timeWindow = windowOf(given(get, "timeWindow", timeStepSeconds), timeStepSeconds ? 1 : 0, "timeWindow");
      // As typed: spaces and hyphens between digits, hex in either case.
      const typed = response.replace(/[\s-]/g, "").toLowerCase();
      let found;
      try {
        // Steps 0, -1, +1, -2, +2, ...: nearest first.
        for (let nth = 0; nth <= 2 * timeWindow; nth++) {
          const stepDelta = nth & 1 ? -(nth + 1) / 2 : nth / 2;
          for (let counterDelta = 0; counterDelta <= counterWindow && step + stepDelta >= 0; counterDelta++) {
            const next = BigInt(counter ?? 0) + BigInt(counterDelta);
            if (next >= 2n ** 64n) break;
            const candidate = respond(next, step + stepDelta);
            let difference = candidate.length ^ typed.length;
            for (let i = 0; i < candidate.length; i++) difference |= candidate.charCodeAt(i) ^ typed.charCodeAt(i);
            found ??= difference ? undefined : [counterDelta, stepDelta];
          }
        }
      } finally {
        message.fill(0);
      }
      if (!found) return null;
      const [counterDelta, stepDelta] = found;
      const match = { delta: hasCounter ? counterDelta : stepDelta };
      if (hasCounter) match.counter = counterPlus(counter, counterDelta);
      if (timeStepSeconds) match.step = step + stepDelta;
      if (hasCounter && timeStepSeconds) match.stepDelta = stepDelta;
      return match;
    }

    /** Wipes the keyed state; the key is unusable afterwards. */
    free() {
      this.#state?.fill(0);
      this.#state = undefined;
    }
  }

  return { Ocra };
}
