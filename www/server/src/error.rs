//! One error type for every route: an HTTP status and a JSON body `{ "error", "message" }`
//! with a stable code, never secret material. Internal failures keep their source and are
//! logged once, where they become a response.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// Any failure on our side, kept for the log.
type Source = Box<dyn std::error::Error + Send + Sync>;

#[derive(Debug)]
pub enum AppError {
    /// 400: the body is not what the route takes.
    BadRequest(&'static str),
    /// 400: a field the route takes is not valid, with its own code (`invalid_amount`).
    Invalid(&'static str, &'static str),
    /// 401: wrong e-mail or password (never says which, nor whether the account exists).
    InvalidCredentials,
    /// 401: no session.
    NotSignedIn,
    /// 401: the change needs the password again (or a fresh factor) in this session.
    ReauthRequired,
    /// 403: a cross-site request to a state-changing route.
    ForbiddenOrigin,
    /// 400: a wrong one-time code; how many tries the challenge has left, if it counts them.
    WrongCode { attempts_left: Option<u32> },
    /// 404: no such challenge, device, passkey or route.
    NotFound(&'static str),
    /// 405: the route exists, not with this method.
    MethodNotAllowed,
    /// 409: the thing exists already (an e-mail address taken).
    Conflict(&'static str, &'static str),
    /// 410: the challenge expired, was used, or died after too many wrong codes.
    Gone(&'static str, &'static str),
    /// 429: wait this many seconds (account throttle, resend cooldown, send quota, IP rate).
    TooMany {
        code: &'static str,
        message: &'static str,
        retry_after_secs: u64,
    },
    /// 503: every password-hashing slot is taken; try again in a second.
    Busy,
    /// 413: the body is larger than any route takes.
    PayloadTooLarge,
    /// 415: the body is not `application/json`.
    UnsupportedMediaType,
    /// 500: something failed on our side; the source goes to the log, not the client.
    Internal(Source),
}

impl AppError {
    pub fn internal(source: impl Into<Source>) -> Self {
        AppError::Internal(source.into())
    }

    /// What the client sent, refused by the core with its stable code (`invalid_amount`).
    pub fn invalid(error: otp_wasm::Error) -> Self {
        AppError::Invalid(error.code(), error.message())
    }
}

/// Whole seconds from `now_ms` until `until_ms` (rounded up), for `Retry-After`.
pub fn seconds_until(until_ms: i64, now_ms: i64) -> u64 {
    (until_ms.saturating_sub(now_ms).max(0) as u64).div_ceil(1000)
}

/// `Retry-After` and `retryAfter` for the answers that ask the client to wait.
fn wait(status: StatusCode, code: &str, message: &str, retry_after_secs: u64) -> Response {
    let body = json!({ "error": code, "message": message, "retryAfter": retry_after_secs });
    let mut response = (status, axum::Json(body)).into_response();
    response.headers_mut().insert(
        header::RETRY_AFTER,
        HeaderValue::from(retry_after_secs.max(1)),
    );
    response
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, code, message) = match self {
            AppError::BadRequest(message) => (StatusCode::BAD_REQUEST, "bad_request", message),
            AppError::Invalid(code, message) => (StatusCode::BAD_REQUEST, code, message),
            AppError::InvalidCredentials => (
                StatusCode::UNAUTHORIZED,
                "invalid_credentials",
                "wrong e-mail or password",
            ),
            AppError::NotSignedIn => (StatusCode::UNAUTHORIZED, "not_signed_in", "sign in first"),
            AppError::ReauthRequired => (
                StatusCode::UNAUTHORIZED,
                "reauth_required",
                "confirm your password to change how you sign in",
            ),
            AppError::ForbiddenOrigin => (
                StatusCode::FORBIDDEN,
                "forbidden_origin",
                "this request came from another site",
            ),
            AppError::WrongCode { attempts_left } => {
                let mut body =
                    json!({ "error": "wrong_code", "message": "that code is not right" });
                if let Some(left) = attempts_left {
                    body["attemptsLeft"] = json!(left);
                }
                return (StatusCode::BAD_REQUEST, axum::Json(body)).into_response();
            }
            AppError::NotFound(code) => (StatusCode::NOT_FOUND, code, "not found"),
            AppError::MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "this route does not take that method",
            ),
            AppError::Gone(code, message) => (StatusCode::GONE, code, message),
            AppError::Conflict(code, message) => (StatusCode::CONFLICT, code, message),
            AppError::TooMany {
                code,
                message,
                retry_after_secs,
            } => {
                return wait(
                    StatusCode::TOO_MANY_REQUESTS,
                    code,
                    message,
                    retry_after_secs,
                );
            }
            AppError::Busy => {
                return wait(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "server_busy",
                    "too many sign-ins at once: try again in a moment",
                    1,
                );
            }
            AppError::PayloadTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                "the request body is too large",
            ),
            AppError::UnsupportedMediaType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "send the body as application/json",
            ),
            AppError::Internal(source) => {
                tracing::error!(error = %source, "request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "something went wrong on our side",
                )
            }
        };
        (
            status,
            axum::Json(json!({ "error": code, "message": message })),
        )
            .into_response()
    }
}

pub type AppResult<T> = Result<T, AppError>;
