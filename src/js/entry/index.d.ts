// Types of the otp-wasm package (docs/api.md: Loading, Errors, Secrets and encodings,
// Authenticator codes). Kept by hand so every signature says exactly what it takes and returns.

/** What `init` accepts in the browser: where to fetch the `.wasm` from, or its bytes. */
export type InitInput =
  | RequestInfo
  | URL
  | Response
  | BufferSource
  | WebAssembly.Module
  | { module_or_path: RequestInfo | URL | Response | BufferSource | WebAssembly.Module };

/**
 * Loads the WebAssembly module. Required once in browsers and bundlers before any other call;
 * in Node it resolves at once (the module is loaded on import).
 */
export default function init(input?: InitInput | Promise<InitInput>): Promise<unknown>;
export { init };

/** Stable error codes (docs/api.md, "Errors"). */
export type OtpErrorCode =
  | "invalid_argument"
  | "invalid_base32"
  | "invalid_base64url"
  | "secret_too_short"
  | "secret_too_long"
  | "invalid_algorithm"
  | "invalid_digits"
  | "invalid_period"
  | "invalid_counter"
  | "invalid_uri"
  | "missing_secret"
  | "missing_counter"
  | "empty"
  | "too_short"
  | "too_long"
  | "invalid_character"
  | "invalid_cbor"
  | "invalid_client_data"
  | "invalid_authenticator_data"
  | "wrong_origin"
  | "unsupported"
  | "aborted"
  | "not_allowed"
  | "invalid_state"
  | "security"
  | "locked"
  | "not_found"
  | "tampered"
  | "unreadable";

/** Thrown by every call. `message` never contains secret material. */
export class OtpError extends Error {
  constructor(code: OtpErrorCode, message: string);
  readonly name: "OtpError";
  readonly code: OtpErrorCode;
  /** A browser API's DOMException as an OtpError (`aborted`, `not_allowed`, `invalid_state`, ...). */
  static fromDomException(error: unknown): OtpError;
}

// ---- Secrets and encodings ------------------------------------------------------------

/** Base32 (upper case, unpadded) of `bytes` random bytes from the platform CSPRNG; 16..=64. */
export function generateSecret(bytes?: number): string;
export function base32Encode(bytes: Uint8Array | ArrayBuffer, options?: { padding?: boolean }): string;
/** Case-insensitive; ignores spaces, hyphens and trailing `=`; anything else is `invalid_base32`. */
export function base32Decode(text: string): Uint8Array;
/** Unpadded base64url. */
export function base64urlEncode(bytes: Uint8Array | ArrayBuffer): string;
/** Padded or not; `+` and `/` accepted; anything else is `invalid_base64url`. */
export function base64urlDecode(text: string): Uint8Array;

// ---- Code entry -----------------------------------------------------------------------

/**
 * The ASCII code in what a person typed or pasted: surrounding white space ignored; spaces,
 * dashes and dots between digit groups dropped; any Unicode decimal digit (full-width,
 * Arabic-Indic, Devanagari, ...) mapped to ASCII. `digits` 4..=10, default 6. Throws `empty`,
 * `too_short`, `too_long` or `invalid_character`.
 */
export function normalizeCode(input: string, options?: { digits?: number }): string;

export interface CodeCheck {
  state: "empty" | "incomplete" | "complete" | "invalid";
  /** The normalized digits so far. */
  code: string;
  /** For `"invalid"`: what `normalizeCode` would throw (`invalid_character`, `too_long`). */
  error: OtpErrorCode | null;
}

/** Live validation while someone types; never throws. */
export function checkCode(input: string, options?: { digits?: number }): CodeCheck;

/**
 * The one-time code in a pasted message ("Your code is 123 456", "G-123456 is your code",
 * an origin-bound SMS), or `null` when there is none or two different candidates.
 */
export function extractCode(text: string, options?: { digits?: number }): string | null;

/** An origin-bound one-time code (WICG "Origin-bound one-time codes delivered via SMS"). */
export interface SmsMessage {
  /** Every character after `#` up to the next white space. */
  code: string;
  /** The top-level host: the site in the address bar that the code is for. */
  domain: string;
  /** The embedded host: the site of the iframe (inside `domain`) the code is for, or `null`. */
  embeddedDomain: string | null;
}

/**
 * The origin-bound last line of an SMS (`@example.com #123456`, optionally followed by
 * ` @embedded.example`; trailing text ignored), parsed as the WICG algorithm does; `null`
 * when the message is not origin-bound.
 */
export function parseSmsMessage(text: string): SmsMessage | null;

/** Where a page is: its own hostname, and the top-level page's when it is framed. */
export interface PageHosts {
  hostname: string;
  /** Absent or `null` for a top-level page. */
  topHostname?: string | null;
}

