//! Who may see and change a meeting.
//!
//! The organizer, moderators who hold an account, and administrators may edit; nobody else
//! learns that the meeting exists (404, the same answer as for an id that was never used).

use super::model::{Meeting, MeetingException, Participant};
use super::queries::{self, AccountSummary};
use crate::accounts::User;
use crate::db::AnyConnection;
use crate::error::AppError;

/// A meeting with everyone on it, as its editors see it.
#[derive(Debug, Clone)]
pub struct MeetingDetail {
    pub meeting: Meeting,
    /// Who planned it.
    pub organizer: Organizer,
    /// Everyone on it, the organizer's own entry first.
    pub participants: Vec<Participant>,
    /// The viewer's own entry, which carries their join link (administrators may have none).
    pub own: Option<Participant>,
    /// For a series: its occurrences cancelled, moved or retitled alone, in time order.
    pub exceptions: Vec<MeetingException>,
}

impl MeetingDetail {
    /// The people invited, without the organizer's own entry.
    pub fn invitees(&self) -> impl Iterator<Item = &Participant> {
        self.participants.iter().filter(|p| !p.is_organizer)
    }
}

/// The organizer as a meeting shows them.
#[derive(Debug, Clone)]
pub struct Organizer {
    /// Account id.
    pub id: String,
    /// Address.
    pub email: String,
    pub name: String,
}

impl From<AccountSummary> for Organizer {
    fn from((id, email, name): AccountSummary) -> Self {
        Organizer { id, email, name }
    }
}

/// The one rule of who may open and edit a meeting: administrators, its organizer, and
/// moderators on it (`own` is the user's entry, if any). Everyone else gets 404.
pub fn may_edit(user: &User, meeting: &Meeting, own: Option<&Participant>) -> bool {
    user.is_admin
        || meeting.organizer_id == user.id
        || own.is_some_and(|p| p.role == crate::domain::Role::Moderator)
}

/// The address through which `user` owns invitations not yet linked to an account: theirs,
/// if it is verified. An unverified address (a sign-in provider that does not vouch for it)
/// claims nothing, so it cannot pick up someone else's invitation and its rights.
pub fn claim_email(user: &User) -> Option<&str> {
    user.email_verified.then_some(user.email.as_str())
}

/// Whether `user` may edit `meeting`, and their own entry on it.
pub(super) fn editor_entry(
    conn: &mut AnyConnection,
    user: &User,
    meeting: &Meeting,
) -> Result<Option<Participant>, AppError> {
    let own = queries::participant_for_user(conn, &meeting.id, &user.id, claim_email(user))?;
    if may_edit(user, meeting, own.as_ref()) {
        Ok(own)
    } else {
        Err(AppError::NotFound)
    }
}

/// The meeting with everyone on it, if `user` may edit it; 404 otherwise.
pub fn meeting_for_editor(
    conn: &mut AnyConnection,
    user: &User,
    meeting_id: &str,
) -> Result<MeetingDetail, AppError> {
    let meeting = queries::find_meeting(conn, meeting_id)?;
    let own = editor_entry(conn, user, &meeting)?;
    detail(conn, meeting, own)
}

/// The meeting, if `user` may moderate it (its organizer, a moderator on it, an
/// administrator); 404 otherwise, as for a meeting that does not exist.
pub fn meeting_for_moderator(
    conn: &mut AnyConnection,
    user: &User,
    meeting_id: &str,
) -> Result<Meeting, AppError> {
    let meeting = queries::find_meeting(conn, meeting_id)?;
    editor_entry(conn, user, &meeting)?;
    Ok(meeting)
}

/// Reads the organizer and participants of a meeting already authorised.
pub(super) fn detail(
    conn: &mut AnyConnection,
    meeting: Meeting,
    own: Option<Participant>,
) -> Result<MeetingDetail, AppError> {
    let organizer = queries::account_summary(conn, &meeting.organizer_id)?.into();
    let participants = queries::participants_of(conn, &meeting.id)?;
    let exceptions = if meeting.recurrence.is_some() {
        queries::exceptions_of(conn, &[meeting.id.as_str()])?
    } else {
        Vec::new()
    };
    Ok(MeetingDetail {
        meeting,
        organizer,
        participants,
        own,
        exceptions,
    })
}
