//! The API's two guards, as middleware: the per-IP request budget (domain/ip_budget.rs) and
//! the refusal of cross-site requests that are not reads (origin.rs).

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::domain::ip_budget::client_key;
use crate::error::AppError;
use crate::http::extract::ClientIp;
use crate::http::origin;
use crate::state::AppState;

/// The middleware: 403 `forbidden_origin` for a cross-site request that is not a read.
pub async fn same_origin_only(
    State(app): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    let read = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if read || origin::allowed(request.headers(), &app.config.origin) {
        next.run(request).await
    } else {
        AppError::ForbiddenOrigin.into_response()
    }
}

/// The middleware: 429 `rate_limited` with `Retry-After` past the budget. The client is the
/// TCP peer, or behind `--trust-proxy` the address the proxy forwarded ([`ClientIp`]); without
/// that flag a client's own `X-Forwarded-For` buys it no fresh budget.
pub async fn ip_limit(
    State(app): State<Arc<AppState>>,
    ClientIp(ip): ClientIp,
    request: Request,
    next: Next,
) -> Response {
    let now = app.clock.now_ms();
    let over = app.ip_windows().hit(client_key(ip), now);
    match over {
        Some(retry_after_secs) => AppError::TooMany {
            code: "rate_limited",
            message: "too many requests from this address",
            retry_after_secs,
        }
        .into_response(),
        None => next.run(request).await,
    }
}
