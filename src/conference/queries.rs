//! The SQL of the hooks: servers by their hook tokens and MUC domain, meetings by room and PIN,
//! stays in rooms, reservations.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::model::{HookServer, Reservation, RoomStay, ServerHooks};
use crate::db::AnyConnection;
use crate::db::schema::{
    jitsi_reservations, jitsi_server_hooks, jitsi_server_organisations, jitsi_servers, meetings,
    participants, room_stays, users,
};
use crate::joining::JoinMeeting;

type ServerColumns = (
    jitsi_servers::id,
    jitsi_servers::base_url,
    jitsi_servers::is_default,
);

const SERVER: ServerColumns = (
    jitsi_servers::id,
    jitsi_servers::base_url,
    jitsi_servers::is_default,
);

fn to_hook_server(
    ((id, base_url, is_default), hooks): ((String, String, bool), ServerHooks),
) -> HookServer {
    HookServer {
        id,
        base_url,
        is_default,
        hooks,
    }
}

/// What a hook request names its server by.
#[derive(Debug, Clone, Copy)]
pub(super) enum ServerBy<'a> {
    /// The digest of the events bearer token.
    EventsToken(&'a str),
    /// The digest of the reservations bearer token.
    ReservationsToken(&'a str),
    /// The MUC domain of its rooms.
    MucDomain(&'a str),
}

/// The server a hook request names.
pub(super) fn hook_server(
    conn: &mut AnyConnection,
    by: ServerBy<'_>,
) -> QueryResult<Option<HookServer>> {
    let query = jitsi_server_hooks::table
        .inner_join(jitsi_servers::table)
        .select((SERVER, ServerHooks::as_select()))
        .into_boxed();
    let query = match by {
        ServerBy::EventsToken(digest) => {
            query.filter(jitsi_server_hooks::events_token_digest.eq(digest))
        }
        ServerBy::ReservationsToken(digest) => {
            query.filter(jitsi_server_hooks::reservations_token_digest.eq(digest))
        }
        ServerBy::MucDomain(domain) => query.filter(jitsi_server_hooks::muc_domain.eq(domain)),
    };
    query
        .first(conn)
        .optional()
        .map(|found| found.map(to_hook_server))
}

/// A server's hook settings, if any were ever given.
pub fn hooks_of(conn: &mut AnyConnection, server_id: &str) -> QueryResult<Option<ServerHooks>> {
    jitsi_server_hooks::table
        .find(server_id)
        .select(ServerHooks::as_select())
        .first(conn)
        .optional()
}

/// Every server's hook settings with the server (for the numbers endpoint's CORS and the
/// servers without a room to go by).
pub(super) fn hook_servers(conn: &mut AnyConnection) -> QueryResult<Vec<HookServer>> {
    jitsi_server_hooks::table
        .inner_join(jitsi_servers::table)
        .select((SERVER, ServerHooks::as_select()))
        .load(conn)
        .map(|found| found.into_iter().map(to_hook_server).collect())
}

/// Stores a server's hook settings, replacing earlier ones.
pub(super) fn save_hooks(conn: &mut AnyConnection, hooks: &ServerHooks) -> QueryResult<()> {
    crate::on_backend!(conn, |c| diesel::insert_into(jitsi_server_hooks::table)
        .values(hooks)
        .on_conflict(jitsi_server_hooks::server_id)
        .do_update()
        .set(hooks)
        .execute(c))
    .map(drop)
}

/// What the hooks read of a meeting: as a join reads it, with its server, its PIN and its
/// organizer's language.
pub(super) type RoomMeeting = (JoinMeeting, Option<String>, Option<String>, String);

/// What names the meeting a hook asks about.
#[derive(Debug, Clone, Copy)]
pub(super) enum MeetingBy<'a> {
    /// Its (lower-case) room name.
    Room(&'a str),
    /// Its dial-in PIN.
    Pin(&'a str),
}

/// The meeting a hook asks about, with its server id, PIN and organizer's language.
pub(super) fn room_meeting(
    conn: &mut AnyConnection,
    by: MeetingBy<'_>,
) -> QueryResult<Option<RoomMeeting>> {
    let query = meetings::table
        .inner_join(users::table)
        .select((
            JoinMeeting::as_select(),
            meetings::jitsi_server_id,
            meetings::dial_in_pin,
            users::locale,
        ))
        .into_boxed();
    let query = match by {
        MeetingBy::Room(room) => query.filter(meetings::room_name.eq(room)),
        MeetingBy::Pin(pin) => query.filter(meetings::dial_in_pin.eq(pin)),
    };
    query.first(conn).optional()
}

/// Up to `limit` meetings not yet over that have no PIN (planned before PINs existed).
pub(super) fn meetings_without_pin(
    conn: &mut AnyConnection,
    now: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<String>> {
    meetings::table
        .filter(meetings::dial_in_pin.is_null())
        .filter(meetings::cancelled_at.is_null())
        .filter(
            meetings::ends_at
                .gt(now)
                .or(meetings::recurrence.is_not_null()),
        )
        .select(meetings::id)
        .limit(limit)
        .load(conn)
}

/// Gives a meeting its PIN.
pub(super) fn set_pin(conn: &mut AnyConnection, meeting_id: &str, pin: &str) -> QueryResult<()> {
    diesel::update(meetings::table.find(meeting_id))
        .set(meetings::dial_in_pin.eq(pin))
        .execute(conn)
        .map(drop)
}

/// Whether `participant_id` is invited to `meeting_id` (a token's `context.user.id`).
pub(super) fn is_participant(
    conn: &mut AnyConnection,
    meeting_id: &str,
    participant_id: &str,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        participants::table
            .filter(participants::id.eq(participant_id))
            .filter(participants::meeting_id.eq(meeting_id)),
    ))
    .get_result(conn)
}

/// Records a stay; one already recorded (a retried event) keeps its row, and learns when it
/// ended if this one says so and it did not know yet (a later, vaguer report never moves a
/// known end).
pub(super) fn record_stay(conn: &mut AnyConnection, stay: &RoomStay) -> QueryResult<()> {
    crate::on_backend!(conn, |c| diesel::insert_into(room_stays::table)
        .values(stay)
        .on_conflict((
            room_stays::meeting_id,
            room_stays::occupant_jid,
            room_stays::joined_at,
        ))
        .do_nothing()
        .execute(c))?;
    if let Some(left_at) = stay.left_at {
        diesel::update(
            room_stays::table
                .filter(room_stays::meeting_id.eq(&stay.meeting_id))
                .filter(room_stays::occupant_jid.eq(&stay.occupant_jid))
                .filter(room_stays::joined_at.eq(stay.joined_at))
                .filter(room_stays::left_at.is_null()),
        )
        .set(room_stays::left_at.eq(left_at))
        .execute(conn)?;
    }
    Ok(())
}

/// Ends every stay still open in the main room (`breakout: None`, and then in its breakout
/// rooms too) or in one breakout room, at `at`: the room is gone, whatever events were lost.
pub(super) fn close_open_stays(
    conn: &mut AnyConnection,
    meeting_id: &str,
    breakout: Option<&str>,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    let open = room_stays::table
        .filter(room_stays::meeting_id.eq(meeting_id))
        .filter(room_stays::left_at.is_null());
    match breakout {
        None => diesel::update(open)
            .set(room_stays::left_at.eq(at))
            .execute(conn),
        Some(room) => diesel::update(open.filter(room_stays::breakout_room.eq(room)))
            .set(room_stays::left_at.eq(at))
            .execute(conn),
    }
}

/// The open stays of people and callers in these meetings' rooms since `since` (older open
/// stays are events that were lost): meeting and occupant, one row per stay.
pub(super) fn open_stays(
    conn: &mut AnyConnection,
    meeting_ids: &[&str],
    since: NaiveDateTime,
) -> QueryResult<Vec<(String, String)>> {
    room_stays::table
        .filter(room_stays::meeting_id.eq_any(meeting_ids))
        .filter(room_stays::left_at.is_null())
        .filter(room_stays::joined_at.gt(since))
        .filter(room_stays::kind.ne("recorder"))
        .select((room_stays::meeting_id, room_stays::occupant_jid))
        .load(conn)
}

/// An invitee's address and name as invited.
pub(super) type Invitee = (String, Option<String>);

/// Every stay in a meeting's rooms, in the order people came, with the invitee's address and
/// name as invited.
pub(super) fn stays_of(
    conn: &mut AnyConnection,
    meeting_id: &str,
) -> QueryResult<Vec<(RoomStay, Option<Invitee>)>> {
    room_stays::table
        .left_join(participants::table)
        .filter(room_stays::meeting_id.eq(meeting_id))
        .order((room_stays::joined_at, room_stays::id))
        .select((
            RoomStay::as_select(),
            (participants::email, participants::display_name).nullable(),
        ))
        .load(conn)
}

/// The reservation of a room on a server.
pub(super) fn reservation_of_room(
    conn: &mut AnyConnection,
    server_id: &str,
    room_name: &str,
) -> QueryResult<Option<Reservation>> {
    jitsi_reservations::table
        .filter(jitsi_reservations::server_id.eq(server_id))
        .filter(jitsi_reservations::room_name.eq(room_name))
        .select(Reservation::as_select())
        .first(conn)
        .optional()
}

/// A server's reservation by its number.
pub(super) fn reservation(
    conn: &mut AnyConnection,
    server_id: &str,
    id: i64,
) -> QueryResult<Option<Reservation>> {
    jitsi_reservations::table
        .filter(jitsi_reservations::server_id.eq(server_id))
        .filter(jitsi_reservations::id.eq(id))
        .select(Reservation::as_select())
        .first(conn)
        .optional()
}

/// Keeps a new reservation.
pub(super) fn insert_reservation(
    conn: &mut AnyConnection,
    reservation: &Reservation,
) -> QueryResult<()> {
    diesel::insert_into(jitsi_reservations::table)
        .values(reservation)
        .execute(conn)
        .map(drop)
}

/// Marks a reservation held or released.
pub(super) fn set_reservation_active(
    conn: &mut AnyConnection,
    id: i64,
    active: bool,
    mail_owner: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let target = jitsi_reservations::table.filter(jitsi_reservations::id.eq(id));
    match mail_owner {
        Some(owner) => diesel::update(target)
            .set((
                jitsi_reservations::active.eq(active),
                jitsi_reservations::mail_owner.eq(owner),
                jitsi_reservations::updated_at.eq(now),
            ))
            .execute(conn),
        None => diesel::update(target)
            .set((
                jitsi_reservations::active.eq(active),
                jitsi_reservations::updated_at.eq(now),
            ))
            .execute(conn),
    }
}

/// Whether a reservation number is in use.
pub(super) fn reservation_id_taken(conn: &mut AnyConnection, id: i64) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        jitsi_reservations::table.filter(jitsi_reservations::id.eq(id)),
    ))
    .get_result(conn)
}

