//! First run: a one-time link that creates the first administrator in the browser.

use diesel::Connection;

use super::model::User;
use super::password::hash_password;
use super::queries;
use super::secret_token::{random_token, token_hash};
use super::user::{NewAccount, insert_account};
use crate::audit::{self, AuditAction, AuditEvent};
use crate::db::{self, AnyConnection};
use crate::error::AppError;

/// When no account exists, stores a new setup token and returns it; otherwise `None`.
/// Every start issues a fresh one; all become useless once the first account exists.
pub fn issue_setup_token(conn: &mut AnyConnection) -> Result<Option<String>, AppError> {
    if queries::any_user_exists(conn)? {
        queries::delete_setup_tokens(conn)?;
        return Ok(None);
    }
    let token = random_token("")?;
    queries::insert_setup_token(conn, &token_hash(&token), db::now())?;
    Ok(Some(token))
}

/// Whether the token may still create the first administrator.
pub fn setup_token_is_valid(conn: &mut AnyConnection, token: &str) -> Result<bool, AppError> {
    Ok(queries::setup_token_exists(conn, &token_hash(token))? && !queries::any_user_exists(conn)?)
}

/// Creates the first administrator and retires every setup token, in one transaction.
/// A token that is unknown, or used after someone else finished setup, is "not found".
pub fn complete_setup(
    conn: &mut AnyConnection,
    token: &str,
    mut account: NewAccount,
    ip: Option<&str>,
) -> Result<User, AppError> {
    account.is_admin = true;
    let password_hash = account.password.as_ref().map(hash_password).transpose()?;
    conn.transaction(|conn| {
        // Deleting the token is the claim: a second, concurrent setup waits on its row lock
        // and then finds nothing to delete.
        if queries::delete_setup_token(conn, &token_hash(token))? == 0
            || queries::any_user_exists(conn)?
        {
            return Err(AppError::NotFound);
        }
        let user = insert_account(conn, &account, password_hash.as_deref(), None)?;
        queries::delete_setup_tokens(conn)?;
        audit::record(
            conn,
            AuditEvent::new(AuditAction::SetupCompleted)
                .by(&user.id)
                .from_ip(ip),
        )?;
        Ok(user)
    })
}
