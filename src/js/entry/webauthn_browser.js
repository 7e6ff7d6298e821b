// The browser side of WebAuthn (W3C Web Authentication Level 3): JSON <-> ArrayBuffer
// conversion of options and credentials and create/get wrappers with OtpError codes; passkey
// autofill (webauthn_autofill.js), capabilities (webauthn_capabilities.js), the signals
// (webauthn_signals.js) and related origins (webauthn_related_origins.js) beside them. JavaScript rather than Rust for the same reason as
// code_input.js: it is wiring around browser objects; the byte-level parsing (CBOR,
// authenticator data) is the Rust core's (parseAuthenticatorData and friends).
//
// `createWebAuthn` receives the core's base64url functions, OtpError and its argument guard, so
// one source serves the ES module entry and the CommonJS one.
import { invalid } from "./options.js";
import { createAutofill } from "./webauthn_autofill.js";
import { capabilities } from "./webauthn_capabilities.js";
import { createRelatedOrigins } from "./webauthn_related_origins.js";
import { createSignals } from "./webauthn_signals.js";

export function createWebAuthn({ base64urlEncode, base64urlDecode, OtpError, guard }) {
  const PKC = () => globalThis.PublicKeyCredential;
  const bytes = (text) => base64urlDecode(text).buffer; // throws OtpError invalid_base64url
  const text = (buffer) => base64urlEncode(buffer);

  function requireObject(value, name) {
    if (value === null || typeof value !== "object") {
      throw invalid(`${name} must be an object`);
    }
    return value;
  }

  function requireText(value, name) {
    if (typeof value !== "string") throw invalid(`${name} must be a base64url string`);
    return value;
  }

  const descriptors = (list, name) =>
    list === undefined
      ? undefined
      : Array.from(list, (descriptor) => ({
          ...requireObject(descriptor, name),
          id: bytes(requireText(descriptor.id, `${name}[].id`)),
        }));

  /** The PRF extension's byte inputs (`eval`, `evalByCredential`), and largeBlob's `write`. */
  function extensionInputs(extensions) {
    if (extensions === undefined) return undefined;
    const out = { ...requireObject(extensions, "extensions") };
    const values = (entry) => ({
      first: bytes(requireText(entry.first, "prf first")),
      ...(entry.second === undefined ? {} : { second: bytes(requireText(entry.second, "prf second")) }),
    });
    if (out.prf) {
      out.prf = { ...out.prf };
      if (out.prf.eval) out.prf.eval = values(out.prf.eval);
      if (out.prf.evalByCredential) {
        out.prf.evalByCredential = Object.fromEntries(
          Object.entries(out.prf.evalByCredential).map(([id, entry]) => [id, values(entry)]),
        );
      }
    }
    if (out.largeBlob?.write !== undefined) {
      out.largeBlob = { ...out.largeBlob, write: bytes(requireText(out.largeBlob.write, "largeBlob.write")) };
    }
    return out;
  }

  const withoutUndefined = (object) => Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined));

  /**
   * The browser's own `PublicKeyCredential[method]` where it exists, else `convert()`: both
   * turn WebAuthn JSON options into the native objects (the browser tests check they agree).
   */
  function viaBrowser(method, json, convert) {
    const native = PKC()?.[method];
    if (typeof native !== "function") return convert();
    try {
      return native.call(PKC(), json);
    } catch (error) {
      throw invalid(`the browser refused the options: ${error?.message ?? error}`);
    }
  }

  /** PublicKeyCredentialCreationOptionsJSON -> the native options `create()` takes. */
  function creationOptionsFromJSON(json) {
    requireObject(json, "options");
    const user = requireObject(json.user, "user");
    requireObject(json.rp, "rp");
    return viaBrowser("parseCreationOptionsFromJSON", json, () =>
      withoutUndefined({
        ...json,
        challenge: bytes(requireText(json.challenge, "challenge")),
        user: { ...user, id: bytes(requireText(user.id, "user.id")) },
        excludeCredentials: descriptors(json.excludeCredentials, "excludeCredentials"),
        extensions: extensionInputs(json.extensions),
      }),
    );
  }

  /** PublicKeyCredentialRequestOptionsJSON -> the native options `get()` takes. */
  function requestOptionsFromJSON(json) {
    requireObject(json, "options");
    return viaBrowser("parseRequestOptionsFromJSON", json, () =>
      withoutUndefined({
        ...json,
        challenge: bytes(requireText(json.challenge, "challenge")),
        allowCredentials: descriptors(json.allowCredentials, "allowCredentials"),
        extensions: extensionInputs(json.extensions),
      }),
    );
  }

  /** Client extension outputs with ArrayBuffers (PRF results, largeBlob) as base64url. */
  function extensionOutputs(value) {
    if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return text(value);
    if (Array.isArray(value)) return value.map(extensionOutputs);
    if (value && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, extensionOutputs(v)]));
    }
    return value;
  }

  const call = (object, method) => (typeof object[method] === "function" ? object[method]() : undefined);

  /** Our own conversion, for browsers without toJSON() or with a broken one. */
  function convert(credential) {
    const response = credential.response;
    const common = {
      id: credential.id,
      rawId: text(credential.rawId),
      type: credential.type,
      authenticatorAttachment: credential.authenticatorAttachment ?? undefined,
      clientExtensionResults: extensionOutputs(call(credential, "getClientExtensionResults") ?? {}),
    };
    if (response.attestationObject !== undefined) {
      const publicKey = call(response, "getPublicKey");
      return withoutUndefined({
        ...common,
        response: withoutUndefined({
          clientDataJSON: text(response.clientDataJSON),
          attestationObject: text(response.attestationObject),
          authenticatorData: response.getAuthenticatorData ? text(response.getAuthenticatorData()) : undefined,
          transports: call(response, "getTransports"),
          publicKeyAlgorithm: call(response, "getPublicKeyAlgorithm"),
          publicKey: publicKey ? text(publicKey) : undefined,
        }),
      });
    }
    return withoutUndefined({
      ...common,
      response: {
        clientDataJSON: text(response.clientDataJSON),
        authenticatorData: text(response.authenticatorData),
        signature: text(response.signature),
        userHandle: response.userHandle && response.userHandle.byteLength > 0 ? text(response.userHandle) : null,
      },
    });
  }

  const looksLikeJSON = (json) =>
    json && typeof json === "object" && typeof json.id === "string" && typeof json.rawId === "string" &&
    json.response && typeof json.response.clientDataJSON === "string";

  /**
   * A PublicKeyCredential as RegistrationResponseJSON / AuthenticationResponseJSON. Uses the
   * browser's toJSON() when it works (some password-manager extensions replace it with one
   * that does not); Safari's empty userHandle becomes null.
   */
  function credentialToJSON(credential) {
    requireObject(credential, "credential");
    if (!credential.response || !credential.rawId) {
      throw invalid("credential must be a PublicKeyCredential");
    }
    let json;
    try {
      json = typeof credential.toJSON === "function" ? credential.toJSON() : undefined;
    } catch {
      json = undefined;
    }
    if (!looksLikeJSON(json)) json = convert(credential);
    if (json.response.userHandle === "") json = { ...json, response: { ...json.response, userHandle: null } };
    return json;
  }

  function credentials() {
    const container = globalThis.navigator?.credentials;
    if (!PKC() || typeof container?.create !== "function") {
      throw new OtpError("unsupported", "WebAuthn is not available here (it needs a browser and a secure context)");
    }
    return container;
  }

  const { startAutofill, endAutofill } = createAutofill({ credentials, requestOptionsFromJSON, credentialToJSON, OtpError });

  /**
   * Registers a passkey: RegistrationResponseJSON for the server. `mediation: "conditional"`
   * (conditional create, WebAuthn L3 §5.1.3) asks the browser to make one without a prompt,
   * right after the person signed in with a saved password; refused `unsupported` where the
   * browser cannot, so a page stays silent there.
   */
  async function createCredential(optionsJSON, { signal, mediation } = {}) {
    const container = credentials();
    const publicKey = creationOptionsFromJSON(optionsJSON);
    if (mediation !== undefined && mediation !== "conditional" && mediation !== "optional" && mediation !== "required") {
      throw invalid('mediation must be "conditional", "optional" or "required"');
    }
    if (mediation === "conditional" && !(await capabilities()).conditionalCreate) {
      throw new OtpError("unsupported", "this browser cannot add a passkey without asking (no conditional create)");
    }
    await endAutofill();
    try {
      return credentialToJSON(await container.create(withoutUndefined({ publicKey, signal, mediation })));
    } catch (error) {
      throw OtpError.fromDomException(error);
    }
  }

  /**
   * A modal WebAuthn get of native options, once any autofill has let the authenticator go:
   * the PublicKeyCredential (also the vault's passkey unlock, which reads its PRF output).
   */
  async function assertion(publicKey, { signal, mediation } = {}) {
    const container = credentials();
    await endAutofill();
    try {
      return await container.get(withoutUndefined({ publicKey, signal, mediation }));
    } catch (error) {
      throw OtpError.fromDomException(error);
    }
  }

  /** Signs in with a passkey: AuthenticationResponseJSON for the server. */
  async function getCredential(optionsJSON, options) {
    credentials();
    return credentialToJSON(await assertion(requestOptionsFromJSON(optionsJSON), options));
  }

  return {
    capabilities,
    creationOptionsFromJSON: guard(creationOptionsFromJSON),
    requestOptionsFromJSON: guard(requestOptionsFromJSON),
    credentialToJSON: guard(credentialToJSON),
    createCredential: guard(createCredential),
    getCredential: guard(getCredential),
    startAutofill: guard(startAutofill),
    ...createSignals({ base64urlEncode, base64urlDecode, OtpError, guard }),
    ...createRelatedOrigins({ OtpError, guard }),
    assertion,
  };
}
