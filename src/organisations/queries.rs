//! Every SQL statement about organisations, their domains, administrators and servers.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::model::Organisation;
use crate::db::AnyConnection;
use crate::db::schema::{jitsi_server_organisations, organisation_domains, organisations, users};

pub(super) fn insert(
    conn: &mut AnyConnection,
    id: &str,
    slug: &str,
    name: &str,
    idp_hint: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(organisations::table)
        .values((
            organisations::id.eq(id),
            organisations::slug.eq(slug),
            organisations::name.eq(name),
            organisations::idp_hint.eq(idp_hint),
            organisations::is_default.eq(false),
            organisations::created_at.eq(now),
            organisations::updated_at.eq(now),
        ))
        .execute(conn)
        .map(drop)
}

pub(super) fn update(
    conn: &mut AnyConnection,
    id: &str,
    slug: &str,
    name: &str,
    idp_hint: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(organisations::table.find(id))
        .set((
            organisations::slug.eq(slug),
            organisations::name.eq(name),
            organisations::idp_hint.eq(idp_hint),
            organisations::updated_at.eq(now),
        ))
        .execute(conn)
}

/// Names the first organisation at the first start, if no one has named it yet.
pub(super) fn name_unnamed(
    conn: &mut AnyConnection,
    id: &str,
    slug: &str,
    name: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        organisations::table
            .find(id)
            .filter(organisations::name.eq("")),
    )
    .set((
        organisations::slug.eq(slug),
        organisations::name.eq(name),
        organisations::created_at.eq(now),
        organisations::updated_at.eq(now),
    ))
    .execute(conn)
}

pub(super) fn set_default_server(
    conn: &mut AnyConnection,
    id: &str,
    server_id: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(organisations::table.find(id))
        .set((
            organisations::default_server_id.eq(server_id),
            organisations::updated_at.eq(now),
        ))
        .execute(conn)
}

pub(super) fn find(conn: &mut AnyConnection, id: &str) -> QueryResult<Organisation> {
    organisations::table
        .find(id)
        .select(Organisation::as_select())
        .first(conn)
}

pub(super) fn find_by_slug(
    conn: &mut AnyConnection,
    slug: &str,
) -> QueryResult<Option<Organisation>> {
    organisations::table
        .filter(organisations::slug.eq(slug))
        .select(Organisation::as_select())
        .first(conn)
        .optional()
}

/// The organisation a sign-in provider's claim names, by its identity provider alias or slug.
pub(super) fn find_by_claim(conn: &mut AnyConnection, value: &str) -> QueryResult<Option<String>> {
    organisations::table
        .filter(
            organisations::idp_hint
                .eq(value)
                .or(organisations::slug.eq(value)),
        )
        .order(organisations::idp_hint.eq(value).desc())
        .select(organisations::id)
        .first(conn)
        .optional()
}

pub(super) fn default_id(conn: &mut AnyConnection) -> QueryResult<String> {
    organisations::table
        .filter(organisations::is_default.eq(true))
        .select(organisations::id)
        .first(conn)
}

pub(super) fn slug_taken(conn: &mut AnyConnection, slug: &str, except: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        organisations::table
            .filter(organisations::slug.eq(slug))
            .filter(organisations::id.ne(except)),
    ))
    .get_result(conn)
}

pub(super) fn idp_hint_taken(
    conn: &mut AnyConnection,
    hint: &str,
    except: &str,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        organisations::table
            .filter(organisations::idp_hint.eq(hint))
            .filter(organisations::id.ne(except)),
    ))
    .get_result(conn)
}

/// Every organisation, by name.
pub(super) fn all(conn: &mut AnyConnection) -> QueryResult<Vec<Organisation>> {
    organisations::table
        .order(organisations::name)
        .select(Organisation::as_select())
        .load(conn)
}

/// Organisations whose sign-in button leads to their own identity provider: (slug, name, hint).
pub(super) fn with_idp_hint(
    conn: &mut AnyConnection,
) -> QueryResult<Vec<(String, String, String)>> {
    organisations::table
        .filter(organisations::idp_hint.is_not_null())
        .order(organisations::name)
        .select((
            organisations::slug,
            organisations::name,
            organisations::idp_hint.assume_not_null(),
        ))
        .load(conn)
}

