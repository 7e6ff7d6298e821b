//! The ways an account can pass a challenge, as the API names them.

use serde::{Deserialize, Serialize};

use crate::store;
use crate::store::Db;

/// A way to pass a challenge.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    Sms,
    Email,
    Totp,
    Passkey,
    Recovery,
}

impl Method {
    /// The security event's words for a sign-in with it.
    pub fn describe(self) -> &'static str {
        match self {
            Method::Sms | Method::Email => "one-time code",
            Method::Totp => "authenticator app",
            Method::Passkey => "passkey",
            Method::Recovery => "recovery code",
        }
    }
}

/// The methods a challenge offers this account.
pub fn available(db: &Db<'_>, user: i64) -> store::Result<Vec<Method>> {
    let mut methods = vec![Method::Sms, Method::Email];
    if store::totp::is_confirmed(db, user)? {
        methods.push(Method::Totp);
    }
    if store::passkeys::has_passkey(db, user, false)? {
        methods.push(Method::Passkey);
    }
    if store::recovery::left(db, user)? > 0 {
        methods.push(Method::Recovery);
    }
    Ok(methods)
}