/**
 * The origin-bound SMS in `message` when it is bound to this page: a top-level page on its
 * top-level host with no embedded host, or a frame on its embedded host inside a top-level
 * page on its top-level host (hosts compared exactly, case-insensitively). `null` when the
 * message is not origin-bound; throws `wrong_origin` when it is bound to another site (a
 * phishing page relaying the shop's SMS). Pure: for servers and tests too.
 */
export function checkOrigin(message: string, page: PageHosts): SmsMessage | null;

/**
 * WebOTP: resolves with the code of an origin-bound SMS once the person agrees. Rejects with
 * `unsupported` where the API is missing (Node, browsers without `OTPCredential`), `aborted`
 * when `signal` aborts or `timeoutMs` passes, `not_allowed` when refused.
 */
export function receiveSmsCode(options?: { signal?: AbortSignal; timeoutMs?: number }): Promise<string>;

export interface CodeInputOptions {
  /** 4..=10, default 6. */
  digits?: number;
  /** Called once with each code the field completes. */
  onComplete?: (code: string) => void;
  /** Fill the field from an origin-bound SMS where the browser supports WebOTP; default true. */
  webOtp?: boolean;
  /**
   * Called with the top-level host a pasted or autofilled origin-bound SMS was meant for,
   * when that is not this page: the field is not filled, and says so.
   */
  onWrongOrigin?: (host: string) => void;
}

/** What `attachCodeInput` returns. */
export interface CodeInput {
  /** Removes every listener and attribute it added and stops WebOTP. */
  detach(): void;
}

/**
 * Makes `input` a one-time-code field: `autocomplete="one-time-code"`, `inputmode="numeric"`,
 * `maxlength` and `pattern`; typed and pasted text normalized (a pasted SMS becomes its
 * code); `aria-invalid` and a custom validity message while invalid; Enter held back until
 * complete; `onComplete(code)` once per completed code; WebOTP where available. A pasted or
 * autofilled origin-bound SMS fills the field only on the page it is bound to (see
 * `checkOrigin`); otherwise the field stays empty, gets `aria-invalid` and a validity message
 * naming the site the code was for, and `onWrongOrigin(host)` runs.
 */
export function attachCodeInput(input: HTMLInputElement, options?: CodeInputOptions): CodeInput;

// ---- Authenticator codes --------------------------------------------------------------

/** `"SHA1" | "SHA256" | "SHA512"` in any case, hyphenated forms accepted. */
export type Algorithm = "SHA1" | "SHA256" | "SHA512" | (string & {});

interface KeyOptions {
  /** Base32 text or raw bytes; any non-empty secret. */
  secret: string | Uint8Array | ArrayBuffer;
  /** Default `"SHA1"`. */
  algorithm?: Algorithm;
  /** 6..=10, default 6. */
  digits?: number;
  /** Who issued the key (shown by authenticator apps); may not contain `:`. */
  issuer?: string;
  /** The account name, e.g. an e-mail address. */
  label?: string;
}

export interface TotpOptions extends KeyOptions {
  /** Time step in whole seconds, 1..=3600, default 30. */
  period?: number;
}

export interface HotpOptions extends KeyOptions {
  /** The next counter, default 0. */
  counter?: number | bigint;
}

export interface TotpVerifyOptions {
  /** Default `Date.now()`. */
  timestampMs?: number;
  /** Steps accepted on each side of now, 0..=100, default 1 (RFC 6238 §5.2). */
  window?: number;
  /** The last accepted step: a match at or before it is refused (replay guard). */
  afterStep?: number;
}

export interface TotpMatch {
  /** Matched step minus current step. */
  delta: number;
  /** The matched step: store it and pass it as `afterStep` next time. */
  step: number;
}

export interface HotpVerifyOptions {
  /** The expected counter; default this key's `counter`. */
  counter?: number | bigint;
  /** Look-ahead: counters `counter ..= counter + window` are checked, 0..=100, default 0. */
  window?: number;
}

export interface HotpMatch {
  /** How far ahead of `counter` the match was. */
  delta: number;
  /** The matched counter, as a bigint when `counter` was given as one or exceeds 2^53-1. */
  counter: number | bigint;
}

interface Key {
  /** Base32, upper case, unpadded. */
  readonly secret: string;
  readonly algorithm: "SHA1" | "SHA256" | "SHA512";
  readonly digits: number;
  /** Empty when there is none. */
  readonly issuer: string;
  readonly label: string;
  /** The Key URI, with every parameter written. */
  toUri(): string;
  /** Releases the WebAssembly memory now instead of at garbage collection. */
  free(): void;
}

/** Time-based one-time passwords (RFC 6238). */
export class Totp implements Key {
  constructor(options: TotpOptions);
  readonly secret: string;
  readonly algorithm: "SHA1" | "SHA256" | "SHA512";
  readonly digits: number;
  readonly issuer: string;
  readonly label: string;
  readonly period: number;
  /** The code at `timestampMs` (default now). */
  generate(timestampMs?: number): string;
  /**
   * Compares `token` in constant time with the codes of the steps within `window` of now.
   * The token is normalized first (`"123 456"` verifies); a malformed token gives `null`.
   */
  verify(token: string, options?: TotpVerifyOptions): TotpMatch | null;
  stepAt(timestampMs?: number): number;
  remainingMs(timestampMs?: number): number;
  toUri(): string;
  free(): void;
}

