//! The checkout's requests, shared by the test files that place and confirm orders
//! (orders.rs, transaction_authenticator.rs).

use otp_wasm::otp::Secret;
use otp_wasm::otp::ocra::{Ocra, OcraInput, OcraSuite};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

use super::*;

/// Places an order of `amount` in `currency` to Demo Shop Ltd: the answer.
pub async fn order(
    client: &Client,
    server: &Server,
    amount: &str,
    currency: &str,
) -> (StatusCode, Value) {
    let body = json!({ "amount": amount, "currency": currency, "payee": "Demo Shop Ltd" });
    post(client, server, "/api/orders", body).await
}

/// Places an order that needs confirmation; its id.
pub async fn order_to_confirm(client: &Client, server: &Server, amount: &str) -> String {
    let (status, body) = order(client, server, amount, "EUR").await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["status"], "confirmation_required", "{body}");
    body["orderId"].as_str().unwrap().to_owned()
}

pub async fn confirm(
    client: &Client,
    server: &Server,
    id: &str,
    body: Value,
) -> (StatusCode, Value) {
    post(client, server, &format!("/api/orders/{id}/confirm"), body).await
}

pub async fn send_for(client: &Client, server: &Server, id: &str, method: &str) -> String {
    let path = format!("/api/orders/{id}/send");
    let (status, body) = post(client, server, &path, json!({ "method": method })).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    latest_sms_code(client, server).await
}

/// The newest message in the outbox on `channel`.
pub async fn latest_message(client: &Client, server: &Server, channel: &str) -> String {
    let (_, outbox) = get(client, server, "/api/outbox").await;
    outbox["messages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["channel"] == channel)
        .and_then(|m| m["body"].as_str())
        .unwrap()
        .to_owned()
}

pub async fn statuses(client: &Client, server: &Server) -> Vec<(String, String)> {
    let (status, body) = get(client, server, "/api/orders").await;
    assert_eq!(status, StatusCode::OK);
    body["orders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["amount"].as_str().unwrap().to_owned(),
                o["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

pub fn error(answer: &(StatusCode, Value)) -> (StatusCode, &str) {
    (answer.0, answer.1["error"].as_str().unwrap_or(""))
}

/// A second account, Sam's, signed up and signed in on `client`.
pub async fn sam_signed_in(client: &Client, server: &Server) {
    let account = json!({ "email": "sam@example.com", "phone": "+44 7700 900123", "password": "a long passphrase" });
    assert_eq!(
        post(client, server, "/api/sign-up", account).await.0,
        StatusCode::CREATED
    );
    let (_, challenge) = try_sign_in(client, server, "sam@example.com", "a long passphrase").await;
    let challenge = challenge["challengeId"].as_str().unwrap().to_owned();
    send(client, server, &challenge, "sms").await;
    let code = latest_sms_code(client, server).await;
    let path = format!("/api/challenges/{challenge}/verify");
    assert_eq!(
        post(client, server, &path, json!({ "code": code })).await.0,
        StatusCode::OK
    );
}

/// The transaction authenticator the shop enrolled, as the device holds it.
pub fn device(enrolment: &Value) -> Ocra {
    let suite = OcraSuite::parse(enrolment["suite"].as_str().unwrap()).unwrap();
    let secret = Secret::from_base32(enrolment["secret"].as_str().unwrap()).unwrap();
    Ocra::new(suite, &secret)
}

pub fn answer(device: &Ocra, question: &str) -> String {
    let questions = [question];
    device
        .generate(&OcraInput {
            question: &questions,
            ..OcraInput::default()
        })
        .unwrap()
}
