//! A staff account, and creating and finding them.

use diesel::prelude::*;

use super::model::{NewUserRow, OidcIdentity, User};
use super::password::hash_password;
use super::queries;
use crate::audit::Actor;
use crate::audit::{self, AuditAction, AuditEvent};
use crate::db::{self, AnyConnection};
use crate::domain::{DisplayName, Email, FieldError, Locale, Password, TimeZone};
use crate::error::{AppError, Conflict, FieldErrors};
use crate::organisations;

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
    /// The organisation an administrator or the sign-in provider's claim named; `None`: the
    /// one its address's domain leads to, else the default organisation.
    pub organisation_id: Option<String>,
}

/// An account as typed into a form or on the command line, before checking.
#[derive(Debug, Default)]
pub struct AccountInput<'a> {
    /// Field `email`.
    pub email: &'a str,
    /// Field `display_name`.
    pub display_name: &'a str,
    /// Field `password`; `None` for an account without a local password.
    pub password: Option<&'a str>,
    /// Field `language` (`de` or `en`).
    pub language: &'a str,
    /// Field `time_zone` (IANA name).
    pub time_zone: &'a str,
    /// Grants administration rights.
    pub is_admin: bool,
}

impl NewAccount {
    /// Checks every field at once, so a person sees all problems together.
    pub fn parse(input: AccountInput<'_>) -> Result<NewAccount, FieldErrors> {
        let mut errors = FieldErrors::new();
        let email = errors.check("email", Email::parse(input.email));
        let display_name = errors.check("display_name", DisplayName::parse(input.display_name));
        let password = input
            .password
            .and_then(|raw| errors.check("password", Password::parse(raw)));
        let locale = errors.check("language", parse_locale(input.language));
        let time_zone = errors.check("time_zone", TimeZone::parse(input.time_zone));
        match (email, display_name, locale, time_zone) {
            (Some(email), Some(display_name), Some(locale), Some(time_zone))
                if errors.is_empty() =>
            {
                Ok(NewAccount {
                    email,
                    display_name,
                    password,
                    is_admin: input.is_admin,
                    locale,
                    time_zone,
                    organisation_id: None,
                })
            }
            _ => Err(errors),
        }
    }
}

/// `de` or `en` (or a regional variant of them).
pub fn parse_locale(raw: &str) -> Result<Locale, FieldError> {
    Locale::from_tag(raw).ok_or_else(|| FieldError::new("language_unknown"))
}

/// Creates an account (the command line's way); a second account with the same address is a
/// conflict (`email_taken`).
pub fn add_user(conn: &mut AnyConnection, account: NewAccount) -> Result<User, AppError> {
    create_audited(conn, None, account)
}

/// Hashes the password, inserts the account and audits its creation, by an administrator
/// (`actor`) or from the command line (`None`).
pub(super) fn create_audited(
    conn: &mut AnyConnection,
    actor: Option<Actor<'_>>,
    account: NewAccount,
) -> Result<User, AppError> {
    let password_hash = account.password.as_ref().map(hash_password).transpose()?;
    conn.transaction(|conn| {
        let user = insert_account(conn, &account, password_hash.as_deref(), None)?;
        let event = AuditEvent::new(AuditAction::UserCreated).on(&user.id);
        let event = match actor {
            Some(actor) => event.by(actor.user_id).from_ip(actor.ip),
            None => event.detail("command line"),
        };
        audit::record(conn, event)?;
        Ok(user)
    })
}

/// Inserts the row; the caller hashes the password first, outside any transaction, because
/// argon2 is deliberately slow and must not hold a database lock.
pub(super) fn insert_account(
    conn: &mut AnyConnection,
    account: &NewAccount,
    password_hash: Option<&str>,
    oidc: Option<OidcIdentity<'_>>,
) -> Result<User, AppError> {
    let now = db::now();
    let id = uuid::Uuid::new_v4().to_string();
    let organisation_id = match &account.organisation_id {
        Some(id) => id.clone(),
        None => organisations::organisation_for_address(conn, &account.email)?,
    };
    let row = NewUserRow {
        id: &id,
        email: account.email.as_str(),
        display_name: account.display_name.as_str(),
        password_hash,
        is_admin: account.is_admin,
        locale: account.locale.tag(),
        time_zone: account.time_zone.name(),
        created_at: now,
        updated_at: now,
        oidc_issuer: oidc.map(|identity| identity.issuer),
        oidc_subject: oidc.map(|identity| identity.subject),
        // Addresses typed by an administrator or at first-run setup are vouched for.
        email_verified: oidc.is_none_or(|identity| identity.email_verified),
        organisation_id: &organisation_id,
    };
    queries::insert_user(conn, &row).map_err(|e| match e {
        diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        ) => AppError::Conflict(Conflict::EmailTaken),
        other => AppError::from(other),
    })?;
    Ok(queries::find_user(conn, &id)?)
}

/// One account by id.
pub fn find_user(conn: &mut AnyConnection, id: &str) -> Result<User, AppError> {
    Ok(queries::find_user(conn, id)?)
}

/// One account by e-mail address, if there is one.
pub fn find_user_by_email(
    conn: &mut AnyConnection,
    email: &Email,
) -> Result<Option<User>, AppError> {
    Ok(queries::find_user_by_email(conn, email.as_str())?)
}

/// Whether the account has a local password (and so may change it).
pub fn has_password(conn: &mut AnyConnection, id: &str) -> Result<bool, AppError> {
    Ok(queries::password_hash(conn, id)?.is_some())
}

/// Every account, ordered by e-mail address.
pub fn list_users(conn: &mut AnyConnection) -> Result<Vec<User>, AppError> {
    Ok(queries::all_users(conn)?)
}
