// Related origin requests (WebAuthn L3 §5.11): the `/.well-known/webauthn` document a relying
// party serves so that its other sites (shop.example, shop.co.uk, ...) may use its RP ID. The
// writer makes one; the checker reads one as a browser does (§5.11.1), so a relying party sees
// which origins a browser would accept before it ships the file. The browser counts the
// distinct labels before the public suffix (`shop` of shop.co.uk), which needs the Public
// Suffix List: the caller passes it as `registrableDomain` (tldts, psl), since the list would
// weigh more than this whole entry.
import { invalid } from "./options.js";

/** Browsers accept at least five labels; the spec recommends no more (§5.11). */
const MAX_LABELS = 5;

const isLocalhost = (host) => host === "localhost" || host.endsWith(".localhost");

/** The two functions, over the package's OtpError. */
export function createRelatedOrigins({ OtpError, guard }) {
  const unreadable = (message) => new OtpError("invalid_related_origins", message);

  /**
   * `text` as a serialized origin (scheme, host, port; nothing else); `listed`: one a passkey
   * may be used on, so https (http for localhost only).
   */
  function origin(text, name, listed = true) {
    if (typeof text !== "string") throw invalid(`${name} must be a string`);
    let url;
    try {
      url = new URL(text);
    } catch {
      throw invalid(`${name} ${JSON.stringify(text)} is not a URL`);
    }
    if (url.origin !== text) {
      throw invalid(`${name} ${JSON.stringify(text)} is not a serialized origin (it would be ${JSON.stringify(url.origin)})`);
    }
    if (listed && url.protocol !== "https:" && !(url.protocol === "http:" && isLocalhost(url.hostname))) {
      throw invalid(`${name} ${JSON.stringify(text)} is not https (only localhost may be http)`);
    }
    return text;
  }

  /** The `/.well-known/webauthn` document listing `origins`, as JSON text. */
  function relatedOriginsDocument(origins) {
    if (!Array.isArray(origins) || origins.length === 0) throw invalid("origins must be a non-empty array");
    const listed = new Set();
    for (const [i, text] of origins.entries()) {
      if (listed.has(origin(text, `origins[${i}]`))) throw invalid(`${text} is listed twice`);
      listed.add(text);
    }
    return `${JSON.stringify({ origins: [...listed] }, null, 2)}\n`;
  }

  /**
   * What a browser makes of `document` (its text, or the parsed object) for a request from
   * `callerOrigin` (§5.11.1 steps 3-5): `{ allowed, labels, ignored }`, where `ignored` says
   * which listed origins a browser skips and why.
   */
  function checkRelatedOrigins(document, { origin: callerOrigin, registrableDomain } = {}) {
    const caller = origin(callerOrigin, "origin", false);
    if (typeof registrableDomain !== "function") {
      throw invalid("registrableDomain must be a function from a host to its registrable domain (from the Public Suffix List)");
    }
    let parsed = document;
    if (typeof document === "string") {
      try {
        parsed = JSON.parse(document);
      } catch {
        throw unreadable("the document is not JSON");
      }
    }
    if (parsed === null || typeof parsed !== "object" || !Array.isArray(parsed.origins)) {
      throw unreadable('the document must be a JSON object with an "origins" array');
    }
    if (!parsed.origins.every((item) => typeof item === "string")) throw unreadable("every listed origin must be a string");
    const labels = [];
    const ignored = [];
    let allowed = false;
    for (const item of parsed.origins) {
      let url;
      try {
        url = new URL(item);
      } catch {
        ignored.push({ origin: item, reason: "not_a_url" });
        continue;
      }
      const domain = url.hostname ? registrableDomain(url.hostname) : null;
      const label = typeof domain === "string" ? domain.split(".")[0] : "";
      if (!label || !domain.includes(".")) {
        ignored.push({ origin: item, reason: "no_registrable_domain" });
        continue;
      }
      if (labels.length >= MAX_LABELS && !labels.includes(label)) {
        ignored.push({ origin: item, reason: "too_many_labels" });
        continue;
      }
      if (url.origin === caller) allowed = true;
      if (!labels.includes(label)) labels.push(label);
    }
    return { allowed, labels, ignored };
  }

  return {
    relatedOriginsDocument: guard(relatedOriginsDocument),
    checkRelatedOrigins: guard(checkRelatedOrigins),
  };
}
