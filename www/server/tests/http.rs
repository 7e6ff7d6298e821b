//! The demo server over real HTTP: sign-in journeys, limits, sealing, sign-up.

mod common;

use std::process::Command;

use common::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn new_device_signs_in_with_an_sms_code_once() {
    let server = Server::start(&fresh_db("sms"), &[]);
    let client = browser();
    let (id, code) = challenge_with_code(&client, &server).await;
    let verify = format!("/api/challenges/{id}/verify");
    let (status, body) = post(&client, &server, &verify, json!({ "code": "000000" })).await;
    let expected_left = if code == "000000" { 5 } else { 4 };
    if code != "000000" {
        assert_eq!(
            (
                status,
                body["error"].as_str(),
                body["attemptsLeft"].as_u64()
            ),
            (
                StatusCode::BAD_REQUEST,
                Some("wrong_code"),
                Some(expected_left)
            )
        );
    }
    assert_eq!(
        get(&client, &server, "/api/me").await.0,
        StatusCode::UNAUTHORIZED
    );
    // Typed the way people type it: the core normalizes "123 456".
    let spaced = format!("{} {}", &code[..3], &code[3..]);
    let (status, body) = post(&client, &server, &verify, json!({ "code": spaced })).await;
    assert_eq!(
        (status, body["status"].as_str()),
        (StatusCode::OK, Some("signed_in"))
    );
    assert_eq!(get(&client, &server, "/api/me").await.1["email"], EMAIL);
    // Accepted once.
    let (status, body) = post(&client, &server, &verify, json!({ "code": code })).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::GONE, Some("challenge_used"))
    );
    let (_, events) = get(&client, &server, "/api/events").await;
    let kinds: Vec<&str> = events["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"sign_in"));
}

#[tokio::test]
async fn email_codes_and_wrong_passwords() {
    let server = Server::start(&fresh_db("email"), &[]);
    let client = browser();
    for (email, password) in [
        (EMAIL, "wrong"),
        ("nobody@example.com", PASSWORD),
        ("' OR 1=1 --", "x"),
    ] {
        let (status, body) = try_sign_in(&client, &server, email, password).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (StatusCode::UNAUTHORIZED, Some("invalid_credentials"))
        );
    }
    let id = new_challenge(&client, &server).await;
    let (status, _) = send(&client, &server, &id, "email").await;
    assert_eq!(status, StatusCode::OK);
    let (_, outbox) = get(&client, &server, "/api/outbox").await;
    let mail = &outbox["messages"][0];
    assert_eq!(
        (mail["channel"].as_str(), mail["to"].as_str()),
        (Some("email"), Some(EMAIL))
    );
    let code = otp_wasm::code_entry::extract_code(mail["body"].as_str().unwrap(), 6)
        .unwrap()
        .unwrap();
    let (status, _) = post(
        &client,
        &server,
        &format!("/api/challenges/{id}/verify"),
        json!({ "code": code.as_str() }),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn five_wrong_codes_end_the_challenge() {
    let server = Server::start(&fresh_db("five"), &[]);
    let client = browser();
    let (id, code) = challenge_with_code(&client, &server).await;
    let wrong = if code == "111111" { "222222" } else { "111111" };
    let verify = format!("/api/challenges/{id}/verify");
    let mut left = Vec::new();
    for _ in 0..4 {
        let (status, body) = post(&client, &server, &verify, json!({ "code": wrong })).await;
        if status == StatusCode::TOO_MANY_REQUESTS {
            // The account throttle asks for a pause after three failures: honour it.
            advance(
                &client,
                &server,
                body["retryAfter"].as_i64().unwrap() * 1000,
            )
            .await;
            let (status, body) = post(&client, &server, &verify, json!({ "code": wrong })).await;
            assert_eq!(status, StatusCode::BAD_REQUEST);
            left.push(body["attemptsLeft"].as_u64().unwrap());
        } else {
            left.push(body["attemptsLeft"].as_u64().unwrap());
        }
    }
    assert_eq!(left, [4, 3, 2, 1]);
    advance(&client, &server, 60_000).await;
    let (status, body) = post(&client, &server, &verify, json!({ "code": wrong })).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::GONE, Some("too_many_attempts"))
    );
    // Even the right code is refused now.
    let (status, _) = post(&client, &server, &verify, json!({ "code": code })).await;
    assert_eq!(status, StatusCode::GONE);
}