/// Deletes reservations of unplanned rooms released before `before`.
pub(super) fn purge_released_reservations(
    conn: &mut AnyConnection,
    before: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::delete(
        jitsi_reservations::table
            .filter(jitsi_reservations::meeting_id.is_null())
            .filter(jitsi_reservations::active.eq(false))
            .filter(jitsi_reservations::updated_at.lt(before)),
    )
    .execute(conn)
}

/// Every server's dial-in numbers, and which server is the default.
#[derive(Debug, Clone, Default)]
pub struct ServerNumbers {
    by_server: std::collections::HashMap<String, Vec<super::settings::DialInNumber>>,
    default_server: Option<String>,
}

impl ServerNumbers {
    /// The numbers of a meeting's server (`None`: planned before servers existed, so the
    /// default server's).
    pub fn of(&self, server_id: Option<&str>) -> Vec<super::settings::DialInNumber> {
        server_id
            .or(self.default_server.as_deref())
            .and_then(|id| self.by_server.get(id))
            .cloned()
            .unwrap_or_default()
    }
}

/// Reads [`ServerNumbers`]: servers with a MUC domain only (without it no PIN can be looked up).
pub(super) fn server_numbers(conn: &mut AnyConnection) -> QueryResult<ServerNumbers> {
    let rows: Vec<(String, bool, String)> = jitsi_server_hooks::table
        .inner_join(jitsi_servers::table)
        .filter(jitsi_server_hooks::muc_domain.is_not_null())
        .select((
            jitsi_servers::id,
            jitsi_servers::is_default,
            jitsi_server_hooks::dial_in_numbers,
        ))
        .load(conn)?;
    let default_server: Option<String> = jitsi_servers::table
        .filter(jitsi_servers::is_default.eq(true))
        .select(jitsi_servers::id)
        .first(conn)
        .optional()?;
    Ok(ServerNumbers {
        by_server: rows
            .into_iter()
            .map(|(id, _, json)| (id, serde_json::from_str(&json).unwrap_or_default()))
            .collect(),
        default_server,
    })
}

