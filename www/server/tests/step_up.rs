//! Changes to how an account signs in need a recent authentication; sessions and devices can
//! be ended; every change is written down and mailed to the account.

mod common;

use common::*;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

/// Reauthentication lasts this long (README).
const RECENT_MS: i64 = 5 * 60_000;

async fn request(
    client: &Client,
    server: &Server,
    method: &str,
    path: &str,
) -> (StatusCode, Value) {
    answer_to(
        client
            .request(method.parse().unwrap(), server.url(path))
            .json(&json!({})),
    )
    .await
}

/// The subjects of the security e-mails in the outbox, newest first.
async fn security_mail(client: &Client, server: &Server) -> Vec<String> {
    let (_, outbox) = get(client, server, "/api/outbox").await;
    outbox["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["body"].as_str()?.strip_prefix("Subject: "))
        .filter(|subject| !subject.contains("sign-in code"))
        .map(|subject| subject.lines().next().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn changing_sign_in_methods_needs_a_recent_authentication() {
    let server = Server::start(&fresh_db("step-up"), &[]);
    let client = browser();
    signed_in(&client, &server).await;
    advance(&client, &server, RECENT_MS + 1_000).await;
    let changes = [
        ("POST", "/api/totp/enroll"),
        ("DELETE", "/api/totp"),
        ("POST", "/api/recovery-codes"),
        ("POST", "/api/passkeys/register/options"),
        ("DELETE", "/api/passkeys/1"),
    ];
    for (method, path) in changes {
        let (status, body) = request(&client, &server, method, path).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (StatusCode::UNAUTHORIZED, Some("reauth_required")),
            "{method} {path}"
        );
    }
    // Reading is fine without one.
    assert_eq!(
        get(&client, &server, "/api/passkeys").await.0,
        StatusCode::OK
    );
    let (status, body) = reauth(&client, &server, "nope").await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("invalid_credentials"))
    );
    let (status, _) = reauth(&client, &server, PASSWORD).await;
    assert_eq!(status, StatusCode::OK);
    let expected = [
        StatusCode::OK,
        StatusCode::OK,
        StatusCode::OK,
        StatusCode::OK,
        StatusCode::NOT_FOUND,
    ];
    for ((method, path), expected) in changes.into_iter().zip(expected) {
        assert_eq!(
            request(&client, &server, method, path).await.0,
            expected,
            "{method} {path}"
        );
    }
    let mail = security_mail(&client, &server).await;
    assert_eq!(mail, ["New recovery codes were made for your account"]);
}

#[tokio::test]
async fn an_abandoned_re_enrolment_leaves_the_confirmed_app_working() {
    let server = Server::start(&fresh_db("re-enrol"), &[]);
    let client = browser();
    signed_in(&client, &server).await;
    let app = enrol_app(&client, &server, now_ms()).await;
    // A second enrolment, never confirmed.
    let (status, second) = post(&client, &server, "/api/totp/enroll", json!({})).await;
    assert_eq!(status, StatusCode::OK);
    assert_ne!(
        app_of(&second).key().secret().as_bytes(),
        app.key().secret().as_bytes()
    );
    advance(&client, &server, 30_000).await;
    let other = browser();
    let id = new_challenge(&other, &server).await;
    let code = app.generate(now_ms() + 30_000);
    let (status, body) = post(
        &other,
        &server,
        &format!("/api/challenges/{id}/verify"),
        json!({ "code": code.as_str(), "method": "totp" }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        security_mail(&client, &server).await,
        ["An authenticator app was added to your account"]
    );
    // Confirming the new app replaces the old one, and the replay guard does not move back.
    let new_app = app_of(&second);
    let (status, _) = post(
        &client,
        &server,
        "/api/totp/confirm",
        json!({ "code": new_app.generate(now_ms()).as_str() }),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let id = new_challenge(&browser(), &server).await;
    let (status, _) = post(
        &other,
        &server,
        &format!("/api/challenges/{id}/verify"),
        json!({ "code": app.generate(now_ms() + 60_000).as_str(), "method": "totp" }),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "the old app no longer signs in"
    );
}

#[tokio::test]
async fn sign_out_everywhere_and_revoking_a_device_end_sessions() {
    let server = Server::start(&fresh_db("sessions"), &[]);
    let (laptop, phone) = (browser(), browser());
    // The phone is a remembered device.
    let (id, code) = challenge_with_code(&phone, &server).await;
    let verify = format!("/api/challenges/{id}/verify");
    let body = json!({ "code": code, "rememberDevice": true });
    assert_eq!(post(&phone, &server, &verify, body).await.0, StatusCode::OK);
    advance(&laptop, &server, 31_000).await;
    signed_in(&laptop, &server).await;
    let (_, sessions) = get(&laptop, &server, "/api/sessions").await;
    let sessions = sessions["sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), 2);
    assert_eq!(sessions.iter().filter(|s| s["current"] == true).count(), 1);

    // Revoking the phone ends its session.
    let (_, devices) = get(&laptop, &server, "/api/devices").await;
    let device = devices["devices"][0]["id"].as_i64().unwrap();
    let (status, _) = request(
        &laptop,
        &server,
        "DELETE",
        &format!("/api/devices/{device}"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        get(&phone, &server, "/api/me").await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(get(&laptop, &server, "/api/me").await.0, StatusCode::OK);

    // Signed in again on the phone (challenged now), then signed out everywhere from the laptop.
    advance(&laptop, &server, 31_000).await;
    signed_in(&phone, &server).await;
    let (status, _) = request(&laptop, &server, "DELETE", "/api/sessions").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        get(&phone, &server, "/api/me").await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        get(&laptop, &server, "/api/me").await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        security_mail(&browser(), &server).await,
        [
            "Your account was signed out everywhere",
            "A remembered device was removed from your account"
        ]
    );
}
