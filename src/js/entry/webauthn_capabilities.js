// What this browser offers for WebAuthn: `PublicKeyCredential.getClientCapabilities()` (WebAuthn
// Level 3 §5.1.7) merged with feature detection, the same keys in every engine.

/** The capabilities; never throws, all false outside a browser. */
export async function capabilities() {
  const secureContext = globalThis.isSecureContext === true;
  const pkc = globalThis.PublicKeyCredential;
  const webauthn = typeof pkc === "function" && typeof globalThis.navigator?.credentials?.create === "function";
  const has = (method) => webauthn && typeof pkc[method] === "function";
  const ask = async (method) => {
    try {
      return has(method) && (await pkc[method]()) === true;
    } catch {
      return false;
    }
  };
  let client;
  try {
    if (has("getClientCapabilities")) client = Object(await pkc.getClientCapabilities());
  } catch {
    client = undefined; // a browser whose answer failed: detection alone
  }
  // getClientCapabilities' answer where it gives one, else what detection found, else false.
  const reported = (key, detected = false) => (typeof client?.[key] === "boolean" ? client[key] : detected);
  const platformAuthenticator = await ask("isUserVerifyingPlatformAuthenticatorAvailable");
  const conditionalMediation = await ask("isConditionalMediationAvailable");
  return {
    secureContext,
    webauthn,
    platformAuthenticator,
    conditionalMediation,
    jsonMethods: webauthn && has("parseCreationOptionsFromJSON") && has("parseRequestOptionsFromJSON") &&
      typeof pkc.prototype?.toJSON === "function",
    webOtp: typeof globalThis.OTPCredential !== "undefined" && webauthn,
    clientCapabilities: client !== undefined,
    conditionalGet: reported("conditionalGet", conditionalMediation),
    conditionalCreate: reported("conditionalCreate"),
    hybridTransport: reported("hybridTransport"),
    passkeyPlatformAuthenticator: reported("passkeyPlatformAuthenticator"),
    userVerifyingPlatformAuthenticator: reported("userVerifyingPlatformAuthenticator", platformAuthenticator),
    relatedOrigins: reported("relatedOrigins"),
    signals: ["signalUnknownCredential", "signalAllAcceptedCredentials", "signalCurrentUserDetails"].every(
      (method) => has(method) && reported(method, true),
    ),
    prf: reported("extension:prf"),
  };
}
