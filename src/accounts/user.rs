//! A staff account and the service functions that create and list them.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use super::{hash_password, queries};
use crate::db::schema::users;
use crate::db::{self, AnyConnection};
use crate::domain::{DisplayName, Email, Locale, Password, TimeZone};
use crate::error::AppError;

/// A staff member who may sign in and plan meetings.
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = users)]
pub struct User {
    /// Random UUID.
    pub id: String,
    /// Lower-cased address, unique.
    pub email: String,
    /// The name shown to others.
    pub display_name: String,
    /// May manage users and servers.
    pub is_admin: bool,
    /// Language tag for pages and mails (`de` or `en`).
    pub locale: String,
    /// IANA zone in which times are shown to this user.
    pub time_zone: String,
    /// When an administrator disabled the account; disabled users cannot sign in.
    pub disabled_at: Option<NaiveDateTime>,
    /// When the account was created (UTC).
    pub created_at: NaiveDateTime,
    /// When the account last changed (UTC).
    pub updated_at: NaiveDateTime,
}

/// What it takes to create an account; built only from parsed values.
#[derive(Debug)]
pub struct NewAccount {
    /// The sign-in address.
    pub email: Email,
    /// The name shown to others.
    pub display_name: DisplayName,
    /// Local password; `None` for accounts that sign in through single sign-on only.
    pub password: Option<Password>,
    /// Grants administration rights.
    pub is_admin: bool,
    /// Language for pages and mails.
    pub locale: Locale,
    /// Zone for showing times.
    pub time_zone: TimeZone,
}

/// The row as inserted.
#[derive(Insertable)]
#[diesel(table_name = users)]
pub(super) struct NewUserRow<'a> {
    pub id: &'a str,
    pub email: &'a str,
    pub display_name: &'a str,
    pub password_hash: Option<&'a str>,
    pub is_admin: bool,
    pub locale: &'a str,
    pub time_zone: &'a str,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Creates an account; a second account with the same address is a conflict (`email_taken`).
pub fn add_user(conn: &mut AnyConnection, account: NewAccount) -> Result<User, AppError> {
    // Hash before taking any lock: argon2 is deliberately slow.
    let password_hash = account.password.as_ref().map(hash_password).transpose()?;
    let now = db::now();
    let id = uuid::Uuid::new_v4().to_string();
    let row = NewUserRow {
        id: &id,
        email: account.email.as_str(),
        display_name: account.display_name.as_str(),
        password_hash: password_hash.as_deref(),
        is_admin: account.is_admin,
        locale: account.locale.tag(),
        time_zone: account.time_zone.name(),
        created_at: now,
        updated_at: now,
    };
    queries::insert_user(conn, &row).map_err(|e| match e {
        diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        ) => AppError::Conflict("email_taken"),
        other => AppError::from(other),
    })?;
    queries::find_user(conn, &id).map_err(AppError::from)
}

/// Every account, ordered by e-mail address.
pub fn list_users(conn: &mut AnyConnection) -> Result<Vec<User>, AppError> {
    Ok(queries::all_users(conn)?)
}
