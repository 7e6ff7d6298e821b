//! The transaction authenticator (an OCRA key, RFC 6287) over real HTTP: activated with the
//! device's response and a texted code, it answers each order's question, and a response for
//! one order never confirms another; and the passkey ceremonies a payment may be sent.

mod common;

use common::orders::*;
use common::*;
use reqwest::StatusCode;
use serde_json::json;

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