/// A meeting's server and PIN.
pub(super) fn server_and_pin(
    conn: &mut AnyConnection,
    meeting_id: &str,
) -> QueryResult<Option<(Option<String>, Option<String>)>> {
    meetings::table
        .find(meeting_id)
        .select((meetings::jitsi_server_id, meetings::dial_in_pin))
        .first(conn)
        .optional()
}

/// The stored presets of the servers that take new meetings of `organisation_id`'s members:
/// server id, name, presets JSON.
pub(super) fn presets_of_offered_servers(
    conn: &mut AnyConnection,
    organisation_id: &str,
) -> QueryResult<Vec<(String, String, String)>> {
    let assignments = || {
        jitsi_server_organisations::table
            .filter(jitsi_server_organisations::server_id.eq(jitsi_servers::id))
    };
    jitsi_server_hooks::table
        .inner_join(jitsi_servers::table)
        .filter(jitsi_servers::retired_at.is_null())
        .filter(
            diesel::dsl::not(diesel::dsl::exists(assignments()))
                .or(diesel::dsl::exists(assignments().filter(
                    jitsi_server_organisations::organisation_id.eq(organisation_id),
                ))),
        )
        .filter(jitsi_server_hooks::room_presets.ne("[]"))
        .order(jitsi_servers::name)
        .select((
            jitsi_servers::id,
            jitsi_servers::name,
            jitsi_server_hooks::room_presets,
        ))
        .load(conn)
}

