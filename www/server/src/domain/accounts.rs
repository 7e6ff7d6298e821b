//! Accounts: the demo account, and what a sign-up must give.

use crate::domain::secrets;
use crate::domain::throttle::normalize_email;
use crate::error::{AppError, AppResult};
use crate::store;
use crate::store::Db;

/// The demo account every fresh database has.
pub const DEMO_EMAIL: &str = "jane@example.com";
pub const DEMO_PASSWORD: &str = "correct horse battery staple";
pub const DEMO_PHONE: &str = "+1 555 0100 123";

/// Makes the demo account unless it exists.
pub fn ensure_demo(db: &Db<'_>, now: i64) -> store::Result<()> {
    let has_demo = store::accounts::exists(db, DEMO_EMAIL)?;
    if !has_demo {
        store::accounts::create(
            db,
            DEMO_EMAIL,
            DEMO_PHONE,
            &secrets::hash_password(DEMO_PASSWORD),
            now,
        )?;
    }
    Ok(())
}

/// A sign-up's e-mail and phone as stored, or 400 for one that will not do. The password must
/// be 8 to 128 characters (NIST SP 800-63B §5.1.1.2: at least 8; long passphrases welcome).
pub fn check_sign_up(email: &str, phone: &str, password: &str) -> AppResult<(String, String)> {
    let email = normalize_email(email);
    let phone: String = phone.chars().filter(|c| !c.is_whitespace()).collect();
    if email.len() > 254
        || !email
            .split_once('@')
            .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'))
    {
        return Err(AppError::BadRequest("email must be an e-mail address"));
    }
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    if !(7..=15).contains(&digits)
        || !phone
            .chars()
            .all(|c| c.is_ascii_digit() || "+-()".contains(c))
    {
        return Err(AppError::BadRequest(
            "phone must be a phone number of 7 to 15 digits",
        ));
    }
    if !(8..=128).contains(&password.chars().count()) {
        return Err(AppError::BadRequest("password must be 8 to 128 characters"));
    }
    Ok((email, phone))
}
