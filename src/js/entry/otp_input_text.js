// What `<otp-input>` makes of text that reaches it (typed, pasted, autofilled, set): the code it
// holds, or why it is refused. Pure functions over the core's code-entry functions, so the same
// rules hold in every engine and in Node's tests. Digits go through the core (Unicode digits,
// separators, a code inside a message); letters (Steam, alphanumeric) through NFKC, which folds
// full-width letters and digits to ASCII.
import { originBoundIn } from "./code_input.js";

/** Steam Guard's code alphabet: 26 characters, no vowels nor look-alikes; codes are 5 long. */
export const STEAM_ALPHABET = "23456789BCDFGHJKMNPQRTVWXY";
export const STEAM_LENGTH = 5;
export const MODES = ["numeric", "alphanumeric", "steam"];

/** Spaces and the dashes people and messages put between groups of a code. */
const SEPARATORS = /[\s\u00a0\u2000-\u200b\u2010-\u2015\u2212\u3000\u30fc\uff0d_.\-]/g;

const REFUSALS = {
  numeric: "The code can only contain digits",
  alphanumeric: "The code can only contain letters and digits",
  steam: `A Steam Guard code uses only ${STEAM_ALPHABET.length} letters and digits`,
};

/**
 * `read(text, { mode, length, hosts })` → `{ value }` (the normalized code, possibly partial or
 * empty) or `{ refused: { code, message } }`: `wrong_origin` for an origin-bound SMS meant for
 * another site (`hosts` as checkOrigin takes them), `too_long` and `invalid_character` for
 * text that is not a code of this field.
 */
export function createCodeReader({ checkCode, checkOrigin, extractCode, parseSmsMessage }) {
  const refuse = (code, message) => ({ refused: { code, message } });

  function letters(text, mode, length) {
    let code = text.normalize("NFKC").replace(SEPARATORS, "");
    if (mode === "steam") code = code.toUpperCase();
    const allowed = mode === "steam" ? [...code].every((c) => STEAM_ALPHABET.includes(c)) : /^[A-Za-z0-9]*$/.test(code);
    if (!allowed) return refuse("invalid_character", REFUSALS[mode]);
    if (code.length > length) return refuse("too_long", `The code has ${length} characters`);
    return { value: code };
  }

  function digits(text, length) {
    const check = checkCode(text, { digits: length });
    if (check.state !== "invalid") return { value: check.code };
    // A whole message typed, pasted or autofilled into the field: its code.
    const code = extractCode(text, { digits: length });
    if (code !== null) return { value: code };
    return check.error === "too_long"
      ? refuse("too_long", `The code has ${length} digits`)
      : refuse("invalid_character", REFUSALS.numeric);
  }

  return function read(text, { mode, length, hosts }) {
    const bound = originBoundIn(parseSmsMessage, text);
    if (bound !== null) {
      const sms = parseSmsMessage(bound);
      try {
        checkOrigin(bound, hosts);
      } catch {
        return refuse("wrong_origin", `This code is for ${sms.domain}, not this site. Do not enter it here.`);
      }
      text = sms.code;
    }
    return mode === "numeric" ? digits(text, length) : letters(text, mode, length);
  };
}
