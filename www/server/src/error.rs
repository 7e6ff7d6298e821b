//! One error type for every route: an HTTP status and a JSON body `{ "error", "message" }`
//! with a stable code, never secret material.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

#[derive(Debug)]
pub enum AppError {
    /// 400: the body is not what the route takes.
    BadRequest(&'static str),
    /// 401: wrong e-mail or password (never says which).
    InvalidCredentials,
    /// 401: no session.
    NotSignedIn,
    /// 400: a wrong one-time code; how many tries the challenge has left, if it counts them.
    WrongCode { attempts_left: Option<u32> },
    /// 404: no such challenge, device or route.
    NotFound(&'static str),
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
    /// 413: the body is larger than any route takes.
    PayloadTooLarge,
    /// 415: the body is not `application/json`.
    UnsupportedMediaType,
    /// 500: the database failed; details go to the log, not the client.
    Internal,
}

impl From<rusqlite::Error> for AppError {
    fn from(error: rusqlite::Error) -> Self {
        tracing::error!(%error, "database error");
        AppError::Internal
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, code, message, extra) = match self {
            AppError::BadRequest(message) => {
                (StatusCode::BAD_REQUEST, "bad_request", message, None)
            }
            AppError::InvalidCredentials => (
                StatusCode::UNAUTHORIZED,
                "invalid_credentials",
                "wrong e-mail or password",
                None,
            ),
            AppError::NotSignedIn => (
                StatusCode::UNAUTHORIZED,
                "not_signed_in",
                "sign in first",
                None,
            ),
            AppError::WrongCode { attempts_left } => (
                StatusCode::BAD_REQUEST,
                "wrong_code",
                "that code is not right",
                attempts_left.map(|left| ("attemptsLeft", json!(left))),
            ),
            AppError::NotFound(code) => (StatusCode::NOT_FOUND, code, "not found", None),
            AppError::Gone(code, message) => (StatusCode::GONE, code, message, None),
            AppError::Conflict(code, message) => (StatusCode::CONFLICT, code, message, None),
            AppError::TooMany {
                code,
                message,
                retry_after_secs,
            } => {
                let mut response = (
                    StatusCode::TOO_MANY_REQUESTS,
                    axum::Json(json!({ "error": code, "message": message, "retryAfter": retry_after_secs })),
                )
                    .into_response();
                if let Ok(value) = HeaderValue::from_str(&retry_after_secs.to_string()) {
                    response.headers_mut().insert(header::RETRY_AFTER, value);
                }
                return response;
            }
            AppError::PayloadTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                "the request body is too large",
                None,
            ),
            AppError::UnsupportedMediaType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "send the body as application/json",
                None,
            ),
            AppError::Internal => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "something went wrong on our side",
                None,
            ),
        };
        let mut body = json!({ "error": code, "message": message });
        if let Some((key, value)) = extra {
            body[key] = value;
        }
        (status, axum::Json(body)).into_response()
    }
}

pub type AppResult<T> = Result<T, AppError>;

/// `axum::Json`, with its rejections as [`AppError`]s so every error body is JSON.
pub struct Json<T>(pub T);

impl<S, T> axum::extract::FromRequest<S> for Json<T>
where
    axum::Json<T>:
        axum::extract::FromRequest<S, Rejection = axum::extract::rejection::JsonRejection>,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(request: axum::extract::Request, state: &S) -> Result<Self, AppError> {
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => Ok(Json(value)),
            Err(rejection) => Err(match rejection.status() {
                StatusCode::PAYLOAD_TOO_LARGE => AppError::PayloadTooLarge,
                StatusCode::UNSUPPORTED_MEDIA_TYPE => AppError::UnsupportedMediaType,
                _ => AppError::BadRequest("the body is not the JSON this route takes"),
            }),
        }
    }
}
