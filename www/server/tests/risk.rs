//! The risk check at sign-in over real HTTP, one test per signal. The server runs with
//! `--trust-proxy`, so each request says where it comes from in `X-Forwarded-For`, as a proxy
//! in front of it would; the last test shows that without the flag the header is ignored.

mod common;

use common::*;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

const HOME: &str = "203.0.113.5";
const CAFE: &str = "198.51.100.9";
const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
const CHROME: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";
const DAY_MS: i64 = 24 * 3_600_000;

fn behind_a_proxy(name: &str) -> Server {
    Server::start(&fresh_db(name), &["--trust-proxy"])
}

/// `POST path` from `from` (the proxy's `X-Forwarded-For`) with `agent` as the user agent.
async fn post_as(
    (client, server): (&Client, &Server),
    (from, agent): (&str, &str),
    path: &str,
    body: Value,
) -> (StatusCode, Value) {
    let request = client
        .post(server.url(path))
        .header("x-forwarded-for", from)
        .header("user-agent", agent)
        .json(&body);
    answer_to(request).await
}

/// Signs in with the right password from `from` in `agent`: the answer, which must be 200.
async fn sign_in_as(client: &Client, server: &Server, from: &str, agent: &str) -> Value {
    let body = json!({ "email": EMAIL, "password": PASSWORD });
    let (status, body) = post_as((client, server), (from, agent), "/api/sign-in", body).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

async fn sign_in_from(client: &Client, server: &Server, from: &str) -> Value {
    sign_in_as(client, server, from, "test browser").await
}

/// The reason codes of a challenge, after checking each has a sentence for people.
fn reasons(answer: &Value) -> Vec<&str> {
    assert_eq!(answer["status"], "challenge", "{answer}");
    let reasons = answer["reasons"].as_array().unwrap();
    assert!(
        reasons
            .iter()
            .all(|r| r["message"].as_str().unwrap().len() > 10)
    );
    reasons
        .iter()
        .map(|r| r["code"].as_str().unwrap())
        .collect()
}

/// Passes the challenge `answer` gave with an SMS code, from `from` in `agent`.
async fn pass_as(
    client: &Client,
    server: &Server,
    (from, agent): (&str, &str),
    answer: &Value,
    remember: bool,
) {
    let id = answer["challengeId"].as_str().unwrap();
    assert_eq!(send(client, server, id, "sms").await.0, StatusCode::OK);
    let code = latest_sms_code(client, server).await;
    let body = json!({ "code": code, "rememberDevice": remember });
    let path = format!("/api/challenges/{id}/verify");
    let (status, body) = post_as((client, server), (from, agent), &path, body).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

/// A browser in `agent` that passed a challenge from `from` and was remembered.
async fn remembered_as(server: &Server, from: &str, agent: &str) -> Client {
    let client = browser();
    let answer = sign_in_as(&client, server, from, agent).await;
    pass_as(&client, server, (from, agent), &answer, true).await;
    client
}

async fn remembered_from(server: &Server, from: &str) -> Client {
    remembered_as(server, from, "test browser").await
}

/// The account's security log, newest first, as `(kind, detail)`.
async fn events(client: &Client, server: &Server) -> Vec<(String, String)> {
    let (status, body) = get(client, server, "/api/events").await;
    assert_eq!(status, StatusCode::OK);
    let line = |e: &Value| {
        (
            e["kind"].as_str().unwrap().into(),
            e["detail"].as_str().unwrap().into(),
        )
    };
    body["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(line)
        .collect()
}

#[tokio::test]
async fn a_new_device_is_challenged_and_told_why() {
    let server = behind_a_proxy("risk-device");
    let client = browser();
    let answer = sign_in_from(&client, &server, HOME).await;
    // The first sign-in ever: a new device, on a network the account never signed in from.
    assert_eq!(reasons(&answer), ["new_device", "new_network"]);
    assert!(answer["methods"].is_array() && answer["expiresInMs"].is_number());
    pass_as(&client, &server, (HOME, "test browser"), &answer, false).await;
    // Not remembered: the same browser is a new device next time, on a known network now.
    let answer = sign_in_from(&client, &server, HOME).await;
    assert_eq!(reasons(&answer), ["new_device"]);
    let log = events(&client, &server).await;
    assert_eq!(
        log[0],
        (
            "sign_in_challenged".into(),
            "we asked because this device is not one you chose to remember".into()
        )
    );
}

#[tokio::test]
async fn a_remembered_device_on_a_known_network_signs_in_without_a_challenge() {
    let server = behind_a_proxy("risk-known");
    let client = remembered_from(&server, HOME).await;
    let answer = sign_in_from(&client, &server, HOME).await;
    assert_eq!(answer, json!({ "status": "signed_in" }));
    let log = events(&client, &server).await;
    assert_eq!(
        log[0],
        (
            "sign_in".into(),
            "remembered device on a known network".into()
        )
    );
}

#[tokio::test]
async fn a_new_network_is_challenged_and_known_once_the_challenge_is_passed() {
    let server = behind_a_proxy("risk-network");
    let client = remembered_from(&server, HOME).await;
    let answer = sign_in_from(&client, &server, CAFE).await;
    assert_eq!(reasons(&answer), ["new_network"]);
    assert_eq!(
        answer["reasons"][0]["message"],
        "this is a new network for your account"
    );
    pass_as(&client, &server, (CAFE, "test browser"), &answer, false).await;
    let log = events(&client, &server).await;
    assert!(log.contains(&(
        "sign_in_challenged".into(),
        "we asked because this is a new network for your account".into()
    )));
    // Both networks are known now, and the device is still remembered.
    for from in [CAFE, HOME] {
        assert_eq!(
            sign_in_from(&client, &server, from).await["status"],
            "signed_in"
        );
    }
}

#[tokio::test]
async fn another_address_on_the_same_24_is_the_same_network() {
    let server = behind_a_proxy("risk-24");
    let client = remembered_from(&server, "203.0.113.5").await;
    for from in ["203.0.113.200", "::ffff:203.0.113.77", "203.0.113.5:50123"] {
        assert_eq!(
            sign_in_from(&client, &server, from).await["status"],
            "signed_in",
            "{from}"
        );
    }
    let answer = sign_in_from(&client, &server, "203.0.114.5").await;
    assert_eq!(reasons(&answer), ["new_network"]);
}

#[tokio::test]
async fn ipv6_networks_are_48s() {
    let server = behind_a_proxy("risk-ipv6");
    let client = remembered_from(&server, "2001:db8:1:2::5").await;
    for from in ["2001:db8:1:2::99", "2001:db8:1:ffff:1:2:3:4"] {
        assert_eq!(
            sign_in_from(&client, &server, from).await["status"],
            "signed_in",
            "{from}"
        );
    }
    let answer = sign_in_from(&client, &server, "2001:db8:2::5").await;
    assert_eq!(reasons(&answer), ["new_network"]);
}

#[tokio::test]
async fn recent_failures_challenge_even_a_remembered_device_on_a_known_network() {
    let server = behind_a_proxy("risk-failures");
    let owner = remembered_from(&server, HOME).await;
    // Someone elsewhere gets the password wrong.
    let wrong = json!({ "email": EMAIL, "password": "guess" });
    let (status, _) = post_as((&browser(), &server), (CAFE, "x"), "/api/sign-in", wrong).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let answer = sign_in_from(&owner, &server, HOME).await;
    assert_eq!(reasons(&answer), ["recent_failures"]);
    // Passing the challenge is a sign-in: the failures are forgotten.
    pass_as(&owner, &server, (HOME, "test browser"), &answer, false).await;
    assert_eq!(
        sign_in_from(&owner, &server, HOME).await["status"],
        "signed_in"
    );
    // The owner's own typo counts too, for 15 minutes.
    let typo = json!({ "email": EMAIL, "password": "typo" });
    let (status, _) = post_as(
        (&owner, &server),
        (HOME, "test browser"),
        "/api/sign-in",
        typo,
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        reasons(&sign_in_from(&owner, &server, HOME).await),
        ["recent_failures"]
    );
    advance(&owner, &server, 15 * 60_000 + 1_000).await;
    assert_eq!(
        sign_in_from(&owner, &server, HOME).await["status"],
        "signed_in"
    );
}

#[tokio::test]
async fn a_changed_browser_family_is_challenged() {
    let server = behind_a_proxy("risk-browser");
    let client = remembered_as(&server, HOME, FIREFOX).await;
    // A newer Firefox is the same family.
    let newer = FIREFOX.replace("128.0", "129.0");
    assert_eq!(
        sign_in_as(&client, &server, HOME, &newer).await["status"],
        "signed_in"
    );
    // The device's cookie, sent by Chrome.
    let answer = sign_in_as(&client, &server, HOME, CHROME).await;
    assert_eq!(reasons(&answer), ["new_browser"]);
    // Passing the challenge confirms the device as it is now.
    pass_as(&client, &server, (HOME, CHROME), &answer, false).await;
    assert_eq!(
        sign_in_as(&client, &server, HOME, CHROME).await["status"],
        "signed_in"
    );
    let (_, devices) = get(&client, &server, "/api/devices").await;
    assert_eq!(devices["devices"].as_array().unwrap().len(), 1);
    assert_eq!(
        reasons(&sign_in_as(&client, &server, HOME, FIREFOX).await),
        ["new_browser"]
    );
}

#[tokio::test]
async fn a_long_absence_is_challenged() {
    let server = behind_a_proxy("risk-absence");
    let client = remembered_from(&server, HOME).await;
    // 13 days: still in.
    advance(&client, &server, 13 * DAY_MS).await;
    assert_eq!(
        sign_in_from(&client, &server, HOME).await["status"],
        "signed_in"
    );
    // 14 days and a minute since that sign-in (27 since the device was remembered: still live).
    advance(&client, &server, 14 * DAY_MS + 60_000).await;
    let answer = sign_in_from(&client, &server, HOME).await;
    assert_eq!(reasons(&answer), ["long_absence"]);
    pass_as(&client, &server, (HOME, "test browser"), &answer, false).await;
    assert_eq!(
        sign_in_from(&client, &server, HOME).await["status"],
        "signed_in"
    );
}

#[tokio::test]
async fn a_failed_or_unfinished_sign_in_never_makes_a_network_known() {
    let server = behind_a_proxy("risk-failed");
    let client = remembered_from(&server, HOME).await;
    // A wrong password from the café, with the device's own cookie.
    let wrong = json!({ "email": EMAIL, "password": "guess" });
    let agent = (CAFE, "test browser");
    let (status, _) = post_as((&client, &server), agent, "/api/sign-in", wrong).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    advance(&client, &server, 15 * 60_000 + 1_000).await;
    // The right one: challenged; left unanswered, then answered wrong.
    let answer = sign_in_from(&client, &server, CAFE).await;
    assert_eq!(reasons(&answer), ["new_network"]);
    let answer = sign_in_from(&client, &server, CAFE).await;
    assert_eq!(reasons(&answer), ["new_network"]);
    let id = answer["challengeId"].as_str().unwrap();
    assert_eq!(send(&client, &server, id, "sms").await.0, StatusCode::OK);
    let code = latest_sms_code(&client, &server).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let path = format!("/api/challenges/{id}/verify");
    let (status, _) = post_as((&client, &server), agent, &path, json!({ "code": wrong })).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // Still new: the failure counts now too.
    let answer = sign_in_from(&client, &server, CAFE).await;
    assert_eq!(reasons(&answer), ["new_network", "recent_failures"]);
}

#[tokio::test]
async fn without_trust_proxy_the_forwarded_header_is_ignored() {
    let server = Server::start(&fresh_db("risk-spoofed"), &[]);
    // Remembered over loopback while claiming to be at home...
    let client = remembered_from(&server, HOME).await;
    // ...then claiming the café: the network is still loopback's, and known.
    assert_eq!(
        sign_in_from(&client, &server, CAFE).await["status"],
        "signed_in"
    );
    // Nor does the header buy a fresh per-IP budget: 600 requests a minute in all.
    let mut statuses = Vec::new();
    for i in 0..=600 {
        let response = client
            .get(server.url("/api/time"))
            .header("x-forwarded-for", format!("198.51.{}.{}", i / 250, i % 250))
            .send()
            .await
            .unwrap();
        statuses.push(response.status().as_u16());
    }
    assert_eq!(statuses.last(), Some(&429));
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_forwarded_client_has_its_own_budget() {
    let server = behind_a_proxy("risk-budget");
    let client = browser();
    let time = |from: &'static str| {
        let request = client.get(server.url("/api/time"));
        async move {
            let response = request
                .header("x-forwarded-for", from)
                .send()
                .await
                .unwrap();
            response.status().as_u16()
        }
    };
    for _ in 0..600 {
        assert_eq!(time(HOME).await, 200);
    }
    assert_eq!(time(HOME).await, 429);
    assert_eq!(time(CAFE).await, 200);
    // A client's own entries left of the proxy's are not read.
    assert_eq!(time("198.51.100.1, 203.0.113.5").await, 429);
}
