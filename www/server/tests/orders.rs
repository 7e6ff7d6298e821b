//! The checkout over real HTTP: the low-value exemption, confirmation by SMS and e-mail code
//! and by the transaction authenticator (OCRA), each bound to its order's payment, the limits
//! under concurrency, and who may see an order. Passkey confirmation runs in a browser with a
//! virtual authenticator (tests/node/passkeys.test.mjs).

mod common;

use std::sync::Arc;

use common::*;
use otp_wasm::otp::Secret;
use otp_wasm::otp::ocra::{Ocra, OcraInput, OcraSuite};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

async fn order(
    client: &Client,
    server: &Server,
    amount: &str,
    currency: &str,
) -> (StatusCode, Value) {
    let body = json!({ "amount": amount, "currency": currency, "payee": "Demo Shop Ltd" });
    post(client, server, "/api/orders", body).await
}

/// Places an order that needs confirmation; its id.
async fn order_to_confirm(client: &Client, server: &Server, amount: &str) -> String {
    let (status, body) = order(client, server, amount, "EUR").await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["status"], "confirmation_required", "{body}");
    body["orderId"].as_str().unwrap().to_owned()
}

async fn confirm(client: &Client, server: &Server, id: &str, body: Value) -> (StatusCode, Value) {
    post(client, server, &format!("/api/orders/{id}/confirm"), body).await
}

async fn send_for(client: &Client, server: &Server, id: &str, method: &str) -> String {
    let path = format!("/api/orders/{id}/send");
    let (status, body) = post(client, server, &path, json!({ "method": method })).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    latest_sms_code(client, server).await
}

