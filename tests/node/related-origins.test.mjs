// Related origin requests (WebAuthn L3 §5.11) through the installed package: the
// `/.well-known/webauthn` document written, and read as a browser reads it, with the real
// Public Suffix List (tldts, private suffixes included as browsers include them).
import assert from "node:assert/strict";
import { test } from "node:test";
import { getDomain } from "tldts";
import { checkRelatedOrigins, relatedOriginsDocument } from "otp-wasm";
import { throwsCode } from "./support.mjs";

const registrableDomain = (host) => getDomain(host, { allowPrivateDomains: true });
const check = (document, origin) => checkRelatedOrigins(document, { origin, registrableDomain });

test("relatedOriginsDocument writes the origins as given, once each; anything else is refused", () => {
  assert.equal(
    relatedOriginsDocument(["https://shop.example", "https://shop.co.uk", "http://localhost:8080"]),
    '{\n  "origins": [\n    "https://shop.example",\n    "https://shop.co.uk",\n    "http://localhost:8080"\n  ]\n}\n',
  );
  for (const origins of [
    [],
    "https://shop.example",
    ["https://shop.example/"], // a URL, not a serialized origin
    ["https://Shop.example"],
    ["https://shop.example/sign-in"],
    ["https://shop.example:443"],
    ["http://shop.example"], // only localhost may be http
    ["shop.example"],
    [42],
    ["https://shop.example", "https://shop.example"],
  ]) {
    throwsCode(assert, () => relatedOriginsDocument(origins), "invalid_argument");
  }
});

test("checkRelatedOrigins: the caller is allowed when listed within the first five labels", () => {
  const document = relatedOriginsDocument([
    "https://shop.example",
    "https://shop.co.uk",
    "https://www.shop.de",
    "https://shop-pay.example",
    "https://eu.shop.github.io",
    "https://checkout.example",
  ]);
  assert.deepEqual(check(document, "https://shop.co.uk"), {
    allowed: true,
    labels: ["shop", "shop-pay", "checkout"],
    ignored: [],
  });
  // shop.example, shop.co.uk and www.shop.de share the label `shop`, and so does
  // eu.shop.github.io: github.io is a public suffix (a private one), its registrable domain
  // shop.github.io.
  assert.equal(check(document, "https://checkout.example").allowed, true);
  assert.equal(check(document, "https://www.shop.example").allowed, false, "not listed");
  assert.equal(check(document, "http://shop.example").allowed, false, "another scheme is another origin");
  // The text and the parsed object read alike.
  assert.deepEqual(check(JSON.parse(document), "https://shop.co.uk"), check(document, "https://shop.co.uk"));
});

test("checkRelatedOrigins: past five labels a new label is skipped, a label seen still counts", () => {
  const origins = ["a", "b", "c", "d", "e", "f"].map((label) => `https://${label}.example`);
  const document = { origins: [...origins, "https://a.co.uk", "not a url", "https://localhost", "https://192.0.2.1"] };
  assert.deepEqual(check(document, "https://f.example"), {
    allowed: false,
    labels: ["a", "b", "c", "d", "e"],
    ignored: [
      { origin: "https://f.example", reason: "too_many_labels" },
      { origin: "not a url", reason: "not_a_url" },
      { origin: "https://localhost", reason: "no_registrable_domain" },
      { origin: "https://192.0.2.1", reason: "no_registrable_domain" },
    ],
  });
  assert.equal(check(document, "https://a.co.uk").allowed, true, "the label `a` was counted already");
});

test("checkRelatedOrigins: a document browsers cannot read, and bad arguments, get their codes", () => {
  for (const document of ["not json", "[]", "null", '{"origins":"https://shop.example"}', '{"origins":[1]}', "{}", null, 7]) {
    throwsCode(assert, () => check(document, "https://shop.example"), "invalid_related_origins");
  }
  throwsCode(assert, () => check({ origins: [] }, "https://shop.example/"), "invalid_argument");
  throwsCode(assert, () => checkRelatedOrigins({ origins: [] }, { origin: "https://shop.example" }), "invalid_argument");
  throwsCode(assert, () => checkRelatedOrigins({ origins: [] }), "invalid_argument");
});