#[tokio::test]
async fn resend_cooldown_send_quota_and_expiry() {
    let server = Server::start(&fresh_db("limits"), &[]);
    let client = browser();
    let (id, _) = challenge_with_code(&client, &server).await;
    // The raw response, for its Retry-After header.
    let response = client
        .post(server.url(&format!("/api/challenges/{id}/send")))
        .json(&json!({ "method": "sms" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(
        response.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse::<u64>()
            .unwrap()
            <= 30
    );
    assert_eq!(
        response.json::<Value>().await.unwrap()["error"],
        "resend_cooldown"
    );
    // Four more sends after the cooldown make five this hour; the sixth is refused.
    for _ in 0..4 {
        advance(&client, &server, 31_000).await;
        assert_eq!(send(&client, &server, &id, "sms").await.0, StatusCode::OK);
    }
    advance(&client, &server, 31_000).await;
    let (status, body) = send(&client, &server, &id, "sms").await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::TOO_MANY_REQUESTS, Some("send_quota"))
    );
    // The code sent last expires 10 minutes after it was sent.
    let code = latest_sms_code(&client, &server).await;
    advance(&client, &server, 10 * 60_000).await;
    let (status, body) = post(
        &client,
        &server,
        &format!("/api/challenges/{id}/verify"),
        json!({ "code": code }),
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::GONE, Some("code_expired"))
    );
    // The challenge itself ends 15 minutes after the password was given.
    advance(&client, &server, 3 * 60_000).await;
    let (status, body) = send(&client, &server, &id, "sms").await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::GONE, Some("challenge_expired"))
    );
}