/// The newest message in the outbox on `channel`.
async fn latest_message(client: &Client, server: &Server, channel: &str) -> String {
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

async fn statuses(client: &Client, server: &Server) -> Vec<(String, String)> {
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

fn error(answer: &(StatusCode, Value)) -> (StatusCode, &str) {
    (answer.0, answer.1["error"].as_str().unwrap_or(""))
}

#[tokio::test]
async fn low_value_orders_are_paid_until_five_or_100_eur_since_the_last_confirmation() {
    let server = Server::start(&fresh_db("orders-exemption"), &[]);
    let client = browser();
    signed_in(&client, &server).await;
    // Over 30.00 EUR, or not in euro: confirmation.
    assert_eq!(
        order(&client, &server, "30.01", "EUR").await.1["status"],
        "confirmation_required"
    );
    assert_eq!(
        order(&client, &server, "5", "USD").await.1["status"],
        "confirmation_required"
    );
    // Five at most since the last confirmation; the sixth needs one.
    for _ in 0..5 {
        let (status, body) = order(&client, &server, "10", "EUR").await;
        assert_eq!(
            (status, body["status"].as_str()),
            (StatusCode::CREATED, Some("paid"))
        );
        assert!(body.get("methods").is_none());
    }
    let sixth = order_to_confirm(&client, &server, "1.00").await;
    let code = send_for(&client, &server, &sixth, "sms").await;
    let (status, _) = confirm(
        &client,
        &server,
        &sixth,
        json!({ "method": "sms", "code": code }),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    // The count starts again: 30 + 30 + 30 is 90.00 EUR; 30 more would be 120.00 EUR.
    for _ in 0..3 {
        assert_eq!(
            order(&client, &server, "30.00", "EUR").await.1["status"],
            "paid"
        );
    }
    assert_eq!(
        order(&client, &server, "30.00", "EUR").await.1["status"],
        "confirmation_required"
    );
    assert_eq!(
        order(&client, &server, "10.00", "EUR").await.1["status"],
        "paid"
    );
    let (_, events) = get(&client, &server, "/api/events").await;
    let details: Vec<&str> = events["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "payment")
        .map(|e| e["detail"].as_str().unwrap())
        .collect();
    assert_eq!(
        details[0],
        "Pay 10.00 EUR to Demo Shop Ltd without confirmation (low value)"
    );
    assert!(details.contains(&"Pay 1.00 EUR to Demo Shop Ltd confirmed by SMS code"));
}

#[tokio::test]
async fn an_sms_code_states_the_payment_and_pays_its_order_once() {
    let server = Server::start(&fresh_db("orders-sms"), &[]);
    let client = browser();
    signed_in(&client, &server).await;
    let (status, placed) = order(&client, &server, "42", "EUR").await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(placed["statement"], "Pay 42.00 EUR to Demo Shop Ltd");
    assert_eq!(placed["methods"], json!(["sms", "email"]));
    assert!(
        placed.get("question").is_none(),
        "no transaction authenticator yet"
    );
    let id = placed["orderId"].as_str().unwrap();
    let code = send_for(&client, &server, id, "sms").await;
    // The texted code confirms by text message only.
    let crossed = confirm(
        &client,
        &server,
        id,
        json!({ "method": "email", "code": code }),
    )
    .await;
    assert_eq!(error(&crossed), (StatusCode::BAD_REQUEST, "wrong_code"));
    let sms = latest_message(&client, &server, "sms").await;
    assert!(
        sms.starts_with(&format!(
            "Pay 42.00 EUR to Demo Shop Ltd? Your Demo Shop code: {code}."
        )),
        "{sms}"
    );
    assert!(sms.ends_with(&format!("\n\n@localhost #{code}")), "{sms}");
    let (status, body) = confirm(
        &client,
        &server,
        id,
        json!({ "method": "sms", "code": code }),
    )
    .await;
    assert_eq!(
        (status, body["status"].as_str()),
        (StatusCode::OK, Some("paid"))
    );
    let again = confirm(
        &client,
        &server,
        id,
        json!({ "method": "sms", "code": code }),
    )
    .await;
    assert_eq!(error(&again), (StatusCode::GONE, "order_paid"));
    assert_eq!(
        statuses(&client, &server).await,
        [("42.00".into(), "paid".into())]
    );

    // By e-mail, typed as people type it.
    let id = order_to_confirm(&client, &server, "99.90").await;
    let path = format!("/api/orders/{id}/send");
    assert_eq!(
        post(&client, &server, &path, json!({ "method": "email" }))
            .await
            .0,
        StatusCode::OK
    );
    let mail = latest_message(&client, &server, "email").await;
    assert!(
        mail.contains("Pay 99.90 EUR to Demo Shop Ltd? Your code is "),
        "{mail}"
    );
    let code: String = mail
        .split("Your code is ")
        .nth(1)
        .unwrap()
        .chars()
        .take(6)
        .collect();
    let spaced = format!("{} {}", &code[..3], &code[3..]);
    assert_eq!(
        confirm(
            &client,
            &server,
            &id,
            json!({ "method": "email", "code": spaced })
        )
        .await
        .0,
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_code_confirms_only_its_own_order_and_payment() {
    let db = fresh_db("orders-binding");
    let server = Server::start(&db, &[]);
    let client = browser();
    signed_in(&client, &server).await;
    let first = order_to_confirm(&client, &server, "50.00").await;
    let second = order_to_confirm(&client, &server, "50.00").await;
    let first_code = send_for(&client, &server, &first, "sms").await;
    let second_code = send_for(&client, &server, &second, "sms").await;
    // The second order's code, at the first (the same amount and payee): wrong.
    let moved = confirm(
        &client,
        &server,
        &first,
        json!({ "method": "sms", "code": second_code }),
    )
    .await;
    assert_eq!(error(&moved), (StatusCode::BAD_REQUEST, "wrong_code"));
    assert_eq!(moved.1["attemptsLeft"], 4);
    // The first order's payment changed where it is stored (60.00 EUR instead of 50.00): its
    // own code no longer confirms it, since the code's hash covers the payment's bytes.
    let store = rusqlite::Connection::open(&db).unwrap();
    store
        .execute(
            "UPDATE orders SET amount = '60.00', minor_amount = 6000 WHERE id = ?1",
            [&first],
        )
        .unwrap();
    let changed = confirm(
        &client,
        &server,
        &first,
        json!({ "method": "sms", "code": first_code }),
    )
    .await;
    assert_eq!(error(&changed), (StatusCode::BAD_REQUEST, "wrong_code"));
    store
        .execute("UPDATE orders SET payee = 'Mallory Ltd', amount = '50.00', minor_amount = 5000 WHERE id = ?1", [&first])
        .unwrap();
    let changed = confirm(
        &client,
        &server,
        &first,
        json!({ "method": "sms", "code": first_code }),
    )
    .await;
    assert_eq!(error(&changed), (StatusCode::BAD_REQUEST, "wrong_code"));
    store
        .execute(
            "UPDATE orders SET payee = 'Demo Shop Ltd' WHERE id = ?1",
            [&first],
        )
        .unwrap();
    let restored = confirm(
        &client,
        &server,
        &first,
        json!({ "method": "sms", "code": first_code }),
    )
    .await;
    assert_eq!(restored.0, StatusCode::OK, "{}", restored.1);
    let (_, events) = get(&client, &server, "/api/events").await;
    let refusals = events["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "payment_refused")
        .count();
    assert_eq!(refusals, 3);
}

#[tokio::test]
async fn five_wrong_codes_end_an_order_even_when_sent_at_once() {
    let server = Server::start(&fresh_db("orders-attempts"), &[]);
    let client = browser();
    signed_in(&client, &server).await;
    let id = order_to_confirm(&client, &server, "80").await;
    let code = send_for(&client, &server, &id, "sms").await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for left in (0..5).rev() {
        let answer = confirm(
            &client,
            &server,
            &id,
            json!({ "method": "sms", "code": wrong }),
        )
        .await;
        assert_eq!(error(&answer), (StatusCode::BAD_REQUEST, "wrong_code"));
        assert_eq!(answer.1["attemptsLeft"], left);
    }
    let late = confirm(
        &client,
        &server,
        &id,
        json!({ "method": "sms", "code": code }),
    )
    .await;
    assert_eq!(error(&late), (StatusCode::GONE, "too_many_attempts"));
    assert_eq!(statuses(&client, &server).await[0].1, "refused");
    // Every refusal is a security event, the one after the order closed too.
    let (_, events) = get(&client, &server, "/api/events").await;
    let refusals: Vec<_> = events["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "payment_refused")
        .map(|e| e["detail"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(refusals.len(), 6, "{refusals:?}");
    assert!(
        refusals[0].starts_with("SMS code refused: too many wrong answers"),
        "{refusals:?}"
    );
    // A new order brings no new guesses past ten an hour for the account: a second order
    // takes its five, and a third one's answers wait.
    let id = order_to_confirm(&client, &server, "80").await;
    let _ = send_for(&client, &server, &id, "sms").await;
    for _ in 0..5 {
        let body = json!({ "method": "sms", "code": wrong });
        assert_eq!(
            confirm(&client, &server, &id, body).await.0,
            StatusCode::BAD_REQUEST
        );
    }
    let id = order_to_confirm(&client, &server, "80").await;
    let body = json!({ "method": "sms", "code": wrong });
    let throttled = confirm(&client, &server, &id, body).await;
    assert_eq!(
        error(&throttled),
        (StatusCode::TOO_MANY_REQUESTS, "payment_throttled")
    );
    advance(&client, &server, 60 * 60_000).await;

    // Twenty wrong codes at once against a fresh order: five are counted, the rest refused.
    let id = order_to_confirm(&client, &server, "80").await;
    let _ = send_for(&client, &server, &id, "sms").await;
    let server = Arc::new(server);
    let answers = at_once(20, |i| {
        let (client, server, id) = (client.clone(), server.clone(), id.clone());
        async move {
            confirm(
                &client,
                &server,
                &id,
                json!({ "method": "ocra", "code": format!("{i:08}") }),
            )
            .await
            .0
        }
    })
    .await;
    let wrong = answers
        .iter()
        .filter(|s| **s == StatusCode::BAD_REQUEST)
        .count();
    let gone = answers.iter().filter(|s| **s == StatusCode::GONE).count();
    assert_eq!((wrong, gone), (5, 15), "{answers:?}");
}

#[tokio::test]
async fn many_confirmations_of_one_order_at_once_pay_it_once() {
    let server = Server::start(&fresh_db("orders-race"), &[]);
    let client = browser();
    signed_in(&client, &server).await;
    let id = order_to_confirm(&client, &server, "250").await;
    let code = send_for(&client, &server, &id, "sms").await;
    let server = Arc::new(server);
    let answers = at_once(20, |_| {
        let (client, server, id, code) = (client.clone(), server.clone(), id.clone(), code.clone());
        async move {
            confirm(
                &client,
                &server,
                &id,
                json!({ "method": "sms", "code": code }),
            )
            .await
        }
    })
    .await;
    let paid = answers.iter().filter(|a| a.0 == StatusCode::OK).count();
    let already = answers
        .iter()
        .filter(|a| error(a) == (StatusCode::GONE, "order_paid"))
        .count();
    assert_eq!((paid, already), (1, 19));
    // Orders placed at once are counted one after another against the exemption.
    let placed = at_once(12, |_| {
        let (client, server) = (client.clone(), server.clone());
        async move {
            order(&client, &server, "2.00", "EUR").await.1["status"]
                .as_str()
                .unwrap()
                .to_owned()
        }
    })
    .await;
    assert_eq!(
        placed.iter().filter(|s| *s == "paid").count(),
        5,
        "{placed:?}"
    );
}

/// A second account, Sam's, signed up and signed in on `client`.
async fn sam_signed_in(client: &Client, server: &Server) {
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
fn device(enrolment: &Value) -> Ocra {
    let suite = OcraSuite::parse(enrolment["suite"].as_str().unwrap()).unwrap();
    let secret = Secret::from_base32(enrolment["secret"].as_str().unwrap()).unwrap();
    Ocra::new(suite, &secret)
}

fn answer(device: &Ocra, question: &str) -> String {
    let questions = [question];
    device
        .generate(&OcraInput {
            question: &questions,
            ..OcraInput::default()
        })
        .unwrap()
}

#[tokio::test]
async fn the_transaction_authenticator_answers_the_question_of_its_order() {
    let server = Server::start(&fresh_db("orders-ocra"), &[]);
    let client = browser();
    signed_in(&client, &server).await;
    let enabled = async || get(&client, &server, "/api/ocra").await.1["enabled"].clone();
    assert_eq!(enabled().await, false);
    let (status, enrolment) = post(&client, &server, "/api/ocra/enroll", json!({})).await;
    assert_eq!(status, StatusCode::OK, "{enrolment}");
    assert_eq!(enrolment["suite"], "OCRA-1:HOTP-SHA256-8:QN08");
    let device = device(&enrolment);
    let texted = latest_sms_code(&client, &server).await;
    let response = answer(&device, enrolment["question"].as_str().unwrap());
    let activate = async |response: &str, code: &str| {
        let body = json!({ "response": response, "code": code });
        post(&client, &server, "/api/ocra/confirm", body).await
    };
    // The device's response and the code texted to the phone, both.
    let wrong = activate("12345678", &texted).await;
    assert_eq!(error(&wrong), (StatusCode::BAD_REQUEST, "wrong_code"));
    assert_eq!(wrong.1["attemptsLeft"], 4);
    let other = if texted == "000000" {
        "111111"
    } else {
        "000000"
    };
    let wrong = activate(&response, other).await;
    assert_eq!(wrong.1["attemptsLeft"], 3);
    assert_eq!(enabled().await, false, "not before both answered");
    assert_eq!(activate(&response, &texted).await.0, StatusCode::OK);
    assert_eq!(enabled().await, true);

    let (_, first) = order(&client, &server, "120.00", "EUR").await;
    let (_, second) = order(&client, &server, "120.00", "EUR").await;
    assert_eq!(first["methods"], json!(["sms", "email", "ocra"]));
    let (first_q, second_q) = (
        first["question"].as_str().unwrap(),
        second["question"].as_str().unwrap(),
    );
    assert_eq!(first_q.len(), 8);
    // The list gives them again, for a page reloaded mid-checkout.
    let (_, listed) = get(&client, &server, "/api/orders").await;
    assert_eq!(listed["methods"], json!(["sms", "email", "ocra"]));
    assert_eq!(listed["orders"][1]["question"], first["question"]);
    assert_eq!(
        listed["orders"][1]["statement"],
        "Pay 120.00 EUR to Demo Shop Ltd"
    );
    assert_ne!(
        first_q, second_q,
        "two equal payments get different questions"
    );
    let (first_id, second_id) = (
        first["orderId"].as_str().unwrap(),
        second["orderId"].as_str().unwrap(),
    );
    // The second order's response at the first: wrong; its own: paid.
    let moved = confirm(
        &client,
        &server,
        first_id,
        json!({ "method": "ocra", "code": answer(&device, second_q) }),
    )
    .await;
    assert_eq!(error(&moved), (StatusCode::BAD_REQUEST, "wrong_code"));
    let own = confirm(
        &client,
        &server,
        first_id,
        json!({ "method": "ocra", "code": answer(&device, first_q) }),
    )
    .await;
    assert_eq!(own.0, StatusCode::OK, "{}", own.1);
    let (_, events) = get(&client, &server, "/api/events").await;
    assert_eq!(
        events["events"][0]["detail"],
        "Pay 120.00 EUR to Demo Shop Ltd confirmed by transaction authenticator"
    );
    let own = confirm(
        &client,
        &server,
        second_id,
        json!({ "method": "ocra", "code": answer(&device, second_q) }),
    )
    .await;
    assert_eq!(own.0, StatusCode::OK);

    // Removed (with a recent authentication), it confirms nothing.
    let response = client.delete(server.url("/api/ocra")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let (_, third) = order(&client, &server, "120.00", "EUR").await;
    assert_eq!(third["methods"], json!(["sms", "email"]));
    assert!(third.get("question").is_none());
}

#[tokio::test]
async fn orders_need_a_session_and_stay_with_their_account() {
    let server = Server::start(&fresh_db("orders-access"), &[]);
    let jane = browser();
    signed_in(&jane, &server).await;
    let id = order_to_confirm(&jane, &server, "45").await;
    let visitor = browser();
    for (method, path) in [
        ("GET", "/api/orders".to_owned()),
        ("POST", "/api/orders".to_owned()),
        ("POST", format!("/api/orders/{id}/send")),
        ("POST", format!("/api/orders/{id}/passkey-options")),
        ("POST", format!("/api/orders/{id}/confirm")),
    ] {
        let response = visitor
            .request(method.parse().unwrap(), server.url(&path))
            .json(&json!({ "amount": "1", "currency": "EUR", "payee": "x", "method": "sms", "code": "123456" }))
            .send()
            .await
            .unwrap();
        let status = response.status();
        let body: Value = response.json().await.unwrap();
        assert_eq!(
            (status, body["error"].as_str()),
            (StatusCode::UNAUTHORIZED, Some("not_signed_in")),
            "{path}"
        );
    }
    // Sam's session does not reach Jane's order.
    let sam = browser();
    sam_signed_in(&sam, &server).await;
    let path = format!("/api/orders/{id}/send");
    let other = post(&sam, &server, &path, json!({ "method": "sms" })).await;
    assert_eq!(error(&other), (StatusCode::NOT_FOUND, "order_not_found"));
    let other = confirm(
        &sam,
        &server,
        &id,
        json!({ "method": "sms", "code": "123456" }),
    )
    .await;
    assert_eq!(error(&other), (StatusCode::NOT_FOUND, "order_not_found"));
    assert!(statuses(&sam, &server).await.is_empty());
    assert_eq!(statuses(&jane, &server).await.len(), 1);
}

#[tokio::test]
async fn malformed_orders_and_late_answers_are_refused_with_a_code() {
    let server = Server::start(&fresh_db("orders-malformed"), &[]);
    let client = browser();
    signed_in(&client, &server).await;
    for (body, code) in [
        (
            json!({ "amount": "12.345", "currency": "EUR", "payee": "Demo Shop Ltd" }),
            "invalid_amount",
        ),
        (
            json!({ "amount": "-5", "currency": "EUR", "payee": "Demo Shop Ltd" }),
            "invalid_amount",
        ),
        (
            json!({ "amount": "1e3", "currency": "EUR", "payee": "Demo Shop Ltd" }),
            "invalid_amount",
        ),
        (
            json!({ "amount": "10", "currency": "XYZ", "payee": "Demo Shop Ltd" }),
            "unknown_currency",
        ),
        (
            json!({ "amount": "10", "currency": "EUR", "payee": "Demo\u{202E}Shop" }),
            "invalid_payee",
        ),
        (
            json!({ "amount": "10", "currency": "EUR", "payee": "" }),
            "invalid_payee",
        ),
        (
            json!({ "amount": 10, "currency": "EUR", "payee": "Demo Shop Ltd" }),
            "bad_request",
        ),
        (
            json!({ "amount": "9".repeat(5000), "currency": "EUR", "payee": "Demo Shop Ltd" }),
            "invalid_amount",
        ),
        (
            // Fifteen whole digits at four decimals: past what 64-bit minor units hold.
            json!({ "amount": "999999999999999.9999", "currency": "CLF", "payee": "Demo Shop Ltd" }),
            "invalid_amount",
        ),
    ] {
        let answer = post(&client, &server, "/api/orders", body.clone()).await;
        assert_eq!(error(&answer), (StatusCode::BAD_REQUEST, code), "{body}");
    }
    assert!(statuses(&client, &server).await.is_empty());

    let id = order_to_confirm(&client, &server, "70").await;
    let missing = confirm(&client, &server, &id, json!({ "method": "sms" })).await;
    assert_eq!(error(&missing), (StatusCode::BAD_REQUEST, "bad_request"));
    let code = send_for(&client, &server, &id, "sms").await;
    advance(&client, &server, 5 * 60_000 + 1_000).await;
    let late = confirm(
        &client,
        &server,
        &id,
        json!({ "method": "sms", "code": code }),
    )
    .await;
    assert_eq!(error(&late), (StatusCode::GONE, "code_expired"));
    advance(&client, &server, 10 * 60_000).await;
    let expired = confirm(
        &client,
        &server,
        &id,
        json!({ "method": "sms", "code": code }),
    )
    .await;
    assert_eq!(error(&expired), (StatusCode::GONE, "order_expired"));
    assert_eq!(statuses(&client, &server).await[0].1, "expired");
    // A code sent a minute before its order ends lives that minute, and says so.
    let id = order_to_confirm(&client, &server, "70").await;
    advance(&client, &server, 14 * 60_000).await;
    let path = format!("/api/orders/{id}/send");
    let (_, sent) = post(&client, &server, &path, json!({ "method": "sms" })).await;
    let left = sent["expiresInMs"].as_i64().unwrap();
    assert!((50_000..=60_000).contains(&left), "{left}");
    let sms = latest_message(&client, &server, "sms").await;
    assert!(sms.contains("It expires in 1 minutes."), "{sms}");
    let unknown = confirm(
        &client,
        &server,
        "no-such-order",
        json!({ "method": "sms", "code": code }),
    )
    .await;
    assert_eq!(error(&unknown), (StatusCode::NOT_FOUND, "order_not_found"));
}

#[tokio::test]
async fn a_passkey_ceremony_answers_only_the_route_that_started_it() {
    let server = Server::start(&fresh_db("orders-ceremonies"), &[]);
    let client = browser();
    signed_in(&client, &server).await;
    let ceremony = |path: &'static str| {
        let (client, server) = (&client, &server);
        async move {
            let (status, body) = post(client, server, path, json!({})).await;
            assert_eq!(status, StatusCode::OK, "{body}");
            body["ceremonyId"].as_str().unwrap().to_owned()
        }
    };
    let credential = json!({ "id": "AAAA", "rawId": "AAAA", "type": "public-key", "response": {} });
    // A sign-in's ceremony sent to registration, a registration's to sign-in: gone, not a 500.
    let sign_in = ceremony("/api/passkeys/sign-in/options").await;
    let body = json!({ "ceremonyId": sign_in, "credential": credential });
    let answer = post(&client, &server, "/api/passkeys/register", body).await;
    assert_eq!(error(&answer), (StatusCode::GONE, "ceremony_expired"));
    let registration = ceremony("/api/passkeys/register/options").await;
    let body = json!({ "ceremonyId": registration, "credential": credential });
    let answer = post(&client, &server, "/api/passkeys/sign-in", body).await;
    assert_eq!(error(&answer), (StatusCode::GONE, "ceremony_expired"));
    // A sign-in's ceremony confirms no order, and another account's ceremony is not taken.
    let id = order_to_confirm(&client, &server, "80").await;
    let sign_in = ceremony("/api/passkeys/sign-in/options").await;
    let body = json!({ "method": "passkey", "ceremonyId": sign_in, "credential": credential });
    let answer = confirm(&client, &server, &id, body).await;
    assert_eq!(error(&answer), (StatusCode::GONE, "ceremony_expired"));
    let registration = ceremony("/api/passkeys/register/options").await;
    let stranger = browser();
    sam_signed_in(&stranger, &server).await;
    let body = json!({ "ceremonyId": registration, "credential": credential });
    let answer = post(&stranger, &server, "/api/passkeys/register", body.clone()).await;
    assert_eq!(error(&answer), (StatusCode::GONE, "ceremony_expired"));
    // Still there for its owner (who gets the registration's own refusal of this credential).
    let answer = post(&client, &server, "/api/passkeys/register", body).await;
    assert_eq!(answer.0, StatusCode::BAD_REQUEST, "{}", answer.1);
}

#[tokio::test]
async fn a_transaction_authenticator_needs_the_texted_code_within_ten_minutes_and_five_tries() {
    let server = Server::start(&fresh_db("orders-ocra-activation"), &[]);
    let client = browser();
    signed_in(&client, &server).await;
    // A session and the password again (what someone who learned both has): the enrolment is
    // texted to the account's phone, and without that code it never confirms payments.
    advance(&client, &server, 10 * 60_000).await;
    assert_eq!(reauth(&client, &server, PASSWORD).await.0, StatusCode::OK);
    let (status, enrolment) = post(&client, &server, "/api/ocra/enroll", json!({})).await;
    assert_eq!(status, StatusCode::OK, "{enrolment}");
    assert_eq!(enrolment["sent"], "sms");
    let sms = latest_message(&client, &server, "sms").await;
    assert!(
        sms.contains("to set up a transaction authenticator"),
        "{sms}"
    );
    let response = answer(&device(&enrolment), enrolment["question"].as_str().unwrap());
    let texted = latest_sms_code(&client, &server).await;
    let guess = if texted == "000000" {
        "111111"
    } else {
        "000000"
    };
    let activate = async |code: &str| {
        let body = json!({ "response": response, "code": code });
        post(&client, &server, "/api/ocra/confirm", body).await
    };
    for left in (0..5).rev() {
        let wrong = activate(guess).await;
        assert_eq!(error(&wrong), (StatusCode::BAD_REQUEST, "wrong_code"));
        assert_eq!(wrong.1["attemptsLeft"], left);
    }
    let spent = activate(&texted).await;
    assert_eq!(error(&spent), (StatusCode::GONE, "too_many_attempts"));
    assert_eq!(get(&client, &server, "/api/ocra").await.1["enabled"], false);
    let (_, events) = get(&client, &server, "/api/events").await;
    let refused = events["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "method_refused")
        .count();
    assert_eq!(refused, 5);

    // A new enrolment, answered too late.
    advance(&client, &server, 60_000).await;
    assert_eq!(reauth(&client, &server, PASSWORD).await.0, StatusCode::OK);
    let (_, enrolment) = post(&client, &server, "/api/ocra/enroll", json!({})).await;
    let response = answer(&device(&enrolment), enrolment["question"].as_str().unwrap());
    let texted = latest_sms_code(&client, &server).await;
    advance(&client, &server, 10 * 60_000 + 1_000).await;
    let body = json!({ "response": response, "code": texted });
    let late = post(&client, &server, "/api/ocra/confirm", body).await;
    assert_eq!(error(&late), (StatusCode::GONE, "enrolment_expired"));
    let body = json!({ "response": response, "code": texted });
    let none = post(&browser(), &server, "/api/ocra/confirm", body).await;
    assert_eq!(error(&none), (StatusCode::UNAUTHORIZED, "not_signed_in"));
}
