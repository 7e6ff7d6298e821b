// Compiled with `tsc --strict --noEmit` against the installed package (types.test.mjs): the
// shipped declarations must accept correct use and reject wrong use.
import init, { Hotp, OtpError, Totp, base32Decode, generateSecret, getCredential, parseAuthenticatorData, parseUri } from "otp-wasm";
import type { CodeEncoding, HotpMatch, OtpErrorCode, TotpMatch } from "otp-wasm";
import { Vault, attachCodeInput, checkOrigin, type Account, type SmsMessage, type VaultPasskey } from "otp-wasm";
import { capabilities, signalAllAcceptedCredentials, signalUnknownCredential, startAutofill } from "otp-wasm";
import type { AuthenticationResponseJSON, Autofill, Capabilities } from "otp-wasm";
import initOtp, { Totp as OtpOnlyTotp, type TotpOptions } from "otp-wasm/otp";
// @ts-expect-error the OTP-only entry has no code entry
import { normalizeCode as notInOtpOnly } from "otp-wasm/otp";
import initQr, { decodeQr, qrSvg, scanQr, type Pixels } from "otp-wasm/qr";
import initImport, { parseMigrationUri, toMigrationUris, type Migration } from "otp-wasm/import";
import initWebAuthn, { OtpError as WebAuthnError, base64urlEncode, parseAttestationObject, type AuthenticatorData } from "otp-wasm/webauthn";
import { signalCurrentUserDetails as signalPartDetails } from "otp-wasm/webauthn";
import initCodeEntry, { attachCodeInput as attachPart, normalizeCode, type CodeInput } from "otp-wasm/code-entry";
// @ts-expect-error the WebAuthn entry has no OTP
import { Totp as notInWebAuthn } from "otp-wasm/webauthn";
// @ts-expect-error the code-entry entry has no WebAuthn
import { parseClientDataJSON as notInCodeEntry } from "otp-wasm/code-entry";
// @ts-expect-error the QR entry has no OTP
import { Totp as notInQr } from "otp-wasm/qr";
import { OtpInputElement, defineOtpInput, type OtpInputRejectDetail } from "otp-wasm/otp-input";

await init();
await initOtp();
await initQr();
await initImport();
await initWebAuthn();
await initCodeEntry();
const authData: AuthenticatorData = parseAttestationObject(new Uint8Array(0)).authData;
const partInput: CodeInput = attachPart(document.createElement("input"), { digits: 8 });
const partCode: string = normalizeCode("123 456");
// @ts-expect-error digits is a number
normalizeCode("123456", { digits: "6" });
console.log(authData.signCount, partInput, partCode, base64urlEncode(new Uint8Array(1)), notInWebAuthn, notInCodeEntry, new WebAuthnError("invalid_cbor", "y") instanceof Error);
const migration: Migration = parseMigrationUri("otpauth-migration://offline?data=");
const transfer: string[] = toMigrationUris(migration.keys.filter((key) => key instanceof Totp), { batchSize: 5 });
// @ts-expect-error keys, not URIs
toMigrationUris(["otpauth://totp/x?secret=JBSWY3DP"]);
console.log(transfer, migration.skipped[0]?.code);
const pixels: Pixels = { data: new Uint8ClampedArray(4), width: 1, height: 1 };
const texts: string[] = await decodeQr(pixels);
const svg: string = qrSvg(texts[0] ?? "otpauth://totp/x?secret=JBSWY3DP", { ecc: "H", margin: 2 });
// @ts-expect-error error correction is L, M, Q or H
qrSvg("x", { ecc: "Z" });
const scanned: Promise<string> = scanQr(document.createElement("video"), { signal: new AbortController().signal, facingMode: "user" });
console.log(svg, notInQr, scanned);
const options: TotpOptions = { secret: "JBSWY3DPEHPK3PXP", digits: 8 };
const otpOnlyCode: string = new OtpOnlyTotp(options).generate(59_000);
console.log(otpOnlyCode, notInOtpOnly);
const totp = new Totp({ secret: generateSecret(), issuer: "Shop", label: "jane@example.com" });
const code: string = totp.generate();
const match: TotpMatch | null = totp.verify(code, { window: 1, afterStep: 10 });
const step: number | undefined = match?.step;
const hotp = new Hotp({ secret: base32Decode("JBSWY3DPEHPK3PXP"), counter: 10n });
const hotpMatch: HotpMatch | null = hotp.verify("123456", { counter: hotp.counter, window: 5 });
const key: Totp | Hotp = parseUri(totp.toUri());
const period: number | undefined = key instanceof Totp ? key.period : undefined;
const steam = new Totp({ secret: "JBSWY3DPEHPK3PXP", encoding: "steam" });
const encoding: CodeEncoding = steam.encoding;
// @ts-expect-error Steam is the only other encoding
new Totp({ secret: "JBSWY3DPEHPK3PXP", encoding: "hex" });
console.log(encoding);
try {
  generateSecret(8);
} catch (error) {
  if (error instanceof OtpError) {
    const known: OtpErrorCode = error.code;
    console.log(known, step, hotpMatch, period);
  }
}

