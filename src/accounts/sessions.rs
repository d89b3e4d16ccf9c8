//! Signed-in browser sessions as rows: the cookie carries a random secret, the table its hash.
//! Signing out deletes the row, so a copy of the cookie stops working at once; *Sign out
//! everywhere* deletes them all.

use chrono::Duration;

use super::model::User;
use super::queries;
use super::secret_token::{random_token, token_hash};
use crate::db::{self, AnyConnection};
use crate::error::AppError;

/// Starts a session for `user`; the returned secret goes into the encrypted cookie. Rows older
/// than `lifetime` (the absolute session limit) are cleared out on the way.
pub fn start_session(
    conn: &mut AnyConnection,
    user_id: &str,
    lifetime: Duration,
) -> Result<String, AppError> {
    let secret = random_token("")?;
    let now = db::now();
    queries::delete_sessions_older_than(conn, user_id, now - lifetime)?;
    queries::insert_session(conn, &token_hash(&secret), user_id, now)?;
    Ok(secret)
}

/// The user of a live session: the cookie's user id and secret must match a row.
pub fn user_of_session(
    conn: &mut AnyConnection,
    user_id: &str,
    secret: &str,
) -> Result<Option<User>, AppError> {
    Ok(queries::user_of_session(
        conn,
        user_id,
        &token_hash(secret),
    )?)
}

/// Ends one session.
pub fn end_session(conn: &mut AnyConnection, secret: &str) -> Result<(), AppError> {
    queries::delete_session(conn, &token_hash(secret))?;
    Ok(())
}

/// Ends every session of the user, on every browser; how many there were.
pub fn end_all_sessions(conn: &mut AnyConnection, user_id: &str) -> Result<usize, AppError> {
    Ok(queries::delete_sessions_of(conn, user_id)?)
}
