//! `GET /api/outbox`: the demo's phone and mailbox, only while the outbox keeps messages.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use crate::error::{AppError, AppResult};
use crate::http::extract::SignedIn;
use crate::state::AppState;
use crate::store;

/// Whose messages `GET /api/outbox` lists.
#[derive(Deserialize)]
pub struct Scope {
    /// `me`: only those to the signed-in account and to the account of `challenge`.
    #[serde(rename = "for")]
    whose: Option<String>,
    /// A challenge the page holds (its id is the page's, as the code field is).
    challenge: Option<String>,
}

/// `GET /api/outbox`: the newest 50 messages. The page asks `?for=me[&challenge=ID]` and shows
/// a person only their own: those to the signed-in account's addresses and to the account
/// being signed in; nobody's when neither is known. Without `for`, everyone's (tools, tests).
pub async fn list(
    State(app): State<Arc<AppState>>,
    Query(scope): Query<Scope>,
    signed_in: Option<SignedIn>,
) -> AppResult<Response> {
    if !app.outbox.keeps_messages() {
        return Err(AppError::NotFound("not_found"));
    }
    app.read(|db| {
        let mut recipients = Vec::new();
        if scope.whose.as_deref() == Some("me") {
            let challenge_user = match scope.challenge.as_deref() {
                Some(id) => store::challenges::owner(db, id)?,
                None => None,
            };
            for user in signed_in.map(|s| s.user).into_iter().chain(challenge_user) {
                let (email, phone) = store::accounts::addresses(db, user)?;
                recipients.extend([email, phone]);
            }
        }
        let whose = scope.whose.is_some().then_some(recipients.as_slice());
        let messages = store::outbox::newest(db, whose)?;
        Ok(axum::Json(json!({ "messages": messages })).into_response())
    })
}
