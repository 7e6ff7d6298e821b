//! The per-IP request budget: it guards the server; the per-account throttle (throttle.rs)
//! guards the accounts. The middleware that applies it is http/guards.rs.

use std::collections::HashMap;
use std::net::IpAddr;

use crate::error::seconds_until;

/// Requests per minute per client IP on the API.
pub const REQUESTS_PER_MINUTE: u32 = 600;
const WINDOW_MS: i64 = 60_000;
/// Fewest entries before the map is swept of finished windows.
const MIN_SWEEP: usize = 1024;

/// Each address's current one-minute window: when it started and how many requests it had.
/// Finished windows are swept out whenever the map has doubled since the last sweep, so its
/// size follows the number of addresses active in a minute (at most about twice it), however
/// many addresses clients send from over time (IPv6 gives everyone millions).
#[derive(Default)]
pub struct IpWindows {
    windows: HashMap<IpAddr, (i64, u32)>,
    next_sweep: usize,
}

impl IpWindows {
    /// Counts a request from `ip` at `now_ms`; `Some(seconds to wait)` once it is over budget.
    pub fn hit(&mut self, ip: IpAddr, now_ms: i64) -> Option<u64> {
        if self.windows.len() >= self.next_sweep {
            self.windows
                .retain(|_, (start, _)| now_ms - *start < WINDOW_MS);
            self.next_sweep = (self.windows.len() * 2).max(MIN_SWEEP);
        }
        let window = self.windows.entry(ip).or_insert((now_ms, 0));
        if now_ms - window.0 >= WINDOW_MS {
            *window = (now_ms, 0);
        }
        window.1 += 1;
        (window.1 > REQUESTS_PER_MINUTE).then(|| seconds_until(window.0 + WINDOW_MS, now_ms))
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.windows.len()
    }
}

/// Whose budget a request counts against: an IPv4 address, or an IPv6 client's /64 (one
/// subscriber's network: anyone with one has 2^64 addresses to rotate through).
pub fn client_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6((u128::from(v6) & !((1u128 << 64) - 1)).into()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_is_per_address_and_per_minute() {
        let mut windows = IpWindows::default();
        let (a, b): (IpAddr, IpAddr) =
            ("192.0.2.1".parse().unwrap(), "2001:db8::1".parse().unwrap());
        for _ in 0..REQUESTS_PER_MINUTE {
            assert_eq!(windows.hit(a, 1_000), None);
        }
        assert_eq!(windows.hit(a, 1_000), Some(60));
        assert_eq!(windows.hit(a, 59_500), Some(2));
        assert_eq!(
            windows.hit(b, 59_500),
            None,
            "another address has its own budget"
        );
        assert_eq!(windows.hit(a, 61_000), None, "a new minute, a new budget");
    }

    #[test]
    fn ipv6_clients_share_the_budget_of_their_64() {
        let key = |text: &str| client_key(text.parse().unwrap());
        assert_eq!(key("2001:db8:1:2:aaaa::1"), key("2001:db8:1:2:ffff:1:2:3"));
        assert_ne!(key("2001:db8:1:2::1"), key("2001:db8:1:3::1"));
        assert_eq!(key("::ffff:192.0.2.7"), key("192.0.2.7"));
        assert_ne!(key("192.0.2.7"), key("192.0.2.8"));
    }

    #[test]
    fn finished_windows_do_not_pile_up() {
        // 500,000 addresses over 100 minutes, 5,000 new ones each minute.
        let mut windows = IpWindows::default();
        let mut largest = 0;
        for n in 0..500_000u32 {
            let ip = IpAddr::from(std::net::Ipv6Addr::from(u128::from(n) << 64));
            windows.hit(ip, i64::from(n) * 12);
            largest = largest.max(windows.len());
        }
        assert!(largest <= 2 * 5_000 + 1, "{largest} windows at once");
    }
}
