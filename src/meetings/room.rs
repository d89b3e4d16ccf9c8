//! A new room for a meeting. On a Jitsi server without tokens anyone who learns the room's
//! name can enter; after removing someone, the organizer moves the meeting to a new room.

use diesel::Connection;

use super::access::MeetingDetail;
use super::mail_jobs::MeetingMail;
use super::service::{lock_for_change, save_and_tell_everyone};
use crate::accounts::User;
use crate::db::{self, AnyConnection};
use crate::domain::RoomName;
use crate::error::AppError;

/// Gives the meeting a new random room name. The revision rises and everyone on it gets an
/// update, so calendars hold the current state; join links stay and lead to the new room.
pub fn move_to_new_room(
    conn: &mut AnyConnection,
    user: &User,
    meeting_id: &str,
) -> Result<MeetingDetail, AppError> {
    let room = RoomName::random()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("no random room name: {e}")))?;
    conn.transaction(|conn| {
        let (mut meeting, own) = lock_for_change(conn, user, meeting_id)?;
        meeting.room_name = room.as_str().to_owned();
        meeting.revision += 1;
        meeting.updated_at = db::now();
        save_and_tell_everyone(conn, meeting, own, MeetingMail::update)
    })
}
