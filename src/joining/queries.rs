//! The SQL of joining: reads only.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::model::{JoinMeeting, JoinParticipant};
use crate::db::AnyConnection;
use crate::db::schema::{jitsi_servers, meetings, participants, users};

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
