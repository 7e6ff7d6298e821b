// Types of the OTP-only entry, `otp-wasm/otp` (otp.js), and the base every other declaration
// file of the package builds on: loading, errors, secrets and encodings, HOTP/TOTP, OCRA and
// Key URIs (docs/api.md). Kept by hand so every signature says exactly what it takes and returns.

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
  | "invalid_suite"
  | "missing_pin"
  | "missing_session"
  | "invalid_question"
  | "empty"
  | "too_short"
  | "too_long"
  | "invalid_character"
  | "invalid_cbor"
  | "invalid_client_data"
  | "invalid_authenticator_data"
  | "wrong_origin"
  | "not_representable"
  | "unknown_format"
  | "passphrase_required"
  | "wrong_passphrase"
  | "invalid_amount"
  | "unknown_currency"
  | "invalid_payee"
  | "invalid_reference"
  | "unsupported"
  | "aborted"
  | "not_allowed"
  | "invalid_state"
  | "security"
  | "invalid_related_origins"
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
  /**
   * `"steam"`: Steam Guard codes, five characters of `23456789BCDFGHJKMNPQRTVWXY` (SHA-1;
   * `digits`, when given, must be 5). Default `"decimal"`.
   */
  encoding?: CodeEncoding;
}

/** How codes are written: decimal digits, or Steam Guard's five letters. */
export type CodeEncoding = "decimal" | "steam";

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
  /** The code's length: 6..=10 digits, or 5 for Steam. */
  readonly digits: number;
  readonly encoding: CodeEncoding;
  /** Empty when there is none. */
  readonly issuer: string;
  readonly label: string;
  /** The Key URI, with every parameter written (`otpauth://steam/` for a Steam key). */
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
  readonly encoding: CodeEncoding;
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
  /** Always `"decimal"`. */
  readonly encoding: CodeEncoding;
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

/**
 * Parses an `otpauth://totp/...` or `otpauth://hotp/...` Key URI, or a Steam Guard key
 * (`otpauth://steam/...`, or TOTP with `encoder=steam`).
 */
export function parseUri(uri: string): Totp | Hotp;


// ---- Challenge-response (OCRA) --------------------------------------------------------

export interface OcraOptions {
  /**
   * The OCRA suite, exactly as RFC 6287 §6 writes it (e.g. `"OCRA-1:HOTP-SHA256-8:C-QN08-PSHA1"`):
   * it is hashed into every response, so no other spelling is accepted (`invalid_suite`).
   */
  suite: string;
  /** Base32 text or raw bytes; any non-empty secret. */
  secret: string | Uint8Array | ArrayBuffer;
}

/** What an OCRA suite's responses take (RFC 6287 §6.3). */
export interface OcraDataInput {
  /** Whether a `counter` is required (`C`). */
  counter: boolean;
  /** `N` digits, `A` printable ASCII or `H` hex digits; 4..=`maxLength` characters each. */
  question: { format: "N" | "A" | "H"; maxLength: number };
  /** The hash a `pin` goes in with (`PSHA1`...), or `null` when the suite takes no PIN. */
  pinHash: "SHA1" | "SHA256" | "SHA512" | null;
  /** The most bytes of `session` (`Snnn`), or `null` when the suite takes none. */
  sessionLength: number | null;
  /** The time step in seconds (`T`), or `null` when the suite takes no time. */
  timeStepSeconds: number | null;
}

export interface OcraInput {
  /**
   * The challenge in the suite's format, 4..=`maxLength` characters; two of them for the mutual
   * mode (RFC 6287 §7.3: the client's then the server's for the server's response, the
   * reverse for the client's).
   */
  question: string | [string, string];
  /** Required by suites with `C`. */
  counter?: number | bigint;
  /** For suites with `P`: the PIN as typed (hashed with the suite's hash)... */
  pin?: string;
  /** ...or its hash, of that hash's length. */
  pinHash?: Uint8Array | ArrayBuffer;
  /** For suites with `S`: at most `sessionLength` bytes (left-padded with zeros). */
  session?: Uint8Array | ArrayBuffer;
  /** For suites with `T`; default `Date.now()`. */
  timestampMs?: number;
}

export interface OcraVerifyOptions extends OcraInput {
  /** Suites with `C`: counters `counter ..= counter + counterWindow` are checked, 0..=100, default 0. */
  counterWindow?: number;
  /** Suites with `T`: steps within this many of now, nearest first, 0..=100, default 1. */
  timeWindow?: number;
}

export interface OcraMatch {
  /** How far the matched counter is past `counter` (suites with `C`), else the step's distance from now. */
  delta: number;
  /** The matched counter (suites with `C`), as a bigint when `counter` was one or past 2^53-1. */
  counter?: number | bigint;
  /** The matched time step (suites with `T`). */
  step?: number;
  /** The step's distance from now, for suites with both `C` and `T`. */
  stepDelta?: number;
}

/**
 * OCRA challenge-response (RFC 6287): bank TAN generators and transaction signing (the
 * question carries what is approved, as PSD2's dynamic linking asks), one-way, mutual and
 * signature modes.
 */
export class Ocra {
  constructor(options: OcraOptions);
  readonly suite: string;
  readonly algorithm: "SHA1" | "SHA256" | "SHA512";
  /** The response's digits, 4..=10, or 0 for the whole HMAC in lower-case hex. */
  readonly digits: number;
  readonly dataInput: OcraDataInput;
  /** The response to `input` (RFC 6287 §5). */
  generate(input: OcraInput): string;
  /**
   * Compares `response` with the response of every counter and step within the windows, each
   * whole (no early exit); spaces and hyphens are ignored, hex is read in either case. A
   * response that is not one of this suite's gives `null`.
   */
  verify(response: string, options: OcraVerifyOptions): OcraMatch | null;
  /** Wipes the keyed state now instead of at garbage collection. */
  free(): void;
}
