//! Handler arguments: JSON bodies and path parameters whose rejections are JSON errors too, and
//! the signed-in user (from the session cookie), with or without a recent authentication.

use std::sync::Arc;

use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use axum::http::StatusCode;
use axum::http::request::Parts;

use crate::domain::sessions::{self, REAUTH_WITHIN_MS};
use crate::error::AppError;
use crate::http::cookies::{self, Cookie};
use crate::state::AppState;

/// `axum::Json`, with its rejections as [`AppError`]s so every error body is JSON.
pub struct Json<T>(pub T);

impl<S, T> axum::extract::FromRequest<S> for Json<T>
where
    axum::Json<T>: axum::extract::FromRequest<S, Rejection = JsonRejection>,
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

/// `axum::extract::Path`, with a rejected parameter (`/api/devices/abc`) as a JSON 404.
pub struct Path<T>(pub T);

impl<S, T> FromRequestParts<S> for Path<T>
where
    axum::extract::Path<T>: FromRequestParts<S, Rejection = PathRejection>,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(value)| Path(value))
            .map_err(|_| AppError::NotFound("not_found"))
    }
}

/// The signed-in user and their session, as a handler argument: 401 `not_signed_in` otherwise.
pub struct SignedIn {
    pub user: i64,
    pub session: i64,
    /// When the session last saw the password or a factor.
    pub authenticated_ms: i64,
}

impl FromRequestParts<Arc<AppState>> for SignedIn {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, app: &Arc<AppState>) -> Result<Self, AppError> {
        let token = cookies::read(&app.config, &parts.headers, Cookie::Session)
            .ok_or(AppError::NotSignedIn)?;
        let session = sessions::find(&app.db(), &token, app.clock.now_ms())?;
        let session = session.ok_or(AppError::NotSignedIn)?;
        Ok(SignedIn {
            user: session.user,
            session: session.id,
            authenticated_ms: session.authenticated_ms,
        })
    }
}

/// `Option<SignedIn>`: `None` for a visitor who is not signed in, for routes that answer both.
impl OptionalFromRequestParts<Arc<AppState>> for SignedIn {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        app: &Arc<AppState>,
    ) -> Result<Option<Self>, AppError> {
        match <SignedIn as FromRequestParts<_>>::from_request_parts(parts, app).await {
            Ok(signed_in) => Ok(Some(signed_in)),
            Err(AppError::NotSignedIn) => Ok(None),
            Err(error) => Err(error),
        }
    }
}

/// A signed-in user whose session saw the password or a factor in the last
/// [`REAUTH_WITHIN_MS`]: what a change to how the account signs in needs, so a stolen or
/// forgotten session cannot bind the thief's own authenticator (NIST SP 800-63B §6.1.2.1 binds
/// a new authenticator only after authenticating). 401 `reauth_required` otherwise.
pub struct RecentlyAuthenticated(pub SignedIn);

impl FromRequestParts<Arc<AppState>> for RecentlyAuthenticated {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, app: &Arc<AppState>) -> Result<Self, AppError> {
        let signed_in = <SignedIn as FromRequestParts<_>>::from_request_parts(parts, app).await?;
        if app.clock.now_ms() - signed_in.authenticated_ms > REAUTH_WITHIN_MS {
            return Err(AppError::ReauthRequired);
        }
        Ok(RecentlyAuthenticated(signed_in))
    }
}
