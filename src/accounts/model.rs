//! Accounts and API tokens as stored: the row types every file of `accounts` shares.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{api_tokens, calendar_feeds, users};
use crate::domain::Locale;
use crate::organisations::Scope;

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
    /// Sessions that began before this (UTC) are over, e.g. after a password change.
    #[serde(skip)]
    pub sessions_valid_after: Option<NaiveDateTime>,
    /// Whether the address is vouched for (by an administrator, or the sign-in provider's
    /// `email_verified`). Only a verified address claims the invitations sent to it.
    pub email_verified: bool,
    /// Whether they get the daily digest of new answers to their meetings.
    pub reply_digest: bool,
    /// The organisation (city, authority) the account belongs to.
    pub organisation_id: String,
    /// Manages the accounts, servers and settings of its own organisation.
    pub organisation_admin: bool,
}

impl User {
    /// The user's language; a stored value we no longer speak falls back to the default.
    pub fn locale(&self) -> Locale {
        Locale::from_tag(&self.locale).unwrap_or_default()
    }

    /// What the account administers, if anything.
    pub fn admin_scope(&self) -> Option<Scope> {
        if self.is_admin {
            Some(Scope::Installation)
        } else if self.organisation_admin {
            Some(Scope::Organisation(self.organisation_id.clone()))
        } else {
            None
        }
    }

    /// Whether the account may be used.
    pub fn is_enabled(&self) -> bool {
        self.disabled_at.is_none()
    }

    /// Whether a session that began at `signed_in_at` (UTC) may still be used.
    pub fn accepts_session_from(&self, signed_in_at: NaiveDateTime) -> bool {
        self.is_enabled()
            && self
                .sessions_valid_after
                .is_none_or(|valid_after| signed_in_at >= valid_after)
    }
}

/// A token as its owner sees it in the list; the secret itself is never stored.
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = api_tokens)]
pub struct ApiToken {
    /// Random UUID.
    pub id: String,
    /// What the owner called it.
    pub name: String,
    /// When it was created (UTC).
    pub created_at: NaiveDateTime,
    /// When it was last used (UTC, to the minute).
    pub last_used_at: Option<NaiveDateTime>,
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
    pub oidc_issuer: Option<&'a str>,
    pub oidc_subject: Option<&'a str>,
    pub email_verified: bool,
    pub organisation_id: &'a str,
}

/// A single sign-on identity to tie a new account to.
#[derive(Debug, Clone, Copy)]
pub(super) struct OidcIdentity<'a> {
    pub issuer: &'a str,
    pub subject: &'a str,
    /// The provider's `email_verified` for the account's address.
    pub email_verified: bool,
}

/// An account's feed as stored (its secret's hash stays in the table).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = calendar_feeds)]
pub struct CalendarFeed {
    pub user_id: String,
    /// Raised by every new address.
    pub version: i32,
    /// When this address was made.
    pub created_at: NaiveDateTime,
}
