// Types of WebAuthn (webauthn_browser.js and the core's parsers; docs/api.md, "WebAuthn"): the
// `otp-wasm/webauthn` entry, with the base's init, OtpError and base64url, and part of the main
// entry, `otp-wasm`.
export { default, init, OtpError, base64urlEncode, base64urlDecode } from "./otp.js";
export type { InitInput, OtpErrorCode } from "./otp.js";

// ---- WebAuthn helpers -----------------------------------------------------------------

/** `Uint8Array`, `ArrayBuffer`, or base64url text as WebAuthn JSON carries it. */
export type BinaryInput = Uint8Array | ArrayBuffer | string;

/**
 * What this browser offers: the same keys in every engine, all booleans. Each WebAuthn L3
 * client capability is `PublicKeyCredential.getClientCapabilities()`'s answer where it gives
 * one, else feature detection, else `false`.
 */
export interface Capabilities {
  secureContext: boolean;
  webauthn: boolean;
  /** `isUserVerifyingPlatformAuthenticatorAvailable()`. */
  platformAuthenticator: boolean;
  /** `isConditionalMediationAvailable()`. */
  conditionalMediation: boolean;
  /** `PublicKeyCredential.parseCreationOptionsFromJSON`, `parseRequestOptionsFromJSON`, `toJSON`. */
  jsonMethods: boolean;
  webOtp: boolean;
  /** The browser has `getClientCapabilities()` and it answered. */
  clientCapabilities: boolean;
  /** Passkey autofill (`startAutofill`); `conditionalMediation` where not reported. */
  conditionalGet: boolean;
  conditionalCreate: boolean;
  hybridTransport: boolean;
  passkeyPlatformAuthenticator: boolean;
  /** `platformAuthenticator` where not reported. */
  userVerifyingPlatformAuthenticator: boolean;
  relatedOrigins: boolean;
  /** The three signal methods exist (`signalUnknownCredential` and the others). */
  signals: boolean;
  /** The `prf` extension (`extension:prf`). */
  prf: boolean;
}

/** What this browser offers; never throws; all false outside a browser. */
export function capabilities(): Promise<Capabilities>;

/** WebAuthn L3 `PublicKeyCredentialCreationOptionsJSON` (binary members as base64url). */
export interface CreationOptionsJSON {
  rp: { id?: string; name: string };
  user: { id: string; name: string; displayName: string };
  challenge: string;
  pubKeyCredParams: Array<{ type: "public-key"; alg: number }>;
  timeout?: number;
  excludeCredentials?: Array<{ type: "public-key"; id: string; transports?: string[] }>;
  authenticatorSelection?: {
    authenticatorAttachment?: "platform" | "cross-platform";
    residentKey?: "discouraged" | "preferred" | "required";
    requireResidentKey?: boolean;
    userVerification?: "discouraged" | "preferred" | "required";
  };
  hints?: string[];
  attestation?: "none" | "indirect" | "direct" | "enterprise";
  extensions?: Record<string, unknown>;
}

/** WebAuthn L3 `PublicKeyCredentialRequestOptionsJSON`. */
export interface RequestOptionsJSON {
  challenge: string;
  timeout?: number;
  rpId?: string;
  allowCredentials?: Array<{ type: "public-key"; id: string; transports?: string[] }>;
  userVerification?: "discouraged" | "preferred" | "required";
  hints?: string[];
  extensions?: Record<string, unknown>;
}

interface CredentialJSON {
  id: string;
  rawId: string;
  type: "public-key";
  authenticatorAttachment?: "platform" | "cross-platform";
  /** Byte outputs (PRF results, largeBlob) as base64url. */
  clientExtensionResults: Record<string, unknown>;
}

export interface RegistrationResponseJSON extends CredentialJSON {
  response: {
    clientDataJSON: string;
    attestationObject: string;
    authenticatorData?: string;
    transports?: string[];
    publicKeyAlgorithm?: number;
    publicKey?: string;
  };
}

export interface AuthenticationResponseJSON extends CredentialJSON {
  response: {
    clientDataJSON: string;
    authenticatorData: string;
    signature: string;
    /** `null` when absent (Safari's `""` too). */
    userHandle: string | null;
  };
}

/** To the options `navigator.credentials.create({ publicKey })` takes. */
export function creationOptionsFromJSON(json: CreationOptionsJSON): PublicKeyCredentialCreationOptions;
/** To the options `navigator.credentials.get({ publicKey })` takes. */
export function requestOptionsFromJSON(json: RequestOptionsJSON): PublicKeyCredentialRequestOptions;
/** The credential as JSON; works when `toJSON` is missing or broken. */
export function credentialToJSON(credential: PublicKeyCredential): RegistrationResponseJSON | AuthenticationResponseJSON;
/**
 * Registers a passkey. Rejects `aborted`, `not_allowed`, `invalid_state`, `security`,
 * `unsupported`. Ends a pending autofill first.
 */
