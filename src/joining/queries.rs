//! The SQL of joining: the one look-up per join, and the waiting room.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::model::{JoinMeeting, JoinParticipant, LobbyEntry, LobbyState};
use crate::db::AnyConnection;
use crate::db::schema::{jitsi_servers, lobby_entries, meetings, participants, users};

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

/// The organizer's name, and the participant's own time zone when they have an account.
pub(super) fn page_people(
    conn: &mut AnyConnection,
    organizer_id: &str,
    participant_user_id: Option<&str>,
) -> QueryResult<((String, String), Option<String>)> {
    let organizer = users::table
        .find(organizer_id)
        .select((users::display_name, users::organisation_id))
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

/// Where a participant stands in the waiting room, if they asked.
pub(super) fn lobby_state(
    conn: &mut AnyConnection,
    participant_id: &str,
) -> QueryResult<Option<LobbyState>> {
    lobby_entries::table
        .find(participant_id)
        .select(lobby_entries::state)
        .first::<String>(conn)
        .optional()?
        .map(|stored| LobbyState::try_from(stored).map_err(stored_wrongly))
        .transpose()
}

/// Forgets a participant's waiting-room entry made before `since` (an earlier date of a
/// series: being let in last week does not let anyone in this week).
pub(super) fn forget_lobby_entry_before(
    conn: &mut AnyConnection,
    participant_id: &str,
    since: NaiveDateTime,
) -> QueryResult<()> {
    diesel::delete(
        lobby_entries::table
            .filter(lobby_entries::participant_id.eq(participant_id))
            .filter(lobby_entries::asked_at.lt(since)),
    )
    .execute(conn)
    .map(drop)
}

/// Where a participant stands, with the name they asked under.
pub(super) fn lobby_entry_of(
    conn: &mut AnyConnection,
    participant_id: &str,
) -> QueryResult<Option<(LobbyState, String)>> {
    lobby_entries::table
        .find(participant_id)
        .select((lobby_entries::state, lobby_entries::name))
        .first::<(String, String)>(conn)
        .optional()?
        .map(|(stored, name)| {
            LobbyState::try_from(stored)
                .map(|state| (state, name))
                .map_err(stored_wrongly)
        })
        .transpose()
}

/// Puts a participant into the waiting room; `false` when they were there already.
pub(super) fn ask_to_enter(
    conn: &mut AnyConnection,
    participant_id: &str,
    meeting_id: &str,
    name: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let inserted = crate::on_backend!(conn, |c| diesel::insert_into(lobby_entries::table)
        .values((
            lobby_entries::participant_id.eq(participant_id),
            lobby_entries::meeting_id.eq(meeting_id),
            lobby_entries::name.eq(name),
            lobby_entries::state.eq(LobbyState::Waiting.as_str()),
            lobby_entries::asked_at.eq(now),
        ))
        .on_conflict_do_nothing()
        .execute(c))?;
    Ok(inserted == 1)
}

/// Everyone waiting to be let into the meeting, earliest first.
pub(super) fn waiting(conn: &mut AnyConnection, meeting_id: &str) -> QueryResult<Vec<LobbyEntry>> {
    let rows: Vec<(String, String, String, NaiveDateTime)> = lobby_entries::table
        .inner_join(participants::table)
        .filter(lobby_entries::meeting_id.eq(meeting_id))
        .filter(lobby_entries::state.eq(LobbyState::Waiting.as_str()))
        .order(lobby_entries::asked_at.asc())
        .select((
            lobby_entries::participant_id,
            lobby_entries::name,
            participants::email,
            lobby_entries::asked_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(participant_id, name, email, asked_at)| LobbyEntry {
            participant_id,
            name,
            email,
            state: LobbyState::Waiting,
            asked_at,
        })
        .collect())
}

/// Decides for one waiting participant of the meeting, or all of them; how many.
pub(super) fn decide(
    conn: &mut AnyConnection,
    meeting_id: &str,
    whom: Option<&str>,
    state: LobbyState,
    decided_by: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let waiting = lobby_entries::table
        .filter(lobby_entries::meeting_id.eq(meeting_id))
        .filter(lobby_entries::state.eq(LobbyState::Waiting.as_str()));
    let set = (
        lobby_entries::state.eq(state.as_str()),
        lobby_entries::decided_at.eq(now),
        lobby_entries::decided_by.eq(decided_by),
    );
    match whom {
        Some(participant_id) => {
            diesel::update(waiting.filter(lobby_entries::participant_id.eq(participant_id)))
                .set(set)
                .execute(conn)
        }
        None => diesel::update(waiting).set(set).execute(conn),
    }
}

/// A stored state no version of Treffpunkt writes: the database was changed by hand.
fn stored_wrongly(message: String) -> diesel::result::Error {
    diesel::result::Error::DeserializationError(message.into())
}

/// (meeting, name, state, asked at) of the waiting-room entries of these meeting entries.
pub(super) fn lobby_rows_of(
    conn: &mut AnyConnection,
    participant_ids: &[String],
) -> QueryResult<Vec<(String, String, String, NaiveDateTime)>> {
    lobby_entries::table
        .filter(lobby_entries::participant_id.eq_any(participant_ids))
        .select((
            lobby_entries::meeting_id,
            lobby_entries::name,
            lobby_entries::state,
            lobby_entries::asked_at,
        ))
        .load(conn)
}

/// Forgets the names these entries gave in waiting rooms.
pub(super) fn forget_lobby_names(
    conn: &mut AnyConnection,
    participant_ids: &[String],
) -> QueryResult<usize> {
    diesel::update(
        lobby_entries::table.filter(lobby_entries::participant_id.eq_any(participant_ids)),
    )
    .set(lobby_entries::name.eq("–"))
    .execute(conn)
}
