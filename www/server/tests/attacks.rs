//! The demo server tried as an attacker would, over real HTTP: guesses sent all at once,
//! probing which e-mails have accounts, locking the owner out, cross-site requests, a crash in
//! the middle of sign-ins, a server bound to every interface.

mod common;

use common::*;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

/// The throttle's numbers, as the README states them.
const FREE_FAILURES: usize = 3;
const LOCK_FAILURES: usize = 10;

/// The longest wait any 429 asked for, in milliseconds.
fn longest_wait_ms(answers: &[(StatusCode, Value)]) -> i64 {
    answers
        .iter()
        .filter_map(|(_, body)| body["retryAfter"].as_i64())
        .max()
        .unwrap_or(0)
        * 1000
}

async fn wrong_passwords_at_once(
    server: &Server,
    email: &str,
    n: usize,
) -> Vec<(StatusCode, Value)> {
    let base = server.base.clone();
    let email = email.to_owned();
    at_once(n, move |_| {
        let (base, email) = (base.clone(), email.clone());
        async move {
            let guess = json!({ "email": email, "password": "guess" });
            answer_to(
                Client::new()
                    .post(format!("{base}/api/sign-in"))
                    .json(&guess),
            )
            .await
        }
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn concurrent_wrong_passwords_each_cost_a_failure_and_lock_the_account() {
    let db = fresh_db("burst");
    let server = Server::start(&db, &[]);
    let client = browser();
    let mut evaluated: Vec<usize> = Vec::new();
    loop {
        let answers = wrong_passwords_at_once(&server, EMAIL, 40).await;
        let counts = tally(&answers);
        assert!(
            counts.keys().all(|s| [401, 429, 503].contains(s)),
            "{counts:?}"
        );
        assert!(
            counts.contains_key(&429),
            "the throttle answered: {counts:?}"
        );
        evaluated.push(counts.get(&401).copied().unwrap_or(0));
        if evaluated.iter().sum::<usize>() >= LOCK_FAILURES {
            break;
        }
        advance(&client, &server, longest_wait_ms(&answers)).await;
    }
    // Three free failures and the one that earns the first wait, then one per wait: 40
    // guesses at a time get no more than one by one would.
    assert_eq!(evaluated[0], FREE_FAILURES + 1, "{evaluated:?}");
    assert!(evaluated[1..].iter().all(|&n| n == 1), "{evaluated:?}");
    assert_eq!(evaluated.iter().sum::<usize>(), LOCK_FAILURES);

    // Locked, even with the right password; still after a restart.
    let (status, body) = try_sign_in(&client, &server, EMAIL, PASSWORD).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::TOO_MANY_REQUESTS, Some("account_throttled"))
    );
    assert!(body["retryAfter"].as_i64().unwrap() > 14 * 60);
    drop(server);
    let server = Server::start(&db, &[]);
    let (status, _) = try_sign_in(&client, &server, EMAIL, PASSWORD).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    // The failures decay: the lock ends, and the owner signs in.
    advance(&client, &server, 20 * 60_000).await;
    assert_eq!(sign_in(&client, &server).await["status"], "challenge");
}

#[tokio::test(flavor = "multi_thread")]
async fn concurrent_wrong_codes_across_challenges_are_counted_on_the_account() {
    let server = Server::start(&fresh_db("code-burst"), &[]);
    let client = browser();
    // Eight challenges of one account: eight times five tries if only the challenge counted.
    let mut challenges = Vec::new();
    for _ in 0..8 {
        challenges.push(new_challenge(&browser(), &server).await);
    }
    let base = server.base.clone();
    let answers = at_once(40, move |i| {
        let url = format!("{base}/api/challenges/{}/verify", challenges[i % 8]);
        async move {
            let guess = json!({ "code": format!("AAAAA-{i:05}"), "method": "recovery" });
            answer_to(Client::new().post(url).json(&guess)).await
        }
    })
    .await;
    let counts = tally(&answers);
    assert_eq!(
        counts.get(&400).copied(),
        Some(FREE_FAILURES + 1),
        "{counts:?}"
    );
    assert_eq!(counts.get(&429).copied(), Some(40 - FREE_FAILURES - 1));
    // The account waits now, whichever way in.
    let (status, _) = try_sign_in(&client, &server, EMAIL, PASSWORD).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
}

/// Strips what may differ by a second between two otherwise equal answers.
fn shape(body: &Value) -> Value {
    let mut body = body.clone();
    if let Some(object) = body.as_object_mut() {
        object.remove("retryAfter");
    }
    body
}

#[tokio::test]
async fn unknown_wrong_and_locked_answer_alike() {
    let server = Server::start(&fresh_db("oracle"), &[]);
    let client = browser();
    let mut locked = false;
    for _ in 0..20 {
        let known = try_sign_in(&client, &server, "Jane@Example.com ", "guess").await;
        let unknown = try_sign_in(&client, &server, "nobody@example.com", "guess").await;
        assert_eq!(known.0, unknown.0);
        assert_eq!(shape(&known.1), shape(&unknown.1));
        let waits = (
            known.1["retryAfter"].as_i64(),
            unknown.1["retryAfter"].as_i64(),
        );
        if let (Some(a), Some(b)) = waits {
            assert!((a - b).abs() <= 1, "{waits:?}");
            locked = a > 14 * 60;
            if locked {
                break;
            }
            advance(&client, &server, a.max(b) * 1000).await;
        }
    }
    assert!(locked, "both reached the lock");
}

#[tokio::test]
async fn failures_elsewhere_do_not_lock_the_owner_out_of_a_remembered_device() {
    let server = Server::start(&fresh_db("owner"), &[]);
    let owner = browser();
    let (id, code) = challenge_with_code(&owner, &server).await;
    let verify = format!("/api/challenges/{id}/verify");
    let body = json!({ "code": code, "rememberDevice": true });
    assert_eq!(post(&owner, &server, &verify, body).await.0, StatusCode::OK);
    // An attacker locks the account from elsewhere.
    let attacker = browser();
    loop {
        let (status, body) = try_sign_in(&attacker, &server, EMAIL, "guess").await;
        if status == StatusCode::TOO_MANY_REQUESTS {
            let wait = body["retryAfter"].as_i64().unwrap();
            if wait > 14 * 60 {
                break;
            }
            advance(&attacker, &server, wait * 1000).await;
        }
    }
    assert_eq!(
        try_sign_in(&browser(), &server, EMAIL, PASSWORD).await.0,
        StatusCode::TOO_MANY_REQUESTS
    );
    // The owner's remembered device is not locked out: the recent failures make the risk check
    // ask it for a code, and its codes, like its passwords, count on the device only...
    let answer = sign_in(&owner, &server).await;
    assert_eq!(answer["status"], "challenge");
    assert_eq!(
        answer["reasons"],
        json!([{ "code": "recent_failures", "message": "there were recent failed sign-in attempts on your account" }])
    );
    let id = answer["challengeId"].as_str().unwrap();
    assert_eq!(send(&owner, &server, id, "sms").await.0, StatusCode::OK);
    let code = latest_sms_code(&owner, &server).await;
    let verify = format!("/api/challenges/{id}/verify");
    let (status, _) = post(&owner, &server, &verify, json!({ "code": code })).await;
    assert_eq!(status, StatusCode::OK);
    // ...and its own wrong passwords still count.
    let mut statuses = Vec::new();
    for _ in 0..=FREE_FAILURES + 1 {
        statuses.push(try_sign_in(&owner, &server, EMAIL, "typo").await.0.as_u16());
    }
    assert_eq!(statuses, [401, 401, 401, 401, 429]);
}

#[tokio::test]
async fn one_wrong_password_every_fifteen_minutes_never_locks() {
    let server = Server::start(&fresh_db("decay"), &[]);
    let client = browser();
    for _ in 0..12 {
        let (status, _) = try_sign_in(&client, &server, EMAIL, "guess").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        advance(&client, &server, 15 * 60_000 + 1_000).await;
    }
    assert_eq!(sign_in(&client, &server).await["status"], "challenge");
}

#[tokio::test]
async fn every_state_changing_route_refuses_cross_site_requests() {
    let server = Server::start(&fresh_db("csrf"), &[]);
    let client = browser();
    signed_in(&client, &server).await;
    let origin = server.base.replace("127.0.0.1", "localhost");
    let foreign: [&[(&str, &str)]; 5] = [
        &[("origin", "http://localhost:9999")],
        &[("origin", "null")],
        &[("sec-fetch-site", "cross-site")],
        &[("sec-fetch-site", "same-site")],
        &[("origin", &origin), ("sec-fetch-site", "same-site")],
    ];
    let routes = api_routes();
    assert!(routes.len() > 20, "{routes:?}");
    let mut tried = 0;
    for (method, path) in routes.iter().filter(|(method, _)| method != "GET") {
        let path = path.replace("{id}", "1");
        for headers in foreign {
            let mut request = client
                .request(method.parse().unwrap(), server.url(&path))
                .header("content-type", "text/plain")
                .body("{}");
            for (name, value) in headers {
                request = request.header(*name, *value);
            }
            let (status, body) = answer_to(request).await;
            assert_eq!(
                (status, body["error"].as_str()),
                (StatusCode::FORBIDDEN, Some("forbidden_origin")),
                "{method} {path} with {headers:?}"
            );
            tried += 1;
        }
    }
    assert!(tried >= 16 * foreign.len());
    // Nothing changed: still signed in (sign-out and sign-out-everywhere were refused), no
    // recovery codes were made.
    let (status, methods) = get(&client, &server, "/api/methods").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(methods["recoveryCodesLeft"], 0);
    // The site itself passes.
    let response = client
        .post(server.url("/api/recovery-codes"))
        .header("origin", &origin)
        .header("sec-fetch-site", "same-origin")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_crash_mid_sign_in_leaves_no_challenge_consumed_without_its_session() {
    let db = fresh_db("crash");
    let client = browser();
    let mut server = Server::start(&db, &[]);
    signed_in(&client, &server).await;
    let mut completed = 0;
    for round in 0..4u64 {
        let (_, body) = post(&client, &server, "/api/recovery-codes", json!({})).await;
        let codes: Vec<String> = serde_json::from_value(body["codes"].clone()).unwrap();
        let mut challenges = Vec::new();
        for _ in &codes {
            challenges.push(new_challenge(&browser(), &server).await);
        }
        let load = tokio::spawn(recovery_verifies_at_once(
            server.base.clone(),
            challenges,
            codes,
        ));
        // kill -9 while the verifies are in flight, a little later each round.
        tokio::time::sleep(std::time::Duration::from_millis(2 + 4 * round)).await;
        server.child.kill().unwrap();
        server.child.wait().unwrap();
        completed += load
            .await
            .unwrap()
            .iter()
            .filter(|status| **status == StatusCode::OK)
            .count();
        let (consumed, sessions, sign_ins) = sign_in_records(&db);
        assert_eq!(
            (consumed, sessions),
            (sign_ins, sign_ins),
            "round {round}: consumed challenges, sessions and sign-in events"
        );
        server = Server::start(&db, &[]);
        // The client's own session survived; it reauthenticates for the next round's codes.
        let (status, _) = reauth(&client, &server, PASSWORD).await;
        assert_eq!(status, StatusCode::OK);
    }
    let (consumed, _, _) = sign_in_records(&db);
    assert!(
        consumed as usize > completed,
        "every answered sign-in was kept"
    );
}

#[tokio::test]
async fn without_a_loopback_bind_or_with_no_outbox_no_message_body_is_stored() {
    for (name, flags) in [
        ("public", &["--bind", "0.0.0.0"][..]),
        ("no-outbox", &["--no-outbox"][..]),
    ] {
        let db = fresh_db(name);
        let server = Server::start(&db, flags);
        let client = browser();
        let id = new_challenge(&client, &server).await;
        assert_eq!(send(&client, &server, &id, "sms").await.0, StatusCode::OK);
        let (status, body) = get(&client, &server, "/api/outbox").await;
        assert_eq!(
            (status, body["error"].as_str()),
            (StatusCode::NOT_FOUND, Some("not_found"))
        );
        drop(server);
        for text in ["sign-in code", "Demo Shop", "@localhost #"] {
            assert!(!db.holds(text.as_bytes()), "{name}: {text:?} stored");
        }
    }
}

/// Sends `method path` and checks the answer is `status` with a JSON body `{ error: code,
/// message }`; returns its headers for checks of their own.
async fn json_error(
    client: &Client,
    server: &Server,
    method: &str,
    path: &str,
    status: StatusCode,
    code: &str,
) -> reqwest::header::HeaderMap {
    let response = client
        .request(method.parse().unwrap(), server.url(path))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), status, "{method} {path}");
    let headers = response.headers().clone();
    let body: Value = response.json().await.expect("a JSON body");
    assert_eq!(body["error"], code, "{method} {path}");
    assert!(body["message"].is_string());
    headers
}