export function createCredential(
  optionsJSON: CreationOptionsJSON,
  /**
   * `mediation: "conditional"`: conditional create, a passkey made without a prompt after a
   * password sign-in; rejects `unsupported` where `capabilities().conditionalCreate` is false.
   */
  options?: { signal?: AbortSignal; mediation?: "conditional" | "optional" | "required" },
): Promise<RegistrationResponseJSON>;
/** Signs in with a passkey (autofill: `startAutofill`). Ends a pending autofill first. */
export function getCredential(
  optionsJSON: RequestOptionsJSON,
  options?: { signal?: AbortSignal; mediation?: "conditional" | "optional" | "required" | "silent" },
): Promise<AuthenticationResponseJSON>;

/** A pending passkey autofill: `abort()` ends it, and `result` then resolves `null`. */
export interface Autofill {
  /**
   * The sign-in once the person picks a passkey from the field's autofill; `null` once ended
   * (by `abort()`, a modal `getCredential`, a `createCredential` or the next `startAutofill`).
   * Rejects `unsupported` where there is no conditional mediation (no WebAuthn, Firefox
   * without it, Node), else as `getCredential` does.
   */
  result: Promise<AuthenticationResponseJSON | null>;
  abort(): void;
}

/**
 * Passkey autofill (conditional mediation) for an `<input autocomplete="username webauthn">`.
 * Throws `invalid_argument` / `invalid_base64url` for bad options.
 */
export function startAutofill(optionsJSON: RequestOptionsJSON): Autofill;

/**
 * WebAuthn L3 signals: `{ signalled: true }` once the browser took it, `{ signalled: false }`
 * where it has no such method. Ids are base64url (`invalid_base64url`); other bad arguments
 * are `invalid_argument`; the browser's refusal is `security`, `not_allowed`, ...
 */
export function signalUnknownCredential(options: { rpId: string; credentialId: string }): Promise<{ signalled: boolean }>;
export function signalAllAcceptedCredentials(options: {
  rpId: string;
  userId: string;
  allAcceptedCredentialIds: string[];
}): Promise<{ signalled: boolean }>;
export function signalCurrentUserDetails(options: {
  rpId: string;
  userId: string;
  name: string;
  displayName: string;
}): Promise<{ signalled: boolean }>;

/**
 * The `/.well-known/webauthn` document (related origin requests, WebAuthn L3 §5.11) listing
 * `origins`, as JSON text. Each must be a serialized origin, https (http for localhost only),
 * listed once; `invalid_argument` otherwise.
 */
export function relatedOriginsDocument(origins: string[]): string;
/** Why a browser skips a listed origin. */
export type RelatedOriginIgnored = "not_a_url" | "no_registrable_domain" | "too_many_labels";
/**
 * What a browser makes of a `/.well-known/webauthn` document (its text or the parsed object)
 * for a request from `origin` (§5.11.1): whether it is allowed, the labels counted (at most
 * five), and the origins skipped with why. `registrableDomain` maps a host to its registrable
 * domain from the Public Suffix List (tldts's `getDomain`, say). Throws
 * `invalid_related_origins` for a document that is not an object with an `origins` array of
 * strings, `invalid_argument` for a bad `origin` or a missing `registrableDomain`.
 */
export function checkRelatedOrigins(
  document: string | { origins: unknown },
  options: { origin: string; registrableDomain: (host: string) => string | null },
): { allowed: boolean; labels: string[]; ignored: { origin: string; reason: RelatedOriginIgnored }[] };

export interface ClientData {
  type: string;
  challenge: string;
  origin: string;
  crossOrigin: boolean;
  topOrigin: string | null;
}

export interface CoseKey {
  kty: number;
  alg: number;
  crv?: number;
  x?: Uint8Array;
  y?: Uint8Array;
  n?: Uint8Array;
  e?: Uint8Array;
}

export interface AuthenticatorData {
  rpIdHash: Uint8Array;
  flags: {
    userPresent: boolean;
    userVerified: boolean;
    backupEligible: boolean;
    backedUp: boolean;
    attestedCredentialData: boolean;
    extensionData: boolean;
  };
  signCount: number;
  attestedCredential: { aaguid: string; credentialId: Uint8Array; publicKey: CoseKey } | null;
  extensions: Record<string, unknown> | null;
}

/** `clientDataJSON`; throws `invalid_client_data`. */
export function parseClientDataJSON(data: BinaryInput): ClientData;
/** Authenticator data (WebAuthn §6.1); throws `invalid_authenticator_data`. */
export function parseAuthenticatorData(data: BinaryInput): AuthenticatorData;
/** An attestation object; throws `invalid_cbor` (or `invalid_authenticator_data` inside). */
export function parseAttestationObject(data: BinaryInput): {
  fmt: string;
  attStmt: Record<string, unknown>;
  authData: AuthenticatorData;
};
