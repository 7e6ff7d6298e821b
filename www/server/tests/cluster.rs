//! Three instances on one PostgreSQL database, as behind a proxy: every limit and one-time rule
//! holds across them as it does in one, since each is decided in the database. Runs where the
//! tests run on PostgreSQL (`make test-server-postgres`); SQLite is one process's file.

mod common;

use common::*;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

/// Three instances of the server on one fresh database, or `None` on SQLite.
fn cluster(name: &str) -> Option<(TestDb, [Server; 3])> {
    let db = TestDb::fresh(name);
    if !db.is_postgres() {
        eprintln!("skipped: OTP_TEST_POSTGRES is not set");
        return None;
    }
    // One after the other: the first migrates the database and makes the key file.
    let servers = [(); 3].map(|()| Server::start(&db, &[]));
    Some((db, servers))
}

#[tokio::test(flavor = "multi_thread")]
async fn three_instances_started_at_once_share_one_schema_and_one_key() {
    let db = TestDb::fresh("cluster-at-once");
    if !db.is_postgres() {
        eprintln!("skipped: OTP_TEST_POSTGRES is not set");
        return;
    }
    // All three migrate and look for the key file at the same moment.
    let [first, _, third] = std::thread::scope(|scope| {
        [(); 3]
            .map(|()| scope.spawn(|| Server::start(&db, &[])))
            .map(|started| started.join().unwrap())
    });
    // A key sealed through one opens through another: they seal with one key.
    let client = browser();
    signed_in(&client, &first).await;
    let now = now_ms();
    let app = enrol_app(&client, &first, now).await;
    let next = app.generate(now + 30_000);
    let (status, body) = totp_sign_in(&third, next.as_str()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[tokio::test(flavor = "multi_thread")]
async fn wrong_passwords_spread_over_three_instances_get_the_checks_one_would() {
    let Some((_db, servers)) = cluster("cluster-passwords") else {
        return;
    };
    let bases: Vec<String> = servers.iter().map(|s| s.base.clone()).collect();
    let answers = at_once(40, move |i| {
        let base = bases[i % 3].clone();
        async move {
            let guess = json!({ "email": EMAIL, "password": "guess" });
            answer_to(
                Client::new()
                    .post(format!("{base}/api/sign-in"))
                    .json(&guess),
            )
            .await
        }
    })
    .await;
    let counts = tally(&answers);
    // Three free failures and the one that earns the first wait, as on one instance.
    assert_eq!(counts.get(&401), Some(&4), "{counts:?}");
    assert!(
        counts.keys().all(|s| [401, 429, 503].contains(s)),
        "{counts:?}"
    );
    // Every instance now makes the owner wait too.
    for server in &servers {
        let (status, body) = try_sign_in(&browser(), server, EMAIL, PASSWORD).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (StatusCode::TOO_MANY_REQUESTS, Some("account_throttled"))
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_code_sent_through_one_instance_is_accepted_once_through_another() {
    let Some((_db, [first, second, third])) = cluster("cluster-code") else {
        return;
    };
    let client = browser();
    let (id, code) = challenge_with_code(&client, &first).await;
    let verify = format!("/api/challenges/{id}/verify");
    let (status, body) = post(&client, &second, &verify, json!({ "code": code })).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = post(&browser(), &third, &verify, json!({ "code": code })).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::GONE, Some("challenge_used"))
    );
    // The session made through the second instance is good on each.
    for server in [&first, &second, &third] {
        assert_eq!(get(&client, server, "/api/me").await.1["email"], EMAIL);
    }
}

/// A sign-in on a new device through `server`, its challenge answered with the app's `code`.
async fn totp_sign_in(server: &Server, code: &str) -> (StatusCode, Value) {
    let client = browser();
    let id = new_challenge(&client, server).await;
    post(
        &client,
        server,
        &format!("/api/challenges/{id}/verify"),
        json!({ "code": code, "method": "totp" }),
    )
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_authenticator_apps_replay_guard_holds_across_instances() {
    let Some((_db, [first, second, third])) = cluster("cluster-totp") else {
        return;
    };
    let client = browser();
    signed_in(&client, &first).await;
    let now = now_ms();
    let app = enrol_app(&client, &first, now).await;
    let confirmed = app.generate(now);

    // The code that confirmed the app, spent on the first instance, is refused on the second.
    let (status, body) = totp_sign_in(&second, confirmed.as_str()).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("wrong_code")),
        "{body}"
    );
    // The next step's code signs in once, through the third, and not again through the first.
    let next = app.generate(now + 30_000);
    assert_eq!(totp_sign_in(&third, next.as_str()).await.0, StatusCode::OK);
    assert_eq!(
        totp_sign_in(&first, next.as_str()).await.0,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn signing_out_everywhere_on_one_instance_ends_the_sessions_on_the_others() {
    let Some((_db, [first, second, third])) = cluster("cluster-sign-out") else {
        return;
    };
    let (laptop, phone) = (browser(), browser());
    signed_in(&laptop, &first).await;
    signed_in(&phone, &second).await;
    for server in [&first, &second, &third] {
        assert_eq!(get(&phone, server, "/api/me").await.0, StatusCode::OK);
    }
    let response = laptop
        .delete(third.url("/api/sessions"))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    for server in [&first, &second, &third] {
        for client in [&laptop, &phone] {
            assert_eq!(
                get(client, server, "/api/me").await.0,
                StatusCode::UNAUTHORIZED
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_instance_killed_mid_sign_in_leaves_nothing_half_done_and_the_others_go_on() {
    let Some((db, [mut doomed, second, third])) = cluster("cluster-crash") else {
        return;
    };
    let client = browser();
    signed_in(&client, &second).await;
    let (_, body) = post(&client, &second, "/api/recovery-codes", json!({})).await;
    let codes: Vec<String> = serde_json::from_value(body["codes"].clone()).unwrap();
    let mut challenges = Vec::new();
    for _ in &codes {
        challenges.push(new_challenge(&browser(), &third).await);
    }
    // Every verify goes to the instance about to be killed.
    let load = tokio::spawn(recovery_verifies_at_once(
        doomed.base.clone(),
        challenges,
        codes,
    ));
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    doomed.child.kill().unwrap();
    doomed.child.wait().unwrap();
    let answered = load.await.unwrap();
    let (consumed, sessions, sign_ins) = sign_in_records(&db);
    assert_eq!(
        (consumed, sessions),
        (sign_ins, sign_ins),
        "consumed challenges, sessions and sign-in events: {answered:?}"
    );
    assert!(
        answered.iter().filter(|s| **s == StatusCode::OK).count() as i64 <= consumed,
        "every answered sign-in was kept"
    );
    // The others go on: a new sign-in through each.
    for server in [&second, &third] {
        let (id, code) = challenge_with_code(&browser(), server).await;
        let (status, _) = post(
            &browser(),
            server,
            &format!("/api/challenges/{id}/verify"),
            json!({ "code": code }),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
    }
}