/** Counter-based one-time passwords (RFC 4226). */
export class Hotp implements Key {
  constructor(options: HotpOptions);
  readonly secret: string;
  readonly algorithm: "SHA1" | "SHA256" | "SHA512";
  readonly digits: number;
  readonly issuer: string;
  readonly label: string;
  /** A bigint when given as one or above 2^53-1. */
  readonly counter: number | bigint;
  /** The code at `counter` (default this key's `counter`); exact up to 2^64-1 as a bigint. */
  generate(counter?: number | bigint): string;
  /** Look-ahead verification (RFC 4226 §7.4); a malformed token gives `null`. */
  verify(token: string, options?: HotpVerifyOptions): HotpMatch | null;
  toUri(): string;
  free(): void;
}

/** Parses an `otpauth://totp/...` or `otpauth://hotp/...` Key URI. */
export function parseUri(uri: string): Totp | Hotp;

// ---- WebAuthn helpers -----------------------------------------------------------------

/** `Uint8Array`, `ArrayBuffer`, or base64url text as WebAuthn JSON carries it. */
export type BinaryInput = Uint8Array | ArrayBuffer | string;

export interface Capabilities {
  secureContext: boolean;
  webauthn: boolean;
  platformAuthenticator: boolean;
  conditionalMediation: boolean;
  /** `PublicKeyCredential.parseCreationOptionsFromJSON`, `parseRequestOptionsFromJSON`, `toJSON`. */
  jsonMethods: boolean;
  webOtp: boolean;
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
/** Registers a passkey. Rejects `aborted`, `not_allowed`, `invalid_state`, `security`, `unsupported`. */
export function createCredential(
  optionsJSON: CreationOptionsJSON,
  options?: { signal?: AbortSignal },
): Promise<RegistrationResponseJSON>;
/** Signs in with a passkey; `mediation: "conditional"` for autofill. */
export function getCredential(
  optionsJSON: RequestOptionsJSON,
  options?: { signal?: AbortSignal; mediation?: "conditional" | "optional" | "required" | "silent" },
): Promise<AuthenticationResponseJSON>;

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

// ---- Browser authenticator ------------------------------------------------------------

/** An account enrolled in a Vault: never its secret. */
export interface Account {
  id: string;
  type: "totp" | "hotp";
  issuer: string;
  label: string;
  algorithm: "SHA1" | "SHA256" | "SHA512";
  digits: number;
  /** TOTP accounts. */
  period?: number;
  /** HOTP accounts: the next counter. */
  counter?: number | bigint;
  /** Unix milliseconds. */
  createdAt: number;
  /**
   * `"tampered"` when the stored record was altered or damaged (checked by `list` while the
   * vault is unlocked): it gives no codes. `null` otherwise.
   */
  error: "tampered" | null;
}

export interface VaultCode {
  id: string;
  issuer: string;
  label: string;
  period: number;
  /** `null` when the account's record was altered or damaged (then `error` is `"tampered"`). */
  code: string | null;
  remainingMs: number | null;
  error: OtpErrorCode | null;
}

/**
 * Accounts enrolled in this browser, generating codes like an authenticator app. Secrets are
 * AES-GCM encrypted in IndexedDB under a non-extractable key kept there, or under a key
 * derived from a passphrase (PBKDF2-SHA-256, 600000 iterations); the encryption's additional
 * data binds every stored field of a record, so a record changed by whoever can write the
 * browser profile's files is reported `tampered` and gives no codes.
 */
export class Vault {
  private constructor();
  static open(options?: { name?: string; passphrase?: string }): Promise<Vault>;
  /** True until `unlock` for a passphrase vault opened without its passphrase, or after `lock`. */
  readonly locked: boolean;
  add(source: string | Totp | Hotp): Promise<Account>;
  list(): Promise<Account[]>;
  /** Every TOTP account's current code (HOTP accounts advance through `next`). */
  codes(timestampMs?: number): Promise<VaultCode[]>;
  /**
   * An HOTP account's next code; the advanced counter is stored, sealed with the record,
   * before it is returned. `tampered` when the stored counter (or any field) was changed.
   */
  next(id: string): Promise<string>;
  remove(id: string): Promise<void>;
  /**
   * Every account as an otpauth:// URI, secrets included. Rejects with `unreadable` (naming
   * the accounts) when some cannot be read, unless `skipUnreadable`.
   */
  exportUris(options?: { skipUnreadable?: boolean }): Promise<string[]>;
  lock(): void;
  /** A wrong passphrase rejects with `locked`. */
  unlock(passphrase?: string): Promise<void>;
  close(): void;
}
