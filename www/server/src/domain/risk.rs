//! Whether a sign-in with the right password still needs a second factor, from signals the
//! server has: the remembered device, the network (networks.rs), recent failures, the browser
//! family (browser.rs), the time since the last sign-in (the risk-based prompts and
//! remembered-device controls of OWASP's Multifactor Authentication Cheat Sheet). The rule: a
//! remembered device on a known network with none of the other signals signs in; anything
//! else is challenged, and the reasons are stored in the account's security log and told to
//! the person ("we asked because this is a new network for your account").
//!
//! [`decide`] is the rule alone, tested here; [`assess`] reads the signals from the store.

use std::net::IpAddr;

use crate::domain::browser::Browser;
use crate::domain::networks;
use crate::domain::sessions::{DEVICE_TTL_MS, Device};
use crate::domain::throttle::{self, Attempt};
use crate::error::AppResult;
use crate::store;
use crate::store::Db;

/// A remembered device unused this long is challenged: the account's last sign-in (any device,
/// any network) is more than 14 days old. Shorter than a remembered device's life
/// ([`DEVICE_TTL_MS`], 30 days, counted from the sign-in that remembered it), or a live
/// device could never be this long unused.
pub const LONG_ABSENCE_MS: i64 = 14 * 24 * 3_600_000;
const _: () = assert!(LONG_ABSENCE_MS < DEVICE_TTL_MS);

/// What an allowed sign-in's security event says.
const ALLOWED: &str = "remembered device on a known network";

/// Why a sign-in was challenged: a stable code for programs, a sentence for people.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    NewDevice,
    NewNetwork,
    RecentFailures,
    NewBrowser,
    LongAbsence,
}

impl Reason {
    pub fn code(self) -> &'static str {
        match self {
            Reason::NewDevice => "new_device",
            Reason::NewNetwork => "new_network",
            Reason::RecentFailures => "recent_failures",
            Reason::NewBrowser => "new_browser",
            Reason::LongAbsence => "long_absence",
        }
    }

    pub fn message(self) -> &'static str {
        match self {
            Reason::NewDevice => "this device is not one you chose to remember",
            Reason::NewNetwork => "this is a new network for your account",
            Reason::RecentFailures => "there were recent failed sign-in attempts on your account",
            Reason::NewBrowser => "this remembered device is using a different browser",
            Reason::LongAbsence => "you have not signed in for more than 14 days",
        }
    }
}

/// The security event's detail for a challenged sign-in.
fn describe(reasons: &[Reason]) -> String {
    let messages: Vec<&str> = reasons.iter().map(|reason| reason.message()).collect();
    format!("we asked because {}", messages.join("; "))
}

/// What the server knows about a sign-in whose password was right.
pub struct Signals {
    /// The browser family of the remembered device it came from, if any.
    pub device: Option<Browser>,
    /// The browser family it comes from now.
    pub browser: Browser,
    /// Whether the account signed in from this network before.
    pub known_network: bool,
    /// Failed passwords and codes on the account since its last sign-in, in the last
    /// [`throttle::LOCK_MS`] (15 minutes): a sign-in clears them, and they stop counting then.
    pub recent_failures: u32,
    /// How long since the account last signed in (`None`: never).
    pub since_last_sign_in_ms: Option<i64>,
}

/// Allowed, or challenged for these reasons (every one that applies, in a stable order).
#[derive(Debug, PartialEq, Eq)]
pub enum Decision {
    Allow,
    Challenge(Vec<Reason>),
}

/// The rule.
pub fn decide(signals: &Signals) -> Decision {
    let checks = [
        (signals.device.is_none(), Reason::NewDevice),
        (!signals.known_network, Reason::NewNetwork),
        (signals.recent_failures > 0, Reason::RecentFailures),
        (
            signals
                .device
                .is_some_and(|family| family != signals.browser),
            Reason::NewBrowser,
        ),
        (
            signals
                .since_last_sign_in_ms
                .is_some_and(|since| since > LONG_ABSENCE_MS),
            Reason::LongAbsence,
        ),
    ];
    let reasons: Vec<Reason> = checks
        .into_iter()
        .filter_map(|(applies, reason)| applies.then_some(reason))
        .collect();
    if reasons.is_empty() {
        Decision::Allow
    } else {
        Decision::Challenge(reasons)
    }
}