/// A stay as the export shows it: meeting, name, kind, joined, left.
pub(super) type StayRow = (String, String, String, NaiveDateTime, Option<NaiveDateTime>);

/// The stays of these entries.
pub(super) fn stays_of_participants(
    conn: &mut AnyConnection,
    participant_ids: &[String],
) -> QueryResult<Vec<StayRow>> {
    room_stays::table
        .filter(room_stays::participant_id.eq_any(participant_ids))
        .order(room_stays::joined_at)
        .select((
            room_stays::meeting_id,
            room_stays::name,
            room_stays::kind,
            room_stays::joined_at,
            room_stays::left_at,
        ))
        .load(conn)
}

/// The stays of these entries keep their times, not the name or the occupant's address.
pub(super) fn forget_stays(
    conn: &mut AnyConnection,
    participant_ids: &[String],
) -> QueryResult<usize> {
    diesel::update(room_stays::table.filter(room_stays::participant_id.eq_any(participant_ids)))
        .set((
            room_stays::name.eq("–"),
            room_stays::occupant_jid.eq("erased"),
        ))
        .execute(conn)
}

/// Reservations that name `email` as their owner name nobody instead.
pub(super) fn forget_mail_owner(conn: &mut AnyConnection, email: &str) -> QueryResult<usize> {
    diesel::update(jitsi_reservations::table.filter(jitsi_reservations::mail_owner.eq(email)))
        .set(jitsi_reservations::mail_owner.eq(""))
        .execute(conn)
}
