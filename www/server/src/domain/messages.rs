//! Every text the shop sends, in one place, built from its name and the code's lifetime (given
//! by the caller, so this module depends on nothing but the shop's name).

use crate::domain::SHOP_NAME;

/// A sign-in code by SMS. The last line binds the code to this site (WICG origin-bound
/// one-time codes: `@host #code`), so the browser offers it there and nowhere else.
pub fn sms_code(code: &str, host: &str, minutes: i64) -> String {
    format!(
        "{code} is your {SHOP_NAME} sign-in code. It expires in {minutes} minutes. \
         Never share it.\n\n@{host} #{code}"
    )
}

/// A sign-in code by e-mail.
pub fn email_code(code: &str, minutes: i64) -> String {
    format!(
        "Subject: Your {SHOP_NAME} sign-in code\n\nSomeone (hopefully you) is signing in to \
         {SHOP_NAME} on a new device. Your code is {code}; it expires in {minutes} \
         minutes. If this was not you, change your password."
    )
}

/// A payment's code by SMS: the payment it approves first (PSD2 RTS Art. 5(1)(a): the payer
/// is made aware of the amount and the payee), then the origin-bound line.
pub fn sms_payment(statement: &str, code: &str, host: &str, minutes: i64) -> String {
    format!(
        "{statement}? Your {SHOP_NAME} code: {code}. It expires in {minutes} minutes. Never \
         share it.\n\n@{host} #{code}"
    )
}

/// A transaction authenticator's activation code by SMS.
pub fn sms_activation(code: &str, host: &str, minutes: i64) -> String {
    format!(
        "{code} is your {SHOP_NAME} code to set up a transaction authenticator, which confirms \
         payments. It expires in {minutes} minutes. If this was not you, do not enter it and \
         change your password.\n\n@{host} #{code}"
    )
}

/// A payment's code by e-mail.
pub fn email_payment(statement: &str, code: &str, minutes: i64) -> String {
    format!(
        "Subject: Confirm your {SHOP_NAME} payment\n\n{statement}? Your code is {code}; it \
         expires in {minutes} minutes. It confirms this payment and no other. If you are not \
         paying, ignore this message and change your password."
    )
}

/// A change to how the account signs in, as the security e-mail names it.
#[derive(Clone, Copy)]
pub enum Change {
    AppAdded,
    AppRemoved,
    RecoveryCodesReplaced,
    PasskeyAdded,
    PasskeyRemoved,
    SignedOutEverywhere,
    DeviceRevoked,
    TransactionAuthenticatorAdded,
    TransactionAuthenticatorRemoved,
}

impl Change {
    /// The security event's detail, and the e-mail's subject.
    pub fn describe(self) -> (&'static str, &'static str) {
        match self {
            Change::AppAdded => (
                "authenticator app",
                "An authenticator app was added to your account",
            ),
            Change::AppRemoved => (
                "authenticator app",
                "An authenticator app was removed from your account",
            ),
            Change::RecoveryCodesReplaced => (
                "recovery codes",
                "New recovery codes were made for your account",
            ),
            Change::PasskeyAdded => ("passkey", "A passkey was added to your account"),
            Change::PasskeyRemoved => ("passkey", "A passkey was removed from your account"),
            Change::SignedOutEverywhere => {
                ("every session", "Your account was signed out everywhere")
            }
            Change::DeviceRevoked => (
                "remembered device",
                "A remembered device was removed from your account",
            ),
            Change::TransactionAuthenticatorAdded => (
                "transaction authenticator",
                "A transaction authenticator was added to your account",
            ),
            Change::TransactionAuthenticatorRemoved => (
                "transaction authenticator",
                "A transaction authenticator was removed from your account",
            ),
        }
    }
}

/// The e-mail sent after every change to how the account signs in.
pub fn security_notice(change: Change) -> String {
    let (_, subject) = change.describe();
    format!(
        "Subject: {subject}\n\n{subject}. If this was you, there is nothing to do. If it was \
         not, sign in to {SHOP_NAME}, change your password and review your sign-in methods."
    )
}