/// The decision for `user`'s sign-in with the right password, from `device` (if remembered)
/// at `ip` with `agent`; `attempt` is this sign-in's own counted attempt, not a failure.
pub fn assess(
    db: &Db<'_>,
    (user, device): (i64, Option<&Device>),
    (ip, agent): (IpAddr, &str),
    attempt: &Attempt,
    now: i64,
) -> store::Result<Decision> {
    Ok(decide(&Signals {
        device: device.map(|device| Browser::of(&device.user_agent)),
        browser: Browser::of(agent),
        known_network: networks::is_known(db, user, ip)?,
        recent_failures: throttle::failures_besides(db, attempt, now)?,
        since_last_sign_in_ms: networks::last_sign_in(db, user)?.map(|last| now - last),
    }))
}

/// An allowed sign-in from `ip`: the account's failures are forgotten, the network stays
/// known (and is now the most recent), and the security event says why no code was asked.
pub fn allowed(db: &Db<'_>, user: i64, attempt: Attempt, ip: IpAddr, now: i64) -> AppResult<()> {
    throttle::clear(db, attempt)?;
    networks::signed_in_from(db, user, ip, now)?;
    store::event(db, user, "sign_in", ALLOWED, now)?;
    Ok(())
}

/// A challenged sign-in: the right password is not a failure (the earlier ones still count),
/// and the security event gives the reasons. Nothing becomes known until the challenge passes.
pub fn challenged(
    db: &Db<'_>,
    user: i64,
    attempt: Attempt,
    reasons: &[Reason],
    now: i64,
) -> AppResult<()> {
    throttle::release(db, attempt)?;
    store::event(db, user, "sign_in_challenged", &describe(reasons), now)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use Reason::*;

    /// A remembered Firefox on a known network, no failures, signed in yesterday.
    fn usual() -> Signals {
        Signals {
            device: Some(Browser::Firefox),
            browser: Browser::Firefox,
            known_network: true,
            recent_failures: 0,
            since_last_sign_in_ms: Some(24 * 3_600_000),
        }
    }

    #[test]
    fn a_remembered_device_on_a_known_network_signs_in() {
        assert_eq!(decide(&usual()), Decision::Allow);
        let first = Signals {
            since_last_sign_in_ms: None,
            ..usual()
        };
        assert_eq!(decide(&first), Decision::Allow);
    }

    #[test]
    fn each_signal_alone_challenges() {
        let cases = [
            (
                Signals {
                    device: None,
                    ..usual()
                },
                NewDevice,
            ),
            (
                Signals {
                    known_network: false,
                    ..usual()
                },
                NewNetwork,
            ),
            (
                Signals {
                    recent_failures: 1,
                    ..usual()
                },
                RecentFailures,
            ),
            (
                Signals {
                    browser: Browser::Chrome,
                    ..usual()
                },
                NewBrowser,
            ),
            (
                Signals {
                    since_last_sign_in_ms: Some(LONG_ABSENCE_MS + 1),
                    ..usual()
                },
                LongAbsence,
            ),
        ];
        for (signals, reason) in cases {
            assert_eq!(decide(&signals), Decision::Challenge(vec![reason]));
        }
        let just_in_time = Signals {
            since_last_sign_in_ms: Some(LONG_ABSENCE_MS),
            ..usual()
        };
        assert_eq!(decide(&just_in_time), Decision::Allow);
        let days = LONG_ABSENCE_MS / (24 * 3_600_000);
        assert!(LongAbsence.message().contains(&format!("{days} days")));
    }

    #[test]
    fn every_reason_that_applies_is_given() {
        let stranger = Signals {
            device: None,
            browser: Browser::Chrome,
            known_network: false,
            recent_failures: 3,
            since_last_sign_in_ms: Some(LONG_ABSENCE_MS * 2),
        };
        assert_eq!(
            decide(&stranger),
            Decision::Challenge(vec![NewDevice, NewNetwork, RecentFailures, LongAbsence])
        );
        assert_eq!(
            describe(&[NewNetwork, NewBrowser]),
            "we asked because this is a new network for your account; \
             this remembered device is using a different browser"
        );
        let codes: Vec<&str> = [
            NewDevice,
            NewNetwork,
            RecentFailures,
            NewBrowser,
            LongAbsence,
        ]
        .iter()
        .map(|reason| reason.code())
        .collect();
        assert_eq!(
            codes,
            [
                "new_device",
                "new_network",
                "recent_failures",
                "new_browser",
                "long_absence"
            ]
        );
    }
}
