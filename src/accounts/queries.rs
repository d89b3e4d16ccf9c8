//! SQL for accounts. Nothing outside this file writes queries against `users`,
//! `api_tokens`, `setup_tokens` or `calendar_feeds`.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::model::{ApiToken, CalendarFeed, NewUserRow, User};
use crate::db::AnyConnection;
use crate::db::schema::{api_tokens, calendar_feeds, sessions, setup_tokens, users};

pub(super) fn insert_user(conn: &mut AnyConnection, row: &NewUserRow<'_>) -> QueryResult<()> {
    diesel::insert_into(users::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

pub(super) fn find_user(conn: &mut AnyConnection, id: &str) -> QueryResult<User> {
    users::table.find(id).select(User::as_select()).first(conn)
}

pub(super) fn find_user_by_email(
    conn: &mut AnyConnection,
    email: &str,
) -> QueryResult<Option<User>> {
    users::table
        .filter(users::email.eq(email))
        .select(User::as_select())
        .first(conn)
        .optional()
}

pub(super) fn find_user_by_oidc(
    conn: &mut AnyConnection,
    issuer: &str,
    subject: &str,
) -> QueryResult<Option<User>> {
    users::table
        .filter(users::oidc_issuer.eq(issuer))
        .filter(users::oidc_subject.eq(subject))
        .select(User::as_select())
        .first(conn)
        .optional()
}

/// The account's password hash; `None` for single-sign-on-only accounts.
pub(super) fn password_hash(conn: &mut AnyConnection, id: &str) -> QueryResult<Option<String>> {
    users::table
        .find(id)
        .select(users::password_hash)
        .first(conn)
}

/// Whether the account is already tied to a single sign-on identity.
pub(super) fn oidc_linked(conn: &mut AnyConnection, id: &str) -> QueryResult<bool> {
    users::table
        .find(id)
        .select(users::oidc_subject.is_not_null())
        .first(conn)
}

pub(super) fn any_user_exists(conn: &mut AnyConnection) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(users::table.select(users::id))).get_result(conn)
}

pub(super) fn all_users(conn: &mut AnyConnection) -> QueryResult<Vec<User>> {
    users::table
        .order(users::email)
        .select(User::as_select())
        .load(conn)
}

pub(super) fn users_of_organisation(
    conn: &mut AnyConnection,
    organisation_id: &str,
) -> QueryResult<Vec<User>> {
    users::table
        .filter(users::organisation_id.eq(organisation_id))
        .order(users::email)
        .select(User::as_select())
        .load(conn)
}

pub(super) fn update_profile(
    conn: &mut AnyConnection,
    id: &str,
    display_name: &str,
    locale: &str,
    time_zone: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set((
            users::display_name.eq(display_name),
            users::locale.eq(locale),
            users::time_zone.eq(time_zone),
            users::updated_at.eq(now),
        ))
        .execute(conn)
}

pub(super) fn update_locale(
    conn: &mut AnyConnection,
    id: &str,
    locale: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set((users::locale.eq(locale), users::updated_at.eq(now)))
        .execute(conn)
}

pub(super) fn update_password_hash(
    conn: &mut AnyConnection,
    id: &str,
    hash: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    // Every session that began before the change ends: a changed password must lock out
    // whoever knew the old one.
    diesel::update(users::table.find(id))
        .set((
            users::password_hash.eq(hash),
            users::sessions_valid_after.eq(now),
            users::updated_at.eq(now),
        ))
        .execute(conn)
}

pub(super) fn update_disabled(
    conn: &mut AnyConnection,
    id: &str,
    disabled_at: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set((
            users::disabled_at.eq(disabled_at),
            users::updated_at.eq(now),
        ))
        .execute(conn)
}

pub(super) fn update_admin(
    conn: &mut AnyConnection,
    id: &str,
    is_admin: bool,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set((users::is_admin.eq(is_admin), users::updated_at.eq(now)))
        .execute(conn)
}

