//! The networks an account signs in from, one of the risk signals (risk.rs): an IPv4 /24 or
//! an IPv6 /48, the blocks a household, an office or a mobile carrier's pool typically hands
//! out from, so a new address on the same network is not a new network. Only the prefix is
//! stored (data minimisation, GDPR Art. 5(1)(c)): never the full address.
//!
//! A network becomes known only at a sign-in that passed (allowed, or a challenge verified),
//! never at a failed or unfinished one, so a guessed password cannot make the guesser's
//! network familiar.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::store;
use crate::store::Db;

/// The networks kept per account, most recently seen first: enough for home, work, phone and
/// travel, and bounded however many networks an account signs in from.
pub const KEEP_NETWORKS: usize = 20;

/// The network `ip` is on, as text: `203.0.113.0/24`, `2001:db8:1::/48`. An IPv4-mapped IPv6
/// address (`::ffff:203.0.113.7`, what a dual-stack socket reports) is its IPv4 address.
pub fn prefix(ip: IpAddr) -> String {
    let ip = match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        IpAddr::V4(_) => ip,
    };
    match ip {
        IpAddr::V4(v4) => format!("{}/24", Ipv4Addr::from(u32::from(v4) & !0xff)),
        IpAddr::V6(v6) => format!("{}/48", Ipv6Addr::from(u128::from(v6) & !((1 << 80) - 1))),
    }
}

/// Whether the account signed in from `ip`'s network before (among the kept ones).
pub fn is_known(db: &Db<'_>, user: i64, ip: IpAddr) -> store::Result<bool> {
    store::networks::known(db, user, &prefix(ip))
}

/// When the account last signed in (from any network); `None` if it never did.
pub fn last_sign_in(db: &Db<'_>, user: i64) -> store::Result<Option<i64>> {
    store::networks::last_seen(db, user)
}

/// The account signed in from `ip` now: its network is known from here on, and only the
/// [`KEEP_NETWORKS`] most recently seen are kept.
pub fn signed_in_from(db: &Db<'_>, user: i64, ip: IpAddr, now: i64) -> store::Result<()> {
    store::networks::seen(db, user, &prefix(ip), now)?;
    store::networks::keep_newest(db, user, KEEP_NETWORKS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(ip: &str) -> String {
        prefix(ip.parse().unwrap())
    }

    #[test]
    fn ipv4_networks_are_24s_and_ipv6_networks_48s() {
        assert_eq!(of("203.0.113.7"), "203.0.113.0/24");
        assert_eq!(of("203.0.113.255"), "203.0.113.0/24");
        assert_ne!(of("203.0.114.7"), "203.0.113.0/24");
        assert_eq!(of("::ffff:203.0.113.9"), "203.0.113.0/24");
        assert_eq!(of("2001:db8:1:2:3:4:5:6"), "2001:db8:1::/48");
        assert_eq!(of("2001:db8:1:ffff::1"), "2001:db8:1::/48");
        assert_eq!(of("2001:db8:2::1"), "2001:db8:2::/48");
        assert_eq!(of("::1"), "::/48");
    }

    #[test]
    fn only_the_newest_networks_are_kept() {
        let dir = std::env::temp_dir().join(format!("otp-wasm-networks-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let store = store::Store::open(dir.join("demo.sqlite").to_str().unwrap()).unwrap();
        store
            .write(|db| -> store::Result<()> {
                store::accounts::create(db, "a@example.com", "+1555", "x", 0).unwrap();
                let n = KEEP_NETWORKS as i64 + 5;
                for i in 0..n {
                    let ip = IpAddr::from([198, 51, i as u8, 1]);
                    signed_in_from(db, 1, ip, 1_000 + i).unwrap();
                }
                let known = |i: i64| is_known(db, 1, IpAddr::from([198, 51, i as u8, 9])).unwrap();
                assert!((0..5).all(|i| !known(i)), "the oldest are forgotten");
                assert!((5..n).all(known), "the newest are kept");
                assert_eq!(last_sign_in(db, 1).unwrap(), Some(1_000 + n - 1));
                // Signing in again from a forgotten network makes it the newest.
                signed_in_from(db, 1, IpAddr::from([198, 51, 0, 1]), 9_000).unwrap();
                assert!(known(0) && !known(5));
                Ok(())
            })
            .unwrap();
    }
}
