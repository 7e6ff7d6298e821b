//! Cross-site request refusal for every state-changing route: a browser says where a request
//! comes from (`Origin`, and `Sec-Fetch-Site` in Fetch Metadata), and a request from another
//! origin, or from a sibling subdomain of the same site, never changes anything here. Clients
//! that are not browsers send neither header and pass; the session cookie's `SameSite=Lax`
//! is the second line.

use axum::http::{HeaderMap, header};

/// Whether a request with these headers may change state on the site at `origin`.
pub fn allowed(headers: &HeaderMap, origin: &str) -> bool {
    let same_origin = headers
        .get(header::ORIGIN)
        .is_none_or(|value| value.as_bytes() == origin.as_bytes());
    // `none`: typed in the address bar or opened from a bookmark, not sent by a page.
    let same_site = headers
        .get("sec-fetch-site")
        .is_none_or(|value| matches!(value.as_bytes(), b"same-origin" | b"none"));
    same_origin && same_site
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(name, value)| (name.parse().unwrap(), value.parse().unwrap()))
            .collect()
    }

    #[test]
    fn only_the_site_itself_and_non_browsers_pass() {
        let site = "https://shop.example";
        let cases = [
            (vec![], true),
            (vec![("origin", "https://shop.example")], true),
            (vec![("sec-fetch-site", "same-origin")], true),
            (vec![("sec-fetch-site", "none")], true),
            (vec![("origin", "https://evil.example")], false),
            (vec![("origin", "null")], false),
            (vec![("origin", "http://shop.example")], false),
            (vec![("origin", "https://shop.example:8443")], false),
            (vec![("sec-fetch-site", "same-site")], false),
            (vec![("sec-fetch-site", "cross-site")], false),
            (
                vec![
                    ("origin", "https://shop.example"),
                    ("sec-fetch-site", "same-site"),
                ],
                false,
            ),
        ];
        for (pairs, expected) in cases {
            assert_eq!(allowed(&headers(&pairs), site), expected, "{pairs:?}");
        }
    }
}
