//! Personal API tokens: shown once, stored as a hash, revocable, with their last use.

use chrono::TimeDelta;
use diesel::prelude::*;

use super::model::{ApiToken, User};
use super::queries;
use super::secret_token::{random_token, token_hash};
use crate::audit::{self, AuditAction, AuditEvent};
use crate::db::{self, AnyConnection};
use crate::domain::TokenName;
use crate::error::AppError;

/// Tokens start with this, so a leaked one is recognisable in a scan of code or logs.
const PREFIX: &str = "tp_";
/// Last use is recorded at most this often, so busy scripts do not write on every request.
const LAST_USE_GRANULARITY: TimeDelta = TimeDelta::minutes(1);

/// A freshly created token and its secret, which is shown exactly once.
#[derive(Debug)]
pub struct IssuedToken {
    /// The stored part.
    pub token: ApiToken,
    /// The bearer secret (`tp_…`).
    pub secret: String,
}

/// Creates a token for the user.
pub fn create_api_token(
    conn: &mut AnyConnection,
    user_id: &str,
    name: &TokenName,
    ip: Option<&str>,
) -> Result<IssuedToken, AppError> {
    let secret = random_token(PREFIX)?;
    let token = ApiToken {
        id: uuid::Uuid::new_v4().to_string(),
        name: name.as_str().to_owned(),
        created_at: db::now(),
        last_used_at: None,
    };
    conn.transaction(|conn| {
        queries::insert_api_token(conn, &token, user_id, &token_hash(&secret))?;
        audit::record(
            conn,
            AuditEvent::new(AuditAction::ApiTokenCreated)
                .by(user_id)
                .from_ip(ip)
                .detail(&token.name),
        )
    })?;
    Ok(IssuedToken { token, secret })
}

/// The user's working tokens, newest first.
pub fn list_api_tokens(conn: &mut AnyConnection, user_id: &str) -> Result<Vec<ApiToken>, AppError> {
    Ok(queries::active_api_tokens(conn, user_id)?)
}

/// Revokes one of the user's own tokens at once; someone else's token is "not found".
pub fn revoke_api_token(
    conn: &mut AnyConnection,
    user_id: &str,
    token_id: &str,
    ip: Option<&str>,
) -> Result<(), AppError> {
    conn.transaction(|conn| {
        let name = queries::revoke_api_token(conn, user_id, token_id, db::now())?
            .ok_or(AppError::NotFound)?;
        audit::record(
            conn,
            AuditEvent::new(AuditAction::ApiTokenRevoked)
                .by(user_id)
                .from_ip(ip)
                .detail(&name),
        )?;
        Ok(())
    })
}

/// Revokes every token of the user (offered with a password change); each is audited.
pub fn revoke_all_api_tokens(
    conn: &mut AnyConnection,
    user_id: &str,
    ip: Option<&str>,
) -> Result<usize, AppError> {
    conn.transaction(|conn| {
        let tokens = queries::active_api_tokens(conn, user_id)?;
        for token in &tokens {
            queries::revoke_api_token(conn, user_id, &token.id, db::now())?;
            audit::record(
                conn,
                AuditEvent::new(AuditAction::ApiTokenRevoked)
                    .by(user_id)
                    .from_ip(ip)
                    .detail(&token.name),
            )?;
        }
        Ok(tokens.len())
    })
}

/// The enabled user a bearer secret belongs to; anything else is 401.
pub fn authenticate_api_token(conn: &mut AnyConnection, secret: &str) -> Result<User, AppError> {
    if !secret.starts_with(PREFIX) {
        return Err(AppError::Unauthorized);
    }
    let (user, token_id, last_used_at) =
        queries::user_by_api_token(conn, &token_hash(secret))?.ok_or(AppError::Unauthorized)?;
    let now = db::now();
    if last_used_at.is_none_or(|last| now - last >= LAST_USE_GRANULARITY) {
        queries::touch_api_token(conn, &token_id, now)?;
    }
    Ok(user)
}
