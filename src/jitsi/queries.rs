//! Every SQL statement about Jitsi servers: the `jitsi_servers` table, and which organisations
//! they are offered to.

use diesel::prelude::*;

use super::server::JitsiServer;
use crate::db::AnyConnection;
use crate::db::schema::{jitsi_server_organisations, jitsi_servers, organisations};
use chrono::NaiveDateTime;

// The typed columns (`token_mode`) are written through `serialize_as`, which diesel supports on
// owned rows only: hence the clone (servers change a few times a year).
pub(super) fn insert_server(conn: &mut AnyConnection, server: &JitsiServer) -> QueryResult<()> {
    diesel::insert_into(jitsi_servers::table)
        .values(server.clone())
        .execute(conn)
        .map(drop)
}

pub(super) fn save_server(conn: &mut AnyConnection, server: &JitsiServer) -> QueryResult<()> {
    diesel::update(jitsi_servers::table.find(&server.id))
        .set(server.clone())
        .execute(conn)
        .map(drop)
}

pub(super) fn delete_server(conn: &mut AnyConnection, id: &str) -> QueryResult<()> {
    diesel::delete(jitsi_servers::table.find(id))
        .execute(conn)
        .map(drop)
}

pub(super) fn find_server(conn: &mut AnyConnection, id: &str) -> QueryResult<JitsiServer> {
    jitsi_servers::table
        .find(id)
        .select(JitsiServer::as_select())
        .first(conn)
}

/// A server by its id or its exact name (the command line takes either).
pub(super) fn find_server_by_name_or_id(
    conn: &mut AnyConnection,
    key: &str,
) -> QueryResult<Option<JitsiServer>> {
    jitsi_servers::table
        .filter(jitsi_servers::id.eq(key).or(jitsi_servers::name.eq(key)))
        .select(JitsiServer::as_select())
        .first(conn)
        .optional()
}

/// Every server, usable ones first, by name.
pub(super) fn all_servers(conn: &mut AnyConnection) -> QueryResult<Vec<JitsiServer>> {
    jitsi_servers::table
        .order((jitsi_servers::retired_at.is_not_null(), jitsi_servers::name))
        .select(JitsiServer::as_select())
        .load(conn)
}

pub(super) fn any_server(conn: &mut AnyConnection) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        jitsi_servers::table.select(jitsi_servers::id),
    ))
    .get_result(conn)
}

pub(super) fn name_taken(
    conn: &mut AnyConnection,
    name: &str,
    except_id: &str,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        jitsi_servers::table
            .filter(jitsi_servers::name.eq(name))
            .filter(jitsi_servers::id.ne(except_id)),
    ))
    .get_result(conn)
}

/// Takes the default mark off every server (before giving it to one).
pub(super) fn clear_default(conn: &mut AnyConnection) -> QueryResult<()> {
    diesel::update(jitsi_servers::table.filter(jitsi_servers::is_default.eq(true)))
        .set(jitsi_servers::is_default.eq(false))
        .execute(conn)
        .map(drop)
}

/// A server's id and `updated_at`: enough to find its prepared signer.
pub(super) type ServerVersion = (String, NaiveDateTime);

/// The server new meetings run on unless their organizer picks another: the one marked
/// default, if it still takes meetings.
pub(super) fn default_server(conn: &mut AnyConnection) -> QueryResult<Option<ServerVersion>> {
    jitsi_servers::table
        .filter(jitsi_servers::is_default.eq(true))
        .filter(jitsi_servers::retired_at.is_null())
        .select((jitsi_servers::id, jitsi_servers::updated_at))
        .first(conn)
        .optional()
}

/// A server an organisation's members may plan on: id, name, whether it is the installation's
/// default, and its version.
pub(super) type OfferedServer = (String, String, bool, NaiveDateTime);

/// The servers that take new meetings and are offered to `organisation_id` (assigned to it, or
/// to no organisation in particular), by name.
pub(super) fn offered_servers(
    conn: &mut AnyConnection,
    organisation_id: &str,
) -> QueryResult<Vec<OfferedServer>> {
    let assignments = || {
        jitsi_server_organisations::table
            .filter(jitsi_server_organisations::server_id.eq(jitsi_servers::id))
    };
    jitsi_servers::table
        .filter(jitsi_servers::retired_at.is_null())
        .filter(
            diesel::dsl::not(diesel::dsl::exists(assignments()))
                .or(diesel::dsl::exists(assignments().filter(
                    jitsi_server_organisations::organisation_id.eq(organisation_id),
                ))),
        )
        .order(jitsi_servers::name)
        .select((
            jitsi_servers::id,
            jitsi_servers::name,
            jitsi_servers::is_default,
            jitsi_servers::updated_at,
        ))
        .load(conn)
}

/// The server an organisation chose for its members' meetings, if it chose one.
pub(super) fn organisation_default(
    conn: &mut AnyConnection,
    organisation_id: &str,
) -> QueryResult<Option<String>> {
    organisations::table
        .find(organisation_id)
        .select(organisations::default_server_id)
        .first::<Option<String>>(conn)
        .optional()
        .map(Option::flatten)
}