#[tokio::test]
async fn every_error_is_json_with_a_code() {
    let server = Server::start(&fresh_db("json-errors"), &[]);
    let client = browser();
    signed_in(&client, &server).await;
    let cases = [
        (
            "GET",
            "/api/nothing-here",
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        (
            "PUT",
            "/api/sign-in",
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
        ),
        (
            "GET",
            "/api/sign-in",
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
        ),
        (
            "DELETE",
            "/api/devices/not-a-number",
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        (
            "DELETE",
            "/api/passkeys/99999999999999999999",
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        (
            "DELETE",
            "/api/devices/7",
            StatusCode::NOT_FOUND,
            "device_not_found",
        ),
    ];
    for (method, path, status, code) in cases {
        json_error(&client, &server, method, path, status, code).await;
    }
}

#[tokio::test]
async fn the_static_files_errors_are_json_with_a_code_too() {
    let server = Server::start(&fresh_db("static-errors"), &[]);
    let client = browser();
    // What `/api/challenges/../../etc/verify` becomes once its dots are resolved: a path the
    // static file service answers, which takes only GET and HEAD.
    let cases = [
        (
            "POST",
            "/etc/verify",
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
        ),
        (
            "DELETE",
            "/index.html",
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
        ),
        (
            "POST",
            "/pkg/otp.js",
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
        ),
        (
            "GET",
            "/no-such-page.html",
            StatusCode::NOT_FOUND,
            "not_found",
        ),
    ];
    for (method, path, status, code) in cases {
        let headers = json_error(&client, &server, method, path, status, code).await;
        if status == StatusCode::METHOD_NOT_ALLOWED {
            let allow = headers["allow"].to_str().unwrap();
            assert!(allow.contains("GET"), "{method} {path}: Allow {allow}");
        }
    }
}
