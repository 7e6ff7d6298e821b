//! The HTTP layer: the API's route table, its guards and fallbacks, and the static files (the
//! page at `/`, the package at `/pkg/`). Handlers are grouped by area, one file each; they
//! parse the request, call the domain inside one transaction and shape the answer.

mod account;
mod cookies;
mod extract;
mod guards;
mod methods;
mod ocra;
mod orders;
mod origin;
mod outbox;
mod passkeys;
mod sign_in;

use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderValue, header};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use tower_http::services::ServeDir;

use crate::error::{AppError, AppResult};
use crate::state::AppState;
use extract::Json;

/// Largest request body any route takes.
const MAX_BODY_BYTES: usize = 16 * 1024;

/// The API's routes from one table: the router is built from it, and `--list-routes` prints
/// it (the tests try every state-changing route cross-site from that list). Every route that
/// is not a read is refused cross-site (guards.rs).
macro_rules! api_routes {
    ($($method:ident $path:literal => $handler:path,)*) => {
        /// `(method, path)` of every API route, below `/api`.
        pub const API_ROUTES: &[(&str, &str)] = &[$((stringify!($method), $path),)*];

        fn api_routes() -> Router<Arc<AppState>> {
            Router::new()$(.route($path, axum::routing::$method($handler)))*
        }
    };
}

api_routes! {
    post "/sign-up" => account::sign_up,
    post "/sign-in" => sign_in::sign_in,
    post "/challenges/{id}/send" => sign_in::send,
    post "/challenges/{id}/verify" => sign_in::verify,
    post "/reauth" => account::reauth,
    post "/sign-out" => account::sign_out,
    get "/me" => account::me,
    get "/session" => account::session,
    get "/sessions" => account::sessions,
    delete "/sessions" => account::sign_out_everywhere,
    get "/devices" => account::devices,
    delete "/devices/{id}" => account::revoke_device,
    get "/events" => account::events,
    get "/methods" => methods::list,
    post "/totp/enroll" => methods::enroll,
    post "/totp/confirm" => methods::confirm,
    delete "/totp" => methods::remove,
    post "/recovery-codes" => methods::new_recovery_codes,
    get "/passkeys" => passkeys::list,
    delete "/passkeys/{id}" => passkeys::remove,
    post "/passkeys/register/options" => passkeys::register_options,
    post "/passkeys/register" => passkeys::register,
    post "/passkeys/sign-in/options" => passkeys::sign_in_options,
    post "/passkeys/sign-in" => passkeys::sign_in,
    get "/ocra" => ocra::status,
    post "/ocra/enroll" => ocra::enroll,
    post "/ocra/confirm" => ocra::confirm,
    delete "/ocra" => ocra::remove,
    get "/orders" => orders::list,
    post "/orders" => orders::place,
    post "/orders/{id}/send" => orders::send,
    post "/orders/{id}/passkey-options" => orders::passkey_options,
    post "/orders/{id}/confirm" => orders::confirm,
    get "/outbox" => outbox::list,
    get "/time" => time,
    post "/dev/clock" => dev_clock,
}

/// The whole site: the API under `/api`, the package under `/pkg`, the page everywhere else.
pub fn router(app: Arc<AppState>, www: PathBuf, pkg: PathBuf) -> Router {
    let api = api_routes()
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn_with_state(
            app.clone(),
            guards::same_origin_only,
        ))
        .layer(middleware::from_fn_with_state(
            app.clone(),
            guards::ip_limit,
        ));
    Router::new()
        .nest("/api", api)
        .route(
            "/.well-known/webauthn",
            axum::routing::get(passkeys::related_origins),
        )
        .nest_service("/pkg", ServeDir::new(pkg))
        .fallback_service(ServeDir::new(www))
        .layer(middleware::map_response(json_errors))
        .with_state(app)
}

/// `GET /api/time`: the server's clock, so a page can warn about a skewed device clock.
async fn time(State(app): State<Arc<AppState>>) -> axum::Json<Value> {
    axum::Json(json!({ "nowMs": app.clock.now_ms() }))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Advance {
    advance_ms: i64,
}

/// `POST /api/dev/clock { advanceMs }`, only with `--dev-clock`: moves the server's clock
/// forward so tests can reach expiry without waiting.
async fn dev_clock(
    State(app): State<Arc<AppState>>,
    Json(body): Json<Advance>,
) -> AppResult<Response> {
    if !app.config.dev_clock {
        return Err(AppError::NotFound("not_found"));
    }
    app.clock.advance(body.advance_ms);
    Ok(axum::Json(json!({ "nowMs": app.clock.now_ms() })).into_response())
}

async fn not_found() -> AppError {
    AppError::NotFound("not_found")
}

async fn method_not_allowed() -> AppError {
    AppError::MethodNotAllowed
}

/// The static file service answers its errors (404, a `POST` that gets 405, a bad range) with
/// a bare status; this gives them the API's JSON body, `{ "error": "method_not_allowed", .. }`,
/// keeping their headers (`Allow`, `Content-Range`). The API's own errors are JSON already.
async fn json_errors(response: Response) -> Response {
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes().starts_with(b"application/json"));
    if is_json || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    if status.is_server_error() {
        tracing::error!(%status, "the static file service failed");
    }
    let reason = status.canonical_reason().unwrap_or("error").to_lowercase();
    let code = reason.replace([' ', '-'], "_");
    let body = json!({ "error": code, "message": reason }).to_string();
    let (mut parts, _) = response.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    Response::from_parts(parts, Body::from(body))
}
