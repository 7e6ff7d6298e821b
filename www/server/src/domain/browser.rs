//! A browser's family (Chrome, Firefox, Safari, Edge, other), read from its user agent: one of
//! the risk signals (risk.rs). A remembered device whose browser family changed is not the
//! browser that was remembered, or its cookie was copied elsewhere. User agents are what the
//! client says, so the signal only ever adds a challenge, never removes one.

use crate::domain::sessions::AGENT_CHARS;

/// A browser family, read conservatively from a user agent: brands that embed another's
/// token (Edge's says Chrome and Safari; Chrome's says Safari; Opera's and Samsung's say
/// Chrome) are checked first, and anything not recognized is `Other`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Browser {
    Chrome,
    Firefox,
    Safari,
    Edge,
    Other,
}

impl Browser {
    /// The family of `agent`, read from the part the server stores ([`AGENT_CHARS`]), so a
    /// live agent and the stored copy of it always read the same.
    pub fn of(agent: &str) -> Browser {
        let agent: String = agent.chars().take(AGENT_CHARS).collect();
        let has = |tokens: &[&str]| tokens.iter().any(|token| agent.contains(token));
        if has(&["Edg/", "Edge/", "EdgA/", "EdgiOS/"]) {
            Browser::Edge
        } else if has(&["OPR/", "Opera", "SamsungBrowser/", "YaBrowser/", "Vivaldi/"]) {
            Browser::Other
        } else if has(&["Firefox/", "FxiOS/"]) {
            Browser::Firefox
        } else if has(&["Chrome/", "CriOS/", "Chromium/"]) {
            Browser::Chrome
        } else if has(&["Safari/"]) && has(&["Version/"]) {
            Browser::Safari
        } else {
            Browser::Other
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
    const CHROME: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";
    const EDGE: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0";
    const SAFARI: &str = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15";
    const CHROME_IOS: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1";
    const OPERA: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 OPR/111.0.0.0";

    #[test]
    fn browser_families() {
        let families: Vec<Browser> = [FIREFOX, CHROME, EDGE, SAFARI, CHROME_IOS, OPERA, "curl/8"]
            .iter()
            .map(|agent| Browser::of(agent))
            .collect();
        use Browser::*;
        assert_eq!(
            families,
            [Firefox, Chrome, Edge, Safari, Chrome, Other, Other]
        );
        // Only the stored part counts: a token past it is not read in either copy.
        let long = format!("{} {CHROME}", "x".repeat(AGENT_CHARS));
        assert_eq!(Browser::of(&long), Other);
    }
}