#[tokio::test]
async fn a_remembered_device_skips_the_challenge_until_revoked() {
    let server = Server::start(&fresh_db("device"), &[]);
    let client = browser();
    let (id, code) = challenge_with_code(&client, &server).await;
    let (status, _) = post(
        &client,
        &server,
        &format!("/api/challenges/{id}/verify"),
        json!({ "code": code, "rememberDevice": true }),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        post(&client, &server, "/api/sign-out", json!({})).await.0,
        StatusCode::OK
    );
    assert_eq!(
        get(&client, &server, "/api/me").await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(sign_in(&client, &server).await["status"], "signed_in");
    // Another browser (no device cookie) is challenged.
    assert_eq!(sign_in(&browser(), &server).await["status"], "challenge");
    let (_, devices) = get(&client, &server, "/api/devices").await;
    let device = devices["devices"][0]["id"].as_i64().unwrap();
    assert_eq!(devices["devices"][0]["userAgent"], "test browser");
    let response = client
        .delete(server.url(&format!("/api/devices/{device}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(sign_in(&client, &server).await["status"], "challenge");
}

#[tokio::test]
async fn failures_lock_the_account_and_the_lock_survives_a_restart() {
    let db = fresh_db("lock");
    let server = Server::start(&db, &[]);
    let client = browser();
    let mut statuses = Vec::new();
    for _ in 0..10 {
        let (status, body) = try_sign_in(&client, &server, EMAIL, "wrong").await;
        statuses.push(status.as_u16());
        if status == StatusCode::TOO_MANY_REQUESTS {
            advance(
                &client,
                &server,
                body["retryAfter"].as_i64().unwrap() * 1000,
            )
            .await;
            let (status, _) = try_sign_in(&client, &server, EMAIL, "wrong").await;
            assert_eq!(status, StatusCode::UNAUTHORIZED);
        }
    }
    assert_eq!(
        &statuses[..4],
        &[401, 401, 401, 401],
        "three free failures, then waits"
    );
    assert!(
        statuses[4..].contains(&429),
        "an increasing delay: {statuses:?}"
    );
    // Locked now, even with the right password; and still after a restart.
    let (status, body) = try_sign_in(&client, &server, EMAIL, PASSWORD).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::TOO_MANY_REQUESTS, Some("account_throttled"))
    );
    assert!(body["retryAfter"].as_u64().unwrap() > 60);
    drop(server);
    let server = Server::start(&db, &[]);
    let response = client
        .post(server.url("/api/sign-in"))
        .json(&json!({ "email": EMAIL, "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(response.headers().contains_key("retry-after"));
    // The restarted server's clock starts from the wall clock again; the lock ends 15 minutes
    // (plus the waits the first server's clock skipped) after it began.
    advance(&client, &server, 25 * 60_000).await;
    assert_eq!(sign_in(&client, &server).await["status"], "challenge");
}

#[tokio::test]
async fn sessions_and_devices_survive_a_restart() {
    let db = fresh_db("restart");
    let client = browser();
    let server = Server::start(&db, &[]);
    let (id, code) = challenge_with_code(&client, &server).await;
    post(
        &client,
        &server,
        &format!("/api/challenges/{id}/verify"),
        json!({ "code": code, "rememberDevice": true }),
    )
    .await;
    drop(server);
    let server = Server::start(&db, &[]);
    assert_eq!(get(&client, &server, "/api/me").await.1["email"], EMAIL);
    assert_eq!(sign_in(&client, &server).await["status"], "signed_in");
}

#[tokio::test]
async fn bad_input_gets_a_status_and_a_json_error() {
    let server = Server::start(&fresh_db("bad"), &["--no-outbox"]);
    let client = browser();
    let raw = |body: &'static str, content_type: &'static str| {
        client
            .post(server.url("/api/sign-in"))
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    let response = raw("{not json", "application/json").await.unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        response.json::<Value>().await.unwrap()["error"],
        "bad_request"
    );
    let response = raw("email=a&password=b", "application/x-www-form-urlencoded")
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(
        response.json::<Value>().await.unwrap()["error"],
        "unsupported_media_type"
    );
    let huge = json!({ "email": "x".repeat(20_000), "password": "y" });
    let response = client
        .post(server.url("/api/sign-in"))
        .json(&huge)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        response.json::<Value>().await.unwrap()["error"],
        "payload_too_large"
    );
    let (status, body) = post(
        &client,
        &server,
        "/api/challenges/nope/verify",
        json!({ "code": "123456" }),
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::NOT_FOUND, Some("challenge_not_found"))
    );
    let (status, body) = post(
        &client,
        &server,
        "/api/challenges/x'%20OR%20'1'='1/send",
        json!({ "method": "sms" }),
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::NOT_FOUND, Some("challenge_not_found"))
    );
    let id = new_challenge(&client, &server).await;
    let (status, _) = send(&client, &server, &id, "pigeon").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        get(&client, &server, "/api/outbox").await.0,
        StatusCode::NOT_FOUND,
        "--no-outbox"
    );
    assert_eq!(
        get(&client, &server, "/api/nothing-here").await.0,
        StatusCode::NOT_FOUND
    );
    let (status, time) = get(&client, &server, "/api/time").await;
    assert_eq!(status, StatusCode::OK);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    assert!((time["nowMs"].as_i64().unwrap() - now).abs() < 60_000);
}

#[tokio::test]
async fn authenticator_app_enrolment_and_sign_in_with_a_replay_guard() {
    use otp_wasm::uri::{self, Otp};
    let db = fresh_db("totp");
    let server = Server::start(&db, &[]);
    let client = browser();
    signed_in(&client, &server).await;
    let (status, enrolment) = post(&client, &server, "/api/totp/enroll", json!({})).await;
    assert_eq!(status, StatusCode::OK);
    // The QR code is the one the package's qrSvg draws for the URI (one generator).
    let uri_text = enrolment["uri"].as_str().unwrap();
    let drawn = otp_wasm::qr::svg(uri_text, otp_wasm::qr::Correction::Medium, 4).unwrap();
    assert_eq!(enrolment["qrSvg"].as_str().unwrap(), drawn);
    // What the person's app reads from the QR code, parsed with the shared core.
    let Otp::Totp(app) = uri::parse(enrolment["uri"].as_str().unwrap()).unwrap() else {
        panic!("a TOTP key")
    };
    assert_eq!(
        *app.key().secret().to_base32(),
        enrolment["secret"].as_str().unwrap()
    );
    assert_eq!(
        (app.key().issuer(), app.key().label()),
        ("Demo Shop", EMAIL)
    );
    let (status, body) = post(
        &client,
        &server,
        "/api/totp/confirm",
        json!({ "code": "000000x" }),
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("wrong_code"))
    );
    let code = app.generate(now_ms());
    assert_eq!(
        post(
            &client,
            &server,
            "/api/totp/confirm",
            json!({ "code": code.as_str() })
        )
        .await
        .0,
        StatusCode::OK
    );
    // The enrolment is in the database: a restarted server still offers the app.
    drop(server);
    assert_no_secret_in_files(&db, &app);
    let server = Server::start(&db, &[]);

    // A new device: the app is offered, and its code signs in once.
    let other = browser();
    let challenge = sign_in(&other, &server).await;
    assert_eq!(challenge["methods"], json!(["sms", "email", "totp"]));
    let id = challenge["challengeId"].as_str().unwrap();
    // The code used to confirm is spent (RFC 6238 §5.2): the next step's code is needed.
    let (status, _) = post(
        &other,
        &server,
        &format!("/api/challenges/{id}/verify"),
        json!({ "code": code.as_str(), "method": "totp" }),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    advance(&client, &server, 30_000).await;
    let next = app.generate(now_ms() + 30_000);
    let (status, body) = post(
        &other,
        &server,
        &format!("/api/challenges/{id}/verify"),
        json!({ "code": next.as_str(), "method": "totp" }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // The same code on a fresh challenge: refused as a replay.
    let third = browser();
    let id = new_challenge(&third, &server).await;
    let (status, body) = post(
        &third,
        &server,
        &format!("/api/challenges/{id}/verify"),
        json!({ "code": next.as_str(), "method": "totp" }),
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("wrong_code"))
    );
    let response = client.delete(server.url("/api/totp")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        sign_in(&browser(), &server).await["methods"],
        json!(["sms", "email"])
    );
}

#[tokio::test]
async fn a_secret_stored_in_the_clear_is_sealed_at_start_and_a_lost_or_wrong_key_stops_the_server()
{
    use otp_wasm::otp::{Algorithm, OtpKey, Secret, Totp};
    let db = fresh_db("sealing");
    drop(Server::start(&db, &[])); // creates the schema and the demo account
    // A secret as an older schema stored it: in the clear.
    let secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    db.execute(
        "INSERT INTO totp (user_id, secret, confirmed_ms) SELECT id, ?1, 0 FROM users WHERE email = ?2",
        &[secret, EMAIL],
    );
    let app = Totp::new(
        OtpKey::new(Secret::from_base32(secret).unwrap(), Algorithm::Sha1, 6).unwrap(),
        30,
    )
    .unwrap();

    let server = Server::start(&db, &[]);
    let client = browser();
    let id = new_challenge(&client, &server).await;
    let (status, body) = post(
        &client,
        &server,
        &format!("/api/challenges/{id}/verify"),
        json!({ "code": app.generate(now_ms()).as_str(), "method": "totp" }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    drop(server);
    assert_no_secret_in_files(&db, &app);

    // Without its key the sealed secrets are unreadable: the server refuses to start rather
    // than make a new key.
    std::fs::remove_file(db.key_file()).unwrap();
    assert!(refused_start(&db).contains("cannot read the key file"));
    // Nor with another key (another instance's, say): it would seal new secrets that the
    // other instances cannot open.
    std::fs::write(db.key_file(), [7u8; 32]).unwrap();
    let refused = refused_start(&db);
    assert!(
        refused.contains("does not open the database's sealed secrets"),
        "{refused}"
    );
}

/// What the server says when it will not start on `db`.
fn refused_start(db: &TestDb) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_otp-wasm-demo"))
        .args(["--port", "0"])
        .args(db.args())
        .output()
        .unwrap();
    assert!(!output.status.success());
    String::from_utf8(output.stderr).unwrap()
}

#[tokio::test]
async fn recovery_codes_are_shown_once_and_used_once() {
    let server = Server::start(&fresh_db("recovery"), &[]);
    let client = browser();
    signed_in(&client, &server).await;
    let (status, body) = post(&client, &server, "/api/recovery-codes", json!({})).await;
    assert_eq!(status, StatusCode::OK);
    let codes: Vec<String> = body["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(codes.len(), 10);
    assert!(
        codes
            .iter()
            .all(|c| c.len() == 11 && c.as_bytes()[5] == b'-')
    );
    let other = browser();
    let challenge = sign_in(&other, &server).await;
    assert_eq!(challenge["methods"], json!(["sms", "email", "recovery"]));
    let id = challenge["challengeId"].as_str().unwrap();
    // Typed in lower case without the dash: still the code.
    let typed = codes[0].replace('-', "").to_lowercase();
    let (status, _) = post(
        &other,
        &server,
        &format!("/api/challenges/{id}/verify"),
        json!({ "code": typed, "method": "recovery" }),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (_, methods) = get(&client, &server, "/api/methods").await;
    assert_eq!(methods["recoveryCodesLeft"], 9);
    let third = browser();
    let id = new_challenge(&third, &server).await;
    let (status, body) = post(
        &third,
        &server,
        &format!("/api/challenges/{id}/verify"),
        json!({ "code": codes[0], "method": "recovery" }),
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("wrong_code")),
        "used once"
    );
    let (status, _) = post(
        &third,
        &server,
        &format!("/api/challenges/{id}/verify"),
        json!({ "code": codes[1], "method": "recovery" }),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn sign_up_then_sign_in_on_the_first_device_with_a_code() {
    let server = Server::start(&fresh_db("signup"), &[]);
    let client = browser();
    let account = json!({ "email": "Sam@Example.com", "phone": "+44 7700 900123", "password": "a long passphrase" });
    let (status, _) = post(&client, &server, "/api/sign-up", account.clone()).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, body) = post(&client, &server, "/api/sign-up", account).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::CONFLICT, Some("email_taken"))
    );
    for bad in [
        json!({ "email": "no-at-sign", "phone": "+44 7700 900123", "password": "a long passphrase" }),
        json!({ "email": "a@b.example", "phone": "12", "password": "a long passphrase" }),
        json!({ "email": "a@b.example", "phone": "+44 7700 900123", "password": "short" }),
    ] {
        assert_eq!(
            post(&client, &server, "/api/sign-up", bad).await.0,
            StatusCode::BAD_REQUEST
        );
    }
    let (status, body) =
        try_sign_in(&client, &server, "sam@example.com", "a long passphrase").await;
    assert_eq!(
        (status, body["status"].as_str()),
        (StatusCode::OK, Some("challenge"))
    );
    let id = body["challengeId"].as_str().unwrap();
    send(&client, &server, id, "sms").await;
    let (_, outbox) = get(&client, &server, "/api/outbox").await;
    assert_eq!(outbox["messages"][0]["to"], "+447700900123");
}

#[tokio::test]
async fn cookies_are_secure_and_host_prefixed_on_an_https_origin() {
    for (origin, rp_id, session, secure) in [
        (
            "https://shop.example",
            "shop.example",
            "__Host-otp_session=",
            true,
        ),
        ("http://localhost:8080", "localhost", "otp_session=", false),
    ] {
        let flags = ["--origin", origin, "--rp-id", rp_id];
        let server = Server::start(&fresh_db("cookies"), &flags);
        let client = browser();
        let (id, code) = challenge_with_code(&client, &server).await;
        let response = client
            .post(server.url(&format!("/api/challenges/{id}/verify")))
            .json(&json!({ "code": code, "rememberDevice": true }))
            .send()
            .await
            .unwrap();
        let cookies: Vec<&str> = response
            .headers()
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap())
            .collect();
        assert_eq!(cookies.len(), 2, "{cookies:?}");
        assert!(
            cookies.iter().any(|c| c.starts_with(session)),
            "{cookies:?}"
        );
        for cookie in &cookies {
            assert!(
                cookie.contains("; Path=/; HttpOnly; SameSite=Lax"),
                "{cookie}"
            );
            assert_eq!(cookie.ends_with("; Secure"), secure, "{cookie}");
            assert_eq!(cookie.starts_with("__Host-"), secure, "{cookie}");
        }
    }
}

/// The page's outbox shows a person their own messages (`?for=me`): those to the signed-in
/// account and to the account of the challenge the page holds; nobody's otherwise. And
/// `/api/session`, the page's first question, answers 200 signed in or not.
#[tokio::test]
async fn the_pages_outbox_holds_only_this_persons_messages() {
    let server = Server::start(&fresh_db("scoped-outbox"), &[]);
    let jane = browser();
    let (status, session) = get(&jane, &server, "/api/session").await;
    assert_eq!(
        (status, session),
        (StatusCode::OK, json!({ "signedIn": false }))
    );
    let bob = browser();
    let account = json!({ "email": "bob@example.com", "phone": "+1 555 0100", "password": "another long passphrase" });
    assert_eq!(
        post(&bob, &server, "/api/sign-up", account).await.0,
        StatusCode::CREATED
    );
    let (_, body) = try_sign_in(&bob, &server, "bob@example.com", "another long passphrase").await;
    let bobs_challenge = body["challengeId"].as_str().unwrap().to_owned();
    assert_eq!(
        send(&bob, &server, &bobs_challenge, "sms").await.0,
        StatusCode::OK
    );
    let (janes_challenge, code) = challenge_with_code(&jane, &server).await;

    let to = |outbox: Value| -> Vec<String> {
        let messages = outbox["messages"].as_array().unwrap().clone();
        messages
            .iter()
            .map(|m| m["to"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        to(get(&jane, &server, "/api/outbox").await.1).len(),
        2,
        "unscoped: all"
    );
    assert_eq!(
        to(get(&jane, &server, "/api/outbox?for=me").await.1),
        Vec::<String>::new()
    );
    let bobs = to(get(
        &bob,
        &server,
        &format!("/api/outbox?for=me&challenge={bobs_challenge}"),
    )
    .await
    .1);
    assert_eq!(bobs, ["+15550100"]); // stored normalized
    let janes = to(get(
        &jane,
        &server,
        &format!("/api/outbox?for=me&challenge={janes_challenge}"),
    )
    .await
    .1);
    assert_eq!(janes.len(), 1);
    assert!(!janes.contains(&"+15550100".to_owned()));
    // Signed in, without the challenge: the account's own messages still.
    let path = format!("/api/challenges/{janes_challenge}/verify");
    assert_eq!(
        post(&jane, &server, &path, json!({ "code": code })).await.0,
        StatusCode::OK
    );
    assert_eq!(to(get(&jane, &server, "/api/outbox?for=me").await.1), janes);
    let (status, session) = get(&jane, &server, "/api/session").await;
    assert_eq!(
        (status, session),
        (StatusCode::OK, json!({ "signedIn": true, "email": EMAIL }))
    );
}

#[tokio::test]
async fn the_well_known_webauthn_document_lists_the_site_and_its_related_origins() {
    let db = fresh_db("related-origins");
    let server = Server::start(&db, &["--related-origin", "https://shop.example.co.uk"]);
    let response = browser()
        .get(server.url("/.well-known/webauthn"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["content-type"].to_str().unwrap(),
        "application/json"
    );
    let port = server.base.rsplit(':').next().unwrap().to_owned();
    assert_eq!(
        response.json::<Value>().await.unwrap(),
        json!({ "origins": [format!("http://localhost:{port}"), "https://shop.example.co.uk"] })
    );
    // Something that is not an origin is refused at start, as a browser would skip it.
    for wrong in [
        "https://shop.example/sign-in",
        "shop.example",
        "https://shop.example/",
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_otp-wasm-demo"))
            .args(["--port", "0", "--related-origin", wrong])
            .args(db.args())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{wrong}");
        assert!(String::from_utf8_lossy(&output.stderr).contains("is not an origin"));
    }
}
