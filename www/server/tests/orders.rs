//! The checkout over real HTTP: the low-value exemption, confirmation by SMS and e-mail code,
//! each bound to its order's payment, the limits under concurrency, and who may see an order.
//! The transaction authenticator: transaction_authenticator.rs; passkey confirmation runs in a
//! browser with a virtual authenticator (tests/node/passkeys.test.mjs).

mod common;

use std::sync::Arc;

use common::orders::*;
use common::*;
use reqwest::StatusCode;
use serde_json::json;

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
    db.execute(
        "UPDATE orders SET amount = '60.00', minor_amount = 6000 WHERE id = ?1",
        &[&first],
    );
    let changed = confirm(
        &client,
        &server,
        &first,
        json!({ "method": "sms", "code": first_code }),
    )
    .await;
    assert_eq!(error(&changed), (StatusCode::BAD_REQUEST, "wrong_code"));
    db.execute(
        "UPDATE orders SET payee = 'Mallory Ltd', amount = '50.00', minor_amount = 5000 WHERE id = ?1",
        &[&first],
    );
    let changed = confirm(
        &client,
        &server,
        &first,
        json!({ "method": "sms", "code": first_code }),
    )
    .await;
    assert_eq!(error(&changed), (StatusCode::BAD_REQUEST, "wrong_code"));
    db.execute(
        "UPDATE orders SET payee = 'Demo Shop Ltd' WHERE id = ?1",
        &[&first],
    );
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
        let body = json!({ "amount": "1", "currency": "EUR", "payee": "x", "method": "sms", "code": "123456" });
        let (status, body) = answer_to(
            visitor
                .request(method.parse().unwrap(), server.url(&path))
                .json(&body),
        )
        .await;
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
