// WebAuthn Level 3 signals (§5.1.10): what the server knows about an account's passkeys, told
// to the browser's passkey manager (a removed passkey disappears from it, a renamed user is
// shown renamed). Where the browser has no such method: `{ signalled: false }`, not an error.
import { invalid } from "./options.js";

/** The three signal functions, over the core's base64url and OtpError. */
export function createSignals({ base64urlEncode, base64urlDecode, OtpError, guard }) {
  const string = (value, name, empty = true) => {
    if (typeof value !== "string" || (!empty && !value)) throw invalid(`${name} must be a${empty ? "" : " non-empty"} string`);
    return value;
  };
  // An id as the browser takes it: base64url, unpadded (invalid_base64url when it is not).
  const id = (value, name) => base64urlEncode(base64urlDecode(string(value, name, false)));
  const signaller = (method, read) =>
    guard(async (options) => {
      if (options === null || typeof options !== "object") throw invalid("options must be an object");
      const args = { rpId: string(options.rpId, "rpId", false), ...read(options) };
      const pkc = globalThis.PublicKeyCredential;
      if (typeof pkc?.[method] !== "function") return { signalled: false };
      try {
        await pkc[method](args);
      } catch (error) {
        throw OtpError.fromDomException(error);
      }
      return { signalled: true };
    });

  return {
    signalUnknownCredential: signaller("signalUnknownCredential", (o) => ({ credentialId: id(o.credentialId, "credentialId") })),
    signalAllAcceptedCredentials: signaller("signalAllAcceptedCredentials", (o) => {
      if (!Array.isArray(o.allAcceptedCredentialIds)) throw invalid("allAcceptedCredentialIds must be an array");
      return {
        userId: id(o.userId, "userId"),
        allAcceptedCredentialIds: o.allAcceptedCredentialIds.map((c) => id(c, "allAcceptedCredentialIds[]")),
      };
    }),
    signalCurrentUserDetails: signaller("signalCurrentUserDetails", (o) => ({
      userId: id(o.userId, "userId"),
      name: string(o.name, "name"),
      displayName: string(o.displayName, "displayName"),
    })),
  };
}
