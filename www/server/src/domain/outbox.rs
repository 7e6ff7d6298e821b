//! The demo outbox: the stand-in for the SMS carrier and the mail server. Messages are kept
//! only while the server is bound to loopback and the outbox is on; otherwise no message body
//! is stored at all, so nothing a code could be read from reaches the disk.

use crate::domain::messages::{self, Change};
use crate::store;
use crate::store::Db;

/// Outbox rows older than this are pruned.
pub const KEEP_MS: i64 = 60 * 60 * 1000;

#[derive(Clone, Copy)]
pub enum Channel {
    Sms,
    Email,
}

impl Channel {
    pub fn name(self) -> &'static str {
        match self {
            Channel::Sms => "sms",
            Channel::Email => "email",
        }
    }
}

/// Where messages go: kept in the outbox, or nowhere.
#[derive(Clone, Copy)]
pub struct Outbox {
    keeps: bool,
}

impl Outbox {
    /// `keeps`: messages are stored (and served); only on loopback (config.rs decides).
    pub fn new(keeps: bool) -> Outbox {
        Outbox { keeps }
    }

    pub fn keeps_messages(self) -> bool {
        self.keeps
    }

    /// Hands `body` to the carrier: the outbox when it keeps messages, otherwise nowhere (and
    /// only the fact, never the body, is logged).
    pub fn deliver(
        self,
        db: &Db<'_>,
        channel: Channel,
        recipient: &str,
        body: &str,
        now: i64,
    ) -> store::Result<()> {
        if !self.keeps {
            tracing::info!(channel = channel.name(), "message not delivered: no outbox");
            return Ok(());
        }
        store::outbox::insert(db, channel.name(), recipient, body, now)?;
        Ok(())
    }

    /// A change to how the account signs in: a security event, and the e-mail about it.
    pub fn notify(self, db: &Db<'_>, user: i64, change: Change, now: i64) -> store::Result<()> {
        let email = store::email_of(db, user)?;
        let (detail, _) = change.describe();
        let kind = match change {
            Change::AppAdded
            | Change::PasskeyAdded
            | Change::RecoveryCodesReplaced
            | Change::TransactionAuthenticatorAdded => "method_added",
            Change::AppRemoved
            | Change::PasskeyRemoved
            | Change::TransactionAuthenticatorRemoved => "method_removed",
            Change::SignedOutEverywhere => "signed_out_everywhere",
            Change::DeviceRevoked => "device_revoked",
        };
        store::event(db, user, kind, detail, now)?;
        self.deliver(
            db,
            Channel::Email,
            &email,
            &messages::security_notice(change),
            now,
        )
    }
}
