//! One person's account in the privacy export, and deleting it on erasure.

use serde_json::{Value, json};

use super::model::User;
use super::queries;
use crate::db::{AnyConnection, utc_text};
use crate::domain::Email;
use crate::error::AppError;
use crate::organisations;

/// The account with this address, if any, and what is stored about it: the profile, its
/// organisation and roles, how it signs in, its API tokens (names and times, never secrets) and
/// whether it has a calendar subscription.
pub fn account_export(
    conn: &mut AnyConnection,
    email: &Email,
) -> Result<Option<(User, Value)>, AppError> {
    let Some(user) = queries::find_user_by_email(conn, email.as_str())? else {
        return Ok(None);
    };
    let organisation = organisations::find_organisation(conn, &user.organisation_id)?;
    let tokens = queries::active_api_tokens(conn, &user.id)?;
    let feed = queries::calendar_feed(conn, &user.id)?;
    let password = queries::password_hash(conn, &user.id)?.is_some();
    let single_sign_on = queries::oidc_linked(conn, &user.id)?;
    let document = json!({
        "id": user.id,
        "address": user.email,
        "address_verified": user.email_verified,
        "name": user.display_name,
        "language": user.locale,
        "time_zone": user.time_zone,
        "organisation": {"slug": organisation.slug, "name": organisation.name},
        "administrator": user.is_admin,
        "organisation_administrator": user.organisation_admin,
        "disabled_at": user.disabled_at.map(utc_text),
        "created_at": utc_text(user.created_at),
        "updated_at": utc_text(user.updated_at),
        "signs_in_with": {"password": password, "single_sign_on": single_sign_on},
        "daily_digest_of_answers": user.reply_digest,
        "api_tokens": tokens.iter().map(|token| json!({
            "name": token.name,
            "created_at": utc_text(token.created_at),
            "last_used_at": token.last_used_at.map(utc_text),
        })).collect::<Vec<_>>(),
        "calendar_subscription_since": feed.map(|feed| utc_text(feed.created_at)),
    });
    Ok(Some((user, document)))
}

/// Deletes the account (inside the caller's transaction). The meetings it organised must be
/// gone first: a meeting keeps its organizer.
pub fn delete_account(conn: &mut AnyConnection, user_id: &str) -> Result<(), AppError> {
    if queries::delete_user(conn, user_id)? == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}