pub(super) fn link_oidc(
    conn: &mut AnyConnection,
    id: &str,
    issuer: &str,
    subject: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set((
            users::oidc_issuer.eq(issuer),
            users::oidc_subject.eq(subject),
            users::updated_at.eq(now),
        ))
        .execute(conn)
}

pub(super) fn set_email_verified(
    conn: &mut AnyConnection,
    id: &str,
    verified: bool,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set((
            users::email_verified.eq(verified),
            users::updated_at.eq(now),
        ))
        .execute(conn)
}

pub(super) fn insert_api_token(
    conn: &mut AnyConnection,
    token: &ApiToken,
    user_id: &str,
    hash: &str,
) -> QueryResult<()> {
    diesel::insert_into(api_tokens::table)
        .values((
            api_tokens::id.eq(&token.id),
            api_tokens::user_id.eq(user_id),
            api_tokens::name.eq(&token.name),
            api_tokens::token_hash.eq(hash),
            api_tokens::created_at.eq(token.created_at),
        ))
        .execute(conn)
        .map(drop)
}

/// A user's tokens that still work, newest first.
pub(super) fn active_api_tokens(
    conn: &mut AnyConnection,
    user_id: &str,
) -> QueryResult<Vec<ApiToken>> {
    api_tokens::table
        .filter(api_tokens::user_id.eq(user_id))
        .filter(api_tokens::revoked_at.is_null())
        .order(api_tokens::created_at.desc())
        .select(ApiToken::as_select())
        .load(conn)
}

/// Revokes one of the user's own tokens; returns its name, or `None` if there is no such token.
pub(super) fn revoke_api_token(
    conn: &mut AnyConnection,
    user_id: &str,
    token_id: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<String>> {
    diesel::update(
        api_tokens::table
            .filter(api_tokens::id.eq(token_id))
            .filter(api_tokens::user_id.eq(user_id))
            .filter(api_tokens::revoked_at.is_null()),
    )
    .set(api_tokens::revoked_at.eq(now))
    .returning(api_tokens::name)
    .get_result(conn)
    .optional()
}

/// The enabled user holding a live token with this hash, with the token's id and last use.
pub(super) fn user_by_api_token(
    conn: &mut AnyConnection,
    hash: &str,
) -> QueryResult<Option<(User, String, Option<NaiveDateTime>)>> {
    api_tokens::table
        .inner_join(users::table)
        .filter(api_tokens::token_hash.eq(hash))
        .filter(api_tokens::revoked_at.is_null())
        .filter(users::disabled_at.is_null())
        .select((User::as_select(), api_tokens::id, api_tokens::last_used_at))
        .first(conn)
        .optional()
}

pub(super) fn touch_api_token(
    conn: &mut AnyConnection,
    token_id: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(api_tokens::table.find(token_id))
        .set(api_tokens::last_used_at.eq(now))
        .execute(conn)
}

pub(super) fn insert_setup_token(
    conn: &mut AnyConnection,
    hash: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(setup_tokens::table)
        .values((
            setup_tokens::token_hash.eq(hash),
            setup_tokens::created_at.eq(now),
        ))
        .execute(conn)
        .map(drop)
}

pub(super) fn setup_token_exists(conn: &mut AnyConnection, hash: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(setup_tokens::table.find(hash))).get_result(conn)
}

pub(super) fn delete_setup_tokens(conn: &mut AnyConnection) -> QueryResult<usize> {
    diesel::delete(setup_tokens::table).execute(conn)
}

pub(super) fn delete_setup_token(conn: &mut AnyConnection, hash: &str) -> QueryResult<usize> {
    diesel::delete(setup_tokens::table.find(hash)).execute(conn)
}

pub(super) fn insert_session(
    conn: &mut AnyConnection,
    token_hash: &str,
    user_id: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(sessions::table)
        .values((
            sessions::token_hash.eq(token_hash),
            sessions::user_id.eq(user_id),
            sessions::created_at.eq(now),
        ))
        .execute(conn)
        .map(drop)
}

