//! Handler arguments: JSON bodies and path parameters whose rejections are JSON errors too,
//! the signed-in user (from the session cookie), with or without a recent authentication, and
//! the client's address.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{ConnectInfo, FromRequestParts, OptionalFromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};

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
    /// When it started, at a sign-in that proved a second factor.
    pub started_ms: i64,
}

impl FromRequestParts<Arc<AppState>> for SignedIn {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, app: &Arc<AppState>) -> Result<Self, AppError> {
        let token = cookies::read(&app.config, &parts.headers, Cookie::Session)
            .ok_or(AppError::NotSignedIn)?;
        let session = app.read(|db| Ok(sessions::find(db, &token, app.clock.now_ms())?))?;
        let session = session.ok_or(AppError::NotSignedIn)?;
        Ok(SignedIn {
            user: session.user,
            session: session.id,
            authenticated_ms: session.authenticated_ms,
            started_ms: session.created_ms,
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

/// The client's address, decided in this one place for the per-IP budget (guards.rs) and the
/// sign-in's network (risk check): the TCP peer; with `--trust-proxy`, the right-most
/// `X-Forwarded-For` entry instead, the one the trusted proxy appended (entries left of it are
/// whatever the client sent). Without `--trust-proxy` the header is ignored: anyone can send
/// it (OWASP: do not trust client-supplied forwarding headers).
pub struct ClientIp(pub IpAddr);

impl FromRequestParts<Arc<AppState>> for ClientIp {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, app: &Arc<AppState>) -> Result<Self, AppError> {
        let ConnectInfo(peer) = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .ok_or_else(|| AppError::internal("the connection's peer address is missing"))?;
        Ok(ClientIp(client_ip(
            app.config.trust_proxy,
            &parts.headers,
            peer.ip(),
        )))
    }
}

/// `peer`, or with `trust_proxy` the right-most `X-Forwarded-For` address if it is one (with
/// or without a port); a missing or malformed entry falls back to `peer`.
fn client_ip(trust_proxy: bool, headers: &HeaderMap, peer: IpAddr) -> IpAddr {
    let forwarded = || {
        // Repeated headers are one list, in order (RFC 9110 §5.3): the last one's last entry.
        let last = headers.get_all("x-forwarded-for").iter().next_back()?;
        let entry = last.to_str().ok()?.rsplit(',').next()?.trim();
        entry
            .parse::<IpAddr>()
            .or_else(|_| entry.parse::<SocketAddr>().map(|address| address.ip()))
            .ok()
    };
    if trust_proxy {
        forwarded().unwrap_or(peer)
    } else {
        peer
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append("x-forwarded-for", value.parse().unwrap());
        }
        headers
    }

    #[test]
    fn the_forwarded_address_counts_only_behind_a_trusted_proxy() {
        let peer: IpAddr = "10.0.0.1".parse().unwrap();
        let ip = |trust: bool, values: &[&str]| client_ip(trust, &with(values), peer).to_string();
        assert_eq!(ip(false, &["203.0.113.7"]), "10.0.0.1");
        assert_eq!(ip(true, &["203.0.113.7"]), "203.0.113.7");
        assert_eq!(ip(true, &["198.51.100.1, 203.0.113.7"]), "203.0.113.7");
        assert_eq!(ip(true, &["198.51.100.1", "203.0.113.7 "]), "203.0.113.7");
        assert_eq!(ip(true, &["2001:db8::7"]), "2001:db8::7");
        assert_eq!(ip(true, &["203.0.113.7:4711"]), "203.0.113.7");
        assert_eq!(ip(true, &["[2001:db8::7]:443"]), "2001:db8::7");
        for malformed in ["", "unknown", "203.0.113", "203.0.113.7, ", "_hidden"] {
            assert_eq!(ip(true, &[malformed]), "10.0.0.1", "{malformed:?}");
        }
        assert_eq!(ip(true, &[]), "10.0.0.1");
    }
}
