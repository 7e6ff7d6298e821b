// Passkey autofill (conditional mediation, WebAuthn Level 3 §5.1.4.1) that can be ended: the
// package owns one AbortController, the pending autofill's. A modal ceremony, or a new
// autofill, ends it first and waits until the browser lets it go (Chromium refuses a request
// while another is pending; Firefox rejects the autofill's with AbortError), so the modal call
// never fails because of it, and an ended autofill resolves `null`, never an unhandled
// rejection.

/** `startAutofill`, and `endAutofill` for the modal ceremonies to call first. */
export function createAutofill({ credentials, requestOptionsFromJSON, credentialToJSON, OtpError }) {
  let pending;

  /** Ends the pending autofill, if any, once the browser has let it go. */
  const endAutofill = async () => {
    const current = pending;
    pending = undefined;
    current?.controller.abort();
    await current?.settled;
  };

  /**
   * Autofill for an `<input autocomplete="username webauthn">`: `{ result, abort() }`. `result`
   * resolves with the AuthenticationResponseJSON, or `null` once ended (by `abort()`, a modal
   * ceremony or the next autofill); it rejects with `unsupported` where there is no conditional
   * mediation, and as getCredential does otherwise.
   */
  function startAutofill(optionsJSON) {
    const publicKey = requestOptionsFromJSON(optionsJSON);
    const controller = new AbortController();
    const previous = pending;
    previous?.controller.abort();
    const result = (async () => {
      await previous?.settled;
      let container;
      let available = false;
      try {
        container = credentials();
        available = (await globalThis.PublicKeyCredential.isConditionalMediationAvailable()) === true;
      } catch {
        available = false; // no WebAuthn, or no conditional mediation to ask about
      }
      if (controller.signal.aborted) return null;
      if (!available) throw new OtpError("unsupported", "this browser has no passkey autofill (conditional mediation)");
      try {
        return credentialToJSON(await container.get({ publicKey, mediation: "conditional", signal: controller.signal }));
      } catch (error) {
        if (controller.signal.aborted) return null;
        throw OtpError.fromDomException(error);
      }
    })();
    const entry = { controller, settled: result.then(() => {}, () => {}) };
    entry.settled.then(() => pending === entry && (pending = undefined));
    pending = entry;
    return { result, abort: () => controller.abort() };
  }

  return { startAutofill, endAutofill };
}
