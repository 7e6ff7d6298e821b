// normalizeCode, checkCode, extractCode, parseSmsMessage and checkOrigin over the .wasm's flat
// functions (src/js/code_entry.rs): the arguments are checked here, the core does the work.
import { invalid, reader } from "./options.js";
import { bytesIn } from "./utf8.js";
import { readResult } from "./tree.js";

/** Reads `{ digits = 6 }`: a whole number from 4 to 10. */
function digitsOf(options) {
  const digits = reader(options)("digits") ?? 6;
  if (Number.isInteger(digits) && digits >= 4 && digits <= 10) return digits;
  throw invalid("digits must be a whole number from 4 to 10");
}

function text(value, name) {
  if (typeof value !== "string") throw invalid(`${name} must be a string`);
  return value;
}

export function createCodeFunctions(wasm) {
  return {
    /** The ASCII code in what a person typed or pasted. */
    normalizeCode: (input, options) => readResult(wasm.normalize_code(bytesIn(text(input, "input")), digitsOf(options))),

    /** `{ state, code, error }` for live feedback while typing; never throws. */
    checkCode(input, options) {
      let digits;
      try {
        digits = digitsOf(options);
      } catch {
        return { state: "invalid", code: "", error: "invalid_argument" };
      }
      if (typeof input !== "string") return { state: "invalid", code: "", error: "invalid_character" };
      return readResult(wasm.check_code(bytesIn(input), digits));
    },

    /** The one-time code in a pasted message, or `null`. */
    extractCode: (message, options) => readResult(wasm.extract_code(bytesIn(text(message, "text")), digitsOf(options))),

    /** `{ code, domain, embeddedDomain }` from an origin-bound SMS, or `null`. */
    parseSmsMessage: (message) => readResult(wasm.parse_sms_message(bytesIn(text(message, "text")))),

    /**
     * The origin-bound SMS in `message` when it is bound to this page (`{ hostname,
     * topHostname }`), `null` when it is not origin-bound; `wrong_origin` when bound elsewhere.
     */
    checkOrigin(message, page) {
      text(message, "message");
      if (page !== undefined && page !== null && typeof page !== "object") throw invalid("options must be an object");
      const option = (name) => {
        try {
          return page?.[name] ?? undefined;
        } catch {
          throw invalid("an option could not be read");
        }
      };
      const hostname = text(option("hostname"), "hostname");
      const topHostname = option("topHostname");
      const framed = topHostname !== undefined;
      const top = framed ? text(topHostname, "topHostname") : "";
      return readResult(wasm.check_origin(bytesIn(message), bytesIn(hostname), bytesIn(top), framed));
    },
  };
}
