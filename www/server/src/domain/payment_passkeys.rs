//! A payment confirmed by a passkey: a WebAuthn assertion whose challenge is derived from the
//! order's payment and a fresh nonce (`otp_wasm::transaction`), not drawn at random, so the
//! signature is specific to the amount and the payee (PSD2 RTS Art. 5). webauthn-rs runs the
//! ceremony; the challenge it checks is set in its state.

use otp_wasm::encoding::base64url;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use webauthn_rs::Webauthn;
use webauthn_rs::prelude::{PasskeyAuthentication, PublicKeyCredential};

use crate::domain::orders::{self, ConfirmMethod, Waiting};
use crate::domain::passkeys;
use crate::domain::secrets::random_bytes;
use crate::error::{AppError, AppResult};
use crate::store::Db;

/// What a passkey confirmation keeps between its options and its answer: the order and the
/// nonce its challenge was derived from, beside webauthn-rs's state.
#[derive(Serialize, Deserialize)]
pub struct PaymentCeremony {
    order_id: String,
    nonce: Vec<u8>,
    state: PasskeyAuthentication,
}

/// webauthn-rs makes a random challenge; a payment's must be the one derived from it. The
/// state is webauthn-rs's documented serialization, so the challenge it will check is set
/// there.
fn with_challenge(
    state: PasskeyAuthentication,
    challenge: &[u8],
) -> AppResult<PasskeyAuthentication> {
    let mut value = serde_json::to_value(state).map_err(AppError::internal)?;
    let slot = value
        .pointer_mut("/ast/challenge")
        .ok_or_else(|| AppError::internal("webauthn-rs's state has no challenge"))?;
    *slot = json!(base64url::encode(challenge));
    serde_json::from_value(value).map_err(AppError::internal)
}

/// A started confirmation: the ceremony's id, the options for `getCredential` and the nonce
/// (so the page can check, with `transactionChallenge`, that it signs the payment it shows).
pub struct Started {
    pub ceremony_id: String,
    pub options: Value,
    pub nonce: Vec<u8>,
}

/// Starts a passkey confirmation of the account's live order `id`.
pub fn start(
    db: &Db<'_>,
    webauthn: &Webauthn,
    (user, id): (i64, &str),
    now: i64,
) -> AppResult<Started> {
    let Waiting { payment, .. } = orders::waiting(db, user, id, now, false)?;
    let keys: Vec<_> = passkeys::for_payments_of(db, user)?
        .into_iter()
        .map(|(_, key)| key)
        .collect();
    if keys.is_empty() {
        return Err(AppError::BadRequest(
            "this account has no passkey that confirms payments",
        ));
    }
    let (options, state) = webauthn
        .start_passkey_authentication(&keys)
        .map_err(AppError::internal)?;
    let nonce = random_bytes::<32>().to_vec();
    let challenge = payment.challenge(&nonce).map_err(AppError::internal)?;
    let mut options = serde_json::to_value(options.public_key).map_err(AppError::internal)?;
    options["challenge"] = json!(base64url::encode(&challenge));
    let ceremony = PaymentCeremony {
        order_id: id.to_owned(),
        nonce: nonce.clone(),
        state: with_challenge(state, &challenge)?,
    };
    let ceremony_id = passkeys::save_ceremony(db, Some(user), &ceremony, now)?;
    Ok(Started {
        ceremony_id,
        options,
        nonce,
    })
}

/// Takes the account's payment ceremony `id` (answered once, even when the answer fails).
pub fn take(db: &Db<'_>, id: &str, user: i64, now: i64) -> AppResult<PaymentCeremony> {
    passkeys::take_ceremony(db, id, Some(user), now)
}

/// Confirms order `id` with `credential`, an assertion made in `ceremony`: counted before it
/// is checked; a ceremony for another order, or an assertion that does not verify against the
/// challenge derived again from the order as stored, is a refusal. `Ok(Ok(()))` when paid;
/// `Ok(Err(..))` for a counted refusal (to commit and answer).
pub fn confirm(
    db: &Db<'_>,
    webauthn: &Webauthn,
    (user, id): (i64, &str),
    (ceremony, credential): (PaymentCeremony, Value),
    now: i64,
) -> AppResult<Result<(), AppError>> {
    let waiting = match orders::answering(db, (user, id), ConfirmMethod::Passkey, now)? {
        Ok(waiting) => waiting,
        Err(closed) => return Ok(Err(closed)),
    };
    let refused = |db| orders::refused(db, user, &waiting, ConfirmMethod::Passkey, now);
    if ceremony.order_id != id {
        return Ok(Err(refused(db)?));
    }
    let challenge = waiting
        .payment
        .challenge(&ceremony.nonce)
        .map_err(AppError::internal)?;
    let state = with_challenge(ceremony.state, &challenge)?;
    let verified = serde_json::from_value::<PublicKeyCredential>(credential)
        .ok()
        .and_then(|credential| {
            webauthn
                .finish_passkey_authentication(&credential, &state)
                .inspect_err(|error| tracing::info!(%error, "payment passkey refused"))
                .ok()
        });
    let Some(result) = verified else {
        return Ok(Err(refused(db)?));
    };
    for (row, mut key) in passkeys::passkeys_of(db, user)? {
        if key.cred_id() == result.cred_id() {
            key.update_credential(&result);
            passkeys::used(db, row, &key, now)?;
        }
    }
    orders::pay(
        db,
        (user, id),
        &waiting.payment,
        ConfirmMethod::Passkey,
        now,
    )?;
    Ok(Ok(()))
}