const signIn = await getCredential({ challenge: "AAAA", rpId: "shop.example" }, { mediation: "conditional" });
const handle: string | null = signIn.response.userHandle;
const userVerified: boolean = parseAuthenticatorData(signIn.response.authenticatorData).flags.userVerified;
console.log(handle, userVerified);

// WebAuthn L3: capabilities, passkey autofill and the signals, from either entry.
const caps: Capabilities = await capabilities();
const autofill: boolean = caps.conditionalGet && caps.clientCapabilities && caps.signals && caps.prf;
const pending: Autofill = startAutofill({ challenge: "AAAA", rpId: "shop.example" });
const autofilled: AuthenticationResponseJSON | null = await pending.result;
pending.abort();
const { signalled }: { signalled: boolean } = await signalUnknownCredential({ rpId: "shop.example", credentialId: "AQID" });
await signalAllAcceptedCredentials({ rpId: "shop.example", userId: "AQID", allAcceptedCredentialIds: ["AQID"] });
await signalPartDetails({ rpId: "shop.example", userId: "AQID", name: "jane", displayName: "Jane" });
// @ts-expect-error the result may be null (ended)
const neverNull: AuthenticationResponseJSON = await pending.result;
// @ts-expect-error allAcceptedCredentialIds is required
await signalAllAcceptedCredentials({ rpId: "shop.example", userId: "AQID" });
// @ts-expect-error ids are base64url text
await signalUnknownCredential({ rpId: "shop.example", credentialId: new Uint8Array(3) });
console.log(autofill, autofilled, signalled, neverNull);

// @ts-expect-error a secret is required
new Totp({ digits: 6 });
// @ts-expect-error generate takes a timestamp number, not a string
totp.generate("now");
// @ts-expect-error verify returns TotpMatch | null, not a boolean
const wrong: boolean = totp.verify("123456");
// @ts-expect-error properties are read-only
totp.digits = 8;
console.log(wrong);

// Each area's declarations come through the main entry.
const bound: SmsMessage | null = checkOrigin("@shop.example #123456", { hostname: "shop.example", topHostname: null });
const wrongOrigin: OtpErrorCode = "wrong_origin";
export async function exportAll(vault: Vault): Promise<string[]> {
  const accounts: Account[] = await vault.list();
  const tampered: "tampered" | null = accounts[0].error;
  console.log(tampered, bound, wrongOrigin);
  return vault.exportUris({ skipUnreadable: true });
}
// A passkey that unlocks a passphrase vault: added with the passphrase, then opening it alone.
export async function passkeyVault(passphrase: string, credentialId: string): Promise<number> {
  const vault = await Vault.open({ name: "shop", passphrase });
  const added: VaultPasskey = await vault.addPasskey({ passphrase, credentialId, timeout: 60_000 });
  const reopened = await Vault.open({ name: "shop", passkey: { rpId: "shop.example" } });
  await reopened.unlock({ passkey: true });
  await reopened.removePasskey(added.credentialId, { passphrase });
  // @ts-expect-error removing a passkey needs the passphrase
  await reopened.removePasskey(added.credentialId);
  return (await reopened.passkeys()).length + added.addedAt;
}
export function field(input: HTMLInputElement): void {
  attachCodeInput(input, { onWrongOrigin: (host: string) => console.log(host) }).detach();
  // @ts-expect-error onWrongOrigin takes the host
  attachCodeInput(input, { onWrongOrigin: (host: number) => host });
}

// <otp-input>: the tag in HTMLElementTagNameMap, its events typed, the class possibly undefined (no DOM).
export function otpInput(): string {
  const element = document.createElement("otp-input");
  element.addEventListener("complete", (event) => console.log(event.detail.code.padStart(6)));
  element.addEventListener("reject", (event) => {
    const detail: OtpInputRejectDetail = event.detail;
    console.log(detail.code === "wrong_origin", detail.message);
  });
  // @ts-expect-error complete's detail has no `value`
  element.addEventListener("complete", (event) => event.detail.value);
  // @ts-expect-error length is read-only (an attribute)
  element.length = 8;
  if (OtpInputElement) customElements.define("my-code", class extends OtpInputElement {});
  defineOtpInput("shop-code");
  return element.complete ? element.value : element.validationMessage;
}
