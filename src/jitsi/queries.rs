//! Every SQL statement about Jitsi servers and joining.

use diesel::prelude::*;

use super::server::JitsiServer;
use crate::db::AnyConnection;
use crate::db::schema::{jitsi_servers, meetings, participants, users};
use chrono::NaiveDateTime;

use super::join::{JoinMeeting, JoinParticipant};

pub(super) fn insert_server(conn: &mut AnyConnection, server: &JitsiServer) -> QueryResult<()> {
    diesel::insert_into(jitsi_servers::table)
        .values(server)
        .execute(conn)
        .map(drop)
}

pub(super) fn save_server(conn: &mut AnyConnection, server: &JitsiServer) -> QueryResult<()> {
    diesel::update(jitsi_servers::table.find(&server.id))
        .set(server)
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

/// How many meetings each server carries: (server id, count).
pub(super) fn meeting_counts(conn: &mut AnyConnection) -> QueryResult<Vec<(Option<String>, i64)>> {
    meetings::table
        .filter(meetings::jitsi_server_id.is_not_null())
        .group_by(meetings::jitsi_server_id)
        .select((meetings::jitsi_server_id, diesel::dsl::count_star()))
        .load(conn)
}

pub(super) fn server_in_use(conn: &mut AnyConnection, id: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        meetings::table.filter(meetings::jitsi_server_id.eq(id)),
    ))
    .get_result(conn)
}

/// A server's id and `updated_at`: enough to find its prepared signer.
pub(super) type ServerVersion = (String, NaiveDateTime);

/// The participant a join token belongs to, with what joining needs of the meeting and the
/// version of the meeting's server: the one look-up every join makes.
pub(super) fn admission(
    conn: &mut AnyConnection,
    token_hash: &str,
) -> QueryResult<Option<(JoinParticipant, JoinMeeting, Option<ServerVersion>)>> {
    participants::table
        .inner_join(meetings::table.left_join(jitsi_servers::table))
        .filter(participants::join_token_hash.eq(token_hash))
        .select((
            JoinParticipant::as_select(),
            JoinMeeting::as_select(),
            (jitsi_servers::id, jitsi_servers::updated_at).nullable(),
        ))
        .first(conn)
        .optional()
}

/// The default server's id and version, if a usable one is set.
pub(super) fn default_server_version(
    conn: &mut AnyConnection,
) -> QueryResult<Option<ServerVersion>> {
    jitsi_servers::table
        .filter(jitsi_servers::is_default.eq(true))
        .filter(jitsi_servers::retired_at.is_null())
        .select((jitsi_servers::id, jitsi_servers::updated_at))
        .first(conn)
        .optional()
}

/// The organizer's name, and the participant's own time zone when they have an account.
pub(super) fn page_people(
    conn: &mut AnyConnection,
    organizer_id: &str,
    participant_user_id: Option<&str>,
) -> QueryResult<(String, Option<String>)> {
    let organizer = users::table
        .find(organizer_id)
        .select(users::display_name)
        .first(conn)?;
    let zone = match participant_user_id {
        Some(id) => users::table
            .find(id)
            .select(users::time_zone)
            .first(conn)
            .optional()?,
        None => None,
    };
    Ok((organizer, zone))
}
