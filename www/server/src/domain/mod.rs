//! What the shop does, apart from HTTP: accounts, sessions, challenges, sign-in methods, the
//! throttle, the risk check at sign-in, the outbox, orders and their confirmation. Functions
//! take a connection (the request's transaction when they write) and `now`; none knows about
//! requests, cookies or the application state.

pub mod accounts;
pub mod browser;
pub mod challenge;
pub mod clock;
pub mod ip_budget;
pub mod maintenance;
pub mod messages;
pub mod methods;
pub mod networks;
pub mod ocra;
pub mod orders;
pub mod outbox;
pub mod passkeys;
pub mod payment_codes;
pub mod payment_passkeys;
pub mod recovery;
pub mod risk;
pub mod seal;
pub mod secrets;
pub mod sessions;
pub mod throttle;
pub mod totp;

/// The shop's name, as passkey prompts, messages and authenticator apps show it.
pub const SHOP_NAME: &str = "Demo Shop";
