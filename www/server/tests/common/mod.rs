//! Shared by the server's test files: the real binary on a free port with a fresh database
//! (SQLite, or PostgreSQL when `OTP_TEST_POSTGRES` is set: test_db.rs), driven with reqwest. `--dev-clock` lets a test move the server's clock to reach expiry.
// Each test file uses some of these helpers, not all.
#![allow(dead_code)]

pub mod orders;
mod test_db;

pub use test_db::TestDb;

use std::collections::BTreeMap;
use std::future::Future;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use otp_wasm::code_entry::parse_sms_message;
use otp_wasm::otp::Totp;
use reqwest::{Client, RequestBuilder, StatusCode};
use serde_json::{Value, json};

pub const EMAIL: &str = "jane@example.com";
pub const PASSWORD: &str = "correct horse battery staple";

pub struct Server {
    pub child: Child,
    pub base: String,
}

impl Server {
    pub fn start(db: &TestDb, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_otp-wasm-demo"))
            .args(["--port", "0", "--dev-clock"])
            .args(db.args())
            .args(extra)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .spawn()
            .expect("the server starts");
        let mut line = String::new();
        let mut output = BufReader::new(child.stdout.take().unwrap());
        output.read_line(&mut line).unwrap();
        // What it logs afterwards (warnings and errors) goes on to the test's output.
        std::thread::spawn(move || {
            for line in output.lines().map_while(Result::ok) {
                eprintln!("server: {line}");
            }
        });
        // A server bound to every interface is reached over loopback.
        let base = line
            .trim()
            .strip_prefix("listening on ")
            .expect("the server says where it listens")
            .replace("0.0.0.0", "127.0.0.1");
        Server { child, base }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The binary's API routes, from its own table (`--list-routes`): `(method, path)`.
/// Runs `n` requests at once; their answers.
pub async fn at_once<F, Fut>(n: usize, request: F) -> Vec<Fut::Output>
where
    F: Fn(usize) -> Fut,
    Fut: Future + Send + 'static,
    Fut::Output: Send + 'static,
{
    let mut set = tokio::task::JoinSet::new();
    for i in 0..n {
        set.spawn(request(i));
    }
    set.join_all().await
}

pub fn api_routes() -> Vec<(String, String)> {
    let output = Command::new(env!("CARGO_BIN_EXE_otp-wasm-demo"))
        .arg("--list-routes")
        .output()
        .expect("the server lists its routes");
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| {
            let (method, path) = line.split_once(' ').unwrap();
            (method.to_owned(), path.to_owned())
        })
        .collect()
}

/// Each of `challenges` answered with its recovery code, all at once, through `base` (an
/// instance about to be killed, say): each answer's status, 502 for one never answered.
pub async fn recovery_verifies_at_once(
    base: String,
    challenges: Vec<String>,
    codes: Vec<String>,
) -> Vec<StatusCode> {
    at_once(codes.len(), move |i| {
        let url = format!("{base}/api/challenges/{}/verify", challenges[i]);
        let code = codes[i].clone();
        async move {
            let sent = Client::new()
                .post(url)
                .json(&json!({ "code": code, "method": "recovery" }))
                .send()
                .await;
            sent.map_or(StatusCode::BAD_GATEWAY, |response| response.status())
        }
    })
    .await
}

/// Counts in the database: consumed challenges, sessions, sign-in events.
pub fn sign_in_records(db: &TestDb) -> (i64, i64, i64) {
    (
        db.count("SELECT COUNT(*) FROM challenges WHERE consumed_ms IS NOT NULL"),
        db.count("SELECT COUNT(*) FROM sessions"),
        db.count("SELECT COUNT(*) FROM events WHERE kind = 'sign_in'"),
    )
}

/// How many answers had each status.
pub fn tally(answers: &[(StatusCode, Value)]) -> BTreeMap<u16, usize> {
    let mut counts = BTreeMap::new();
    for (status, _) in answers {
        *counts.entry(status.as_u16()).or_default() += 1;
    }
    counts
}

/// The authenticator app behind an enrolment answer.
pub fn app_of(enrolment: &Value) -> Totp {
    match otp_wasm::uri::parse(enrolment["uri"].as_str().unwrap()).unwrap() {
        otp_wasm::uri::Otp::Totp(totp) => totp,
        _ => panic!("a TOTP key"),
    }
}

/// Enrols an app and confirms it with its current code.
pub async fn enrol_app(client: &Client, server: &Server, at_ms: u64) -> Totp {
    let (status, enrolment) = post(client, server, "/api/totp/enroll", json!({})).await;
    assert_eq!(status, StatusCode::OK, "{enrolment}");
    let app = app_of(&enrolment);
    let code = app.generate(at_ms);
    let (status, body) = post(
        client,
        server,
        "/api/totp/confirm",
        json!({ "code": code.as_str() }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    app
}

pub fn fresh_db(name: &str) -> TestDb {
    TestDb::fresh(name)
}

pub fn browser() -> Client {
    Client::builder()
        .cookie_store(true)
        .user_agent("test browser")
        .build()
        .unwrap()
}

/// Sends `request`: the answer's status and JSON body (`null` when it has none).
pub async fn answer_to(request: RequestBuilder) -> (StatusCode, Value) {
    let response = request.send().await.unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

pub async fn post(
    client: &Client,
    server: &Server,
    path: &str,
    body: Value,
) -> (StatusCode, Value) {
    answer_to(client.post(server.url(path)).json(&body)).await
}

pub async fn get(client: &Client, server: &Server, path: &str) -> (StatusCode, Value) {
    answer_to(client.get(server.url(path))).await
}

/// `POST /api/sign-in` with `email` and `password`, whatever the answer.
pub async fn try_sign_in(
    client: &Client,
    server: &Server,
    email: &str,
    password: &str,
) -> (StatusCode, Value) {
    post(
        client,
        server,
        "/api/sign-in",
        json!({ "email": email, "password": password }),
    )
    .await
}

pub async fn sign_in(client: &Client, server: &Server) -> Value {
    let (status, body) = try_sign_in(client, server, EMAIL, PASSWORD).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

/// Signs in with the password on a new device; the challenge's id.
pub async fn new_challenge(client: &Client, server: &Server) -> String {
    let body = sign_in(client, server).await;
    assert_eq!(body["status"], "challenge");
    body["challengeId"].as_str().unwrap().to_owned()
}

/// Asks for a code by `method` for challenge `id`.
pub async fn send(client: &Client, server: &Server, id: &str, method: &str) -> (StatusCode, Value) {
    post(
        client,
        server,
        &format!("/api/challenges/{id}/send"),
        json!({ "method": method }),
    )
    .await
}

/// Signs in, sends an SMS code and reads it from the outbox as a phone would.
pub async fn challenge_with_code(client: &Client, server: &Server) -> (String, String) {
    let id = new_challenge(client, server).await;
    let (status, _) = send(client, server, &id, "sms").await;
    assert_eq!(status, StatusCode::OK);
    (id, latest_sms_code(client, server).await)
}

pub async fn latest_sms_code(client: &Client, server: &Server) -> String {
    let (_, outbox) = get(client, server, "/api/outbox").await;
    let sms = outbox["messages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["channel"] == "sms")
        .unwrap();
    // The origin-bound last line, read with the same core the page uses.
    let parsed = parse_sms_message(sms["body"].as_str().unwrap()).expect("an origin-bound SMS");
    assert_eq!(parsed.domain, "localhost");
    parsed.code
}

pub async fn advance(client: &Client, server: &Server, ms: i64) {
    let (status, _) = post(client, server, "/api/dev/clock", json!({ "advanceMs": ms })).await;
    assert_eq!(status, StatusCode::OK);
}

/// `POST /api/reauth { password }`: the password again, for changes to how the account signs in.
pub async fn reauth(client: &Client, server: &Server, password: &str) -> (StatusCode, Value) {
    post(
        client,
        server,
        "/api/reauth",
        json!({ "password": password }),
    )
    .await
}

/// Signs in on a new device with an SMS code.
pub async fn signed_in(client: &Client, server: &Server) {
    let (id, code) = challenge_with_code(client, server).await;
    let (status, _) = post(
        client,
        server,
        &format!("/api/challenges/{id}/verify"),
        json!({ "code": code }),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
}

pub fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64
}

/// Neither the base32 secret nor its bytes appear anywhere in the database's files: what a copy
/// of the database gives away (the key that seals them is in another file).
pub fn assert_no_secret_in_files(db: &TestDb, app: &otp_wasm::otp::Totp) {
    let base32 = app.key().secret().to_base32();
    assert!(
        !db.holds(base32.as_bytes()) && !db.holds(app.key().secret().as_bytes()),
        "the secret is readable in the database's files"
    );
}