/// The identity provider alias of the organisation with this slug, if it has one.
pub(super) fn idp_hint_of(conn: &mut AnyConnection, slug: &str) -> QueryResult<Option<String>> {
    organisations::table
        .filter(organisations::slug.eq(slug))
        .select(organisations::idp_hint)
        .first::<Option<String>>(conn)
        .optional()
        .map(Option::flatten)
}

/// Every domain rule: (rule, organisation id).
pub(super) fn all_domains(conn: &mut AnyConnection) -> QueryResult<Vec<(String, String)>> {
    organisation_domains::table
        .select((
            organisation_domains::domain,
            organisation_domains::organisation_id,
        ))
        .load(conn)
}

/// The organisation that holds a domain rule other than `except`.
pub(super) fn domain_owner(
    conn: &mut AnyConnection,
    domain: &str,
    except: &str,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        organisation_domains::table
            .filter(organisation_domains::domain.eq(domain))
            .filter(organisation_domains::organisation_id.ne(except)),
    ))
    .get_result(conn)
}

pub(super) fn replace_domains(
    conn: &mut AnyConnection,
    id: &str,
    domains: &[&str],
) -> QueryResult<()> {
    diesel::delete(
        organisation_domains::table.filter(organisation_domains::organisation_id.eq(id)),
    )
    .execute(conn)?;
    // One statement per row: the two backends share no batch insert (and there are a few).
    for domain in domains {
        diesel::insert_into(organisation_domains::table)
            .values((
                organisation_domains::domain.eq(*domain),
                organisation_domains::organisation_id.eq(id),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Accounts per organisation: (organisation id, count).
pub(super) fn member_counts(conn: &mut AnyConnection) -> QueryResult<Vec<(String, i64)>> {
    users::table
        .group_by(users::organisation_id)
        .select((users::organisation_id, diesel::dsl::count_star()))
        .load(conn)
}

/// Organisation administrators: (organisation id, address).
pub(super) fn admins(conn: &mut AnyConnection) -> QueryResult<Vec<(String, String)>> {
    users::table
        .filter(users::organisation_admin.eq(true))
        .order(users::email)
        .select((users::organisation_id, users::email))
        .load(conn)
}

/// Every user's organisation, by id.
pub(super) fn organisation_of_user(conn: &mut AnyConnection, user_id: &str) -> QueryResult<String> {
    users::table
        .find(user_id)
        .select(users::organisation_id)
        .first(conn)
}

pub(super) fn set_member(
    conn: &mut AnyConnection,
    user_id: &str,
    organisation_id: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    // Administration of one organisation does not travel to another.
    diesel::update(users::table.find(user_id))
        .set((
            users::organisation_id.eq(organisation_id),
            users::organisation_admin.eq(false),
            users::updated_at.eq(now),
        ))
        .execute(conn)
}

pub(super) fn set_organisation_admin(
    conn: &mut AnyConnection,
    user_id: &str,
    admin: bool,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(users::table.find(user_id))
        .set((
            users::organisation_admin.eq(admin),
            users::updated_at.eq(now),
        ))
        .execute(conn)
}

/// The organisations a server is offered to (empty: all).
pub(super) fn server_organisations(
    conn: &mut AnyConnection,
    server_id: &str,
) -> QueryResult<Vec<String>> {
    jitsi_server_organisations::table
        .filter(jitsi_server_organisations::server_id.eq(server_id))
        .select(jitsi_server_organisations::organisation_id)
        .load(conn)
}

/// Every server's organisations: (server id, organisation id).
pub(super) fn all_server_organisations(
    conn: &mut AnyConnection,
) -> QueryResult<Vec<(String, String)>> {
    jitsi_server_organisations::table
        .select((
            jitsi_server_organisations::server_id,
            jitsi_server_organisations::organisation_id,
        ))
        .load(conn)
}

pub(super) fn replace_server_organisations(
    conn: &mut AnyConnection,
    server_id: &str,
    organisation_ids: &[String],
) -> QueryResult<()> {
    diesel::delete(
        jitsi_server_organisations::table
            .filter(jitsi_server_organisations::server_id.eq(server_id)),
    )
    .execute(conn)?;
    for id in organisation_ids {
        diesel::insert_into(jitsi_server_organisations::table)
            .values((
                jitsi_server_organisations::server_id.eq(server_id),
                jitsi_server_organisations::organisation_id.eq(id),
            ))
            .execute(conn)?;
    }
    Ok(())
}