/// The account of a live session, in one look-up (every signed-in request makes it).
pub(super) fn user_of_session(
    conn: &mut AnyConnection,
    user_id: &str,
    token_hash: &str,
) -> QueryResult<Option<User>> {
    users::table
        .inner_join(sessions::table)
        .filter(sessions::token_hash.eq(token_hash))
        .filter(users::id.eq(user_id))
        .select(User::as_select())
        .first(conn)
        .optional()
}

pub(super) fn delete_session(conn: &mut AnyConnection, token_hash: &str) -> QueryResult<usize> {
    diesel::delete(sessions::table.find(token_hash)).execute(conn)
}

pub(super) fn delete_sessions_of(conn: &mut AnyConnection, user_id: &str) -> QueryResult<usize> {
    diesel::delete(sessions::table.filter(sessions::user_id.eq(user_id))).execute(conn)
}

pub(super) fn delete_sessions_older_than(
    conn: &mut AnyConnection,
    user_id: &str,
    before: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::delete(
        sessions::table
            .filter(sessions::user_id.eq(user_id))
            .filter(sessions::created_at.lt(before)),
    )
    .execute(conn)
}

/// An account's calendar feed.
pub(super) fn calendar_feed(
    conn: &mut AnyConnection,
    user_id: &str,
) -> QueryResult<Option<CalendarFeed>> {
    calendar_feeds::table
        .find(user_id)
        .select(CalendarFeed::as_select())
        .first(conn)
        .optional()
}

/// Stores an account's feed with its secret's hash, replacing the one before.
pub(super) fn save_calendar_feed(
    conn: &mut AnyConnection,
    feed: &CalendarFeed,
    hash: &str,
) -> QueryResult<()> {
    let row = (
        calendar_feeds::user_id.eq(&feed.user_id),
        calendar_feeds::version.eq(feed.version),
        calendar_feeds::token_hash.eq(hash),
        calendar_feeds::created_at.eq(feed.created_at),
    );
    crate::on_backend!(conn, |c| diesel::insert_into(calendar_feeds::table)
        .values(row)
        .on_conflict(calendar_feeds::user_id)
        .do_update()
        .set((
            calendar_feeds::version.eq(feed.version),
            calendar_feeds::token_hash.eq(hash),
            calendar_feeds::created_at.eq(feed.created_at),
        ))
        .execute(c))
    .map(drop)
}

/// The enabled account whose feed secret has this hash.
pub(super) fn user_by_calendar_feed(
    conn: &mut AnyConnection,
    hash: &str,
) -> QueryResult<Option<User>> {
    calendar_feeds::table
        .inner_join(users::table)
        .filter(calendar_feeds::token_hash.eq(hash))
        .filter(users::disabled_at.is_null())
        .select(User::as_select())
        .first(conn)
        .optional()
}

/// Moves the end of `user_id`'s last digest from `previous` to `now`, if no one else did;
/// whether this call did.
pub(super) fn claim_reply_digest(
    conn: &mut AnyConnection,
    user_id: &str,
    previous: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let mine = users::table.filter(users::id.eq(user_id));
    let changed = match previous {
        Some(previous) => diesel::update(mine.filter(users::reply_digest_until.eq(previous)))
            .set(users::reply_digest_until.eq(now))
            .execute(conn)?,
        None => diesel::update(mine.filter(users::reply_digest_until.is_null()))
            .set(users::reply_digest_until.eq(now))
            .execute(conn)?,
    };
    Ok(changed == 1)
}

/// Switches the daily digest of answers on or off.
pub(super) fn set_reply_digest(
    conn: &mut AnyConnection,
    user_id: &str,
    on: bool,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(users::table.find(user_id))
        .set((users::reply_digest.eq(on), users::updated_at.eq(now)))
        .execute(conn)
        .map(drop)
}

/// Deletes an account; its sessions, tokens and calendar feed go by cascade, its audit entries
/// and invitations lose the reference.
pub(super) fn delete_user(conn: &mut AnyConnection, id: &str) -> QueryResult<usize> {
    diesel::delete(users::table.find(id)).execute(conn)
}
