//! Adding, changing and removing participants, and sending an invitation again.

use diesel::Connection;

use super::delivery;
use super::join_link::{JoinLinks, join_token_hash};
use super::mail_jobs::{self, MeetingMail};
use super::model::{Meeting, NewParticipantRow, Participant};
use super::plan::{Invitee, MAX_INVITEES, ParticipantChanges};
use super::queries;
use super::service::{invitee_rows, lock_for_change};
use crate::accounts::User;
use crate::db::{self, AnyConnection};
use crate::domain::{Email, Role};
use crate::error::{AppError, Conflict};
use crate::outbox;

/// What adding people did: who was invited now, and who was on the meeting already.
#[derive(Debug, Clone, Default)]
pub struct Added {
    /// The new participants, each with an invitation queued.
    pub invited: Vec<Participant>,
    /// Addresses that were already on the meeting (left unchanged).
    pub already_invited: Vec<Email>,
}

/// Invites more people to a meeting; addresses already on it are skipped and reported.
pub fn add_participants(
    conn: &mut AnyConnection,
    user: &User,
    meeting_id: &str,
    invitees: Vec<Invitee>,
    links: &JoinLinks,
) -> Result<Added, AppError> {
    conn.transaction(|conn| {
        let (mut meeting, _) = lock_for_change(conn, user, meeting_id)?;
        let existing = queries::participants_of(conn, meeting_id)?;
        let (already, new): (Vec<Invitee>, Vec<Invitee>) = invitees
            .into_iter()
            .partition(|i| existing.iter().any(|p| p.email == i.email.as_str()));
        let invitee_count = existing.iter().filter(|p| !p.is_organizer).count();
        if invitee_count + new.len() > MAX_INVITEES {
            return Err(AppError::Conflict(Conflict::TooManyParticipants));
        }
        let emails: Vec<&str> = new.iter().map(|i| i.email.as_str()).collect();
        let accounts = queries::accounts_by_email(conn, &emails)?;
        let organizer_locale = existing
            .iter()
            .find(|p| p.is_organizer)
            .map(Participant::locale)
            .unwrap_or_default();
        if !new.is_empty() {
            // A new SEQUENCE for the newcomers alone: above any CANCEL someone of them may have
            // been sent when removed earlier, so their calendar takes the invitation.
            meeting.revision += 1;
            meeting.updated_at = db::now();
            queries::save_meeting(conn, &meeting)?;
        }
        let rows = invitee_rows(&meeting, &new, &accounts, organizer_locale, links);
        let invited: Vec<Participant> =
            rows.iter().map(NewParticipantRow::to_participant).collect();
        queries::insert_participants(conn, rows)?;
        let jobs = mail_jobs::jobs(invited.iter().map(|p| MeetingMail::invitation(&meeting, p)))?;
        outbox::enqueue(conn, &jobs)?;
        Ok(Added {
            invited,
            already_invited: already.into_iter().map(|i| i.email).collect(),
        })
    })
}

/// Changes a participant's role, name or language. The organizer stays a moderator.
pub fn change_participant(
    conn: &mut AnyConnection,
    user: &User,
    meeting_id: &str,
    participant_id: &str,
    changes: ParticipantChanges,
) -> Result<Participant, AppError> {
    conn.transaction(|conn| {
        lock_for_change(conn, user, meeting_id)?;
        let mut participant = queries::find_participant(conn, meeting_id, participant_id)?;
        if let Some(role) = changes.role {
            if participant.is_organizer && role != Role::Moderator {
                return Err(AppError::Conflict(Conflict::OrganizerIsModerator));
            }
            participant.role = role;
        }
        if let Some(name) = changes.name {
            participant.display_name = name.map(|n| n.as_str().to_owned());
        }
        if let Some(locale) = changes.locale {
            participant.locale = locale.tag().to_owned();
        }
        participant.updated_at = db::now();
        queries::save_participant(conn, &participant)?;
        Ok(participant)
    })
}

/// Removes someone from a meeting; their join link stops working at once and they are told
/// (a CANCEL at a new SEQUENCE for them alone; nobody else's calendar moves).
pub fn remove_participant(
    conn: &mut AnyConnection,
    user: &User,
    meeting_id: &str,
    participant_id: &str,
) -> Result<Participant, AppError> {
    conn.transaction(|conn| {
        let (mut meeting, participant) = invitee_for_change(
            conn,
            user,
            meeting_id,
            participant_id,
            Conflict::OrganizerCannotBeRemoved,
        )?;
        meeting.revision += 1;
        meeting.updated_at = db::now();
        queries::save_meeting(conn, &meeting)?;
        queries::delete_participant(conn, participant_id)?;
        let mail = MeetingMail::uninvitation(&meeting, &participant);
        outbox::enqueue(conn, &[mail.job()?])?;
        Ok(participant)
    })
}

/// Queues the invitation for one participant again (it went astray, or they deleted it).
pub fn resend_invitation(
    conn: &mut AnyConnection,
    user: &User,
    meeting_id: &str,
    participant_id: &str,
) -> Result<Participant, AppError> {
    conn.transaction(|conn| {
        let (meeting, participant) = invitee_for_change(
            conn,
            user,
            meeting_id,
            participant_id,
            Conflict::OrganizerNotInvited,
        )?;
        delivery::forget_failures(conn, &participant.id)?;
        let mail = MeetingMail::invitation(&meeting, &participant);
        outbox::enqueue(conn, &[mail.job()?])?;
        Ok(participant)
    })
}

/// Replaces someone's join link (it leaked, or was forwarded): the old link stops working at
/// once. An invitee is sent an update carrying the new link at a new SEQUENCE for them alone,
/// so their calendar takes the new link in place of the old; nobody else hears of it.
pub fn regenerate_link(
    conn: &mut AnyConnection,
    user: &User,
    meeting_id: &str,
    participant_id: &str,
    links: &JoinLinks,
) -> Result<Participant, AppError> {
    conn.transaction(|conn| {
        let (mut meeting, _) = lock_for_change(conn, user, meeting_id)?;
        let mut participant = queries::find_participant(conn, meeting_id, participant_id)?;
        participant.link_version += 1;
        participant.updated_at = db::now();
        let token = links.token(&participant.id, participant.link_version);
        meeting.revision += 1;
        meeting.updated_at = participant.updated_at;
        participant.sequence = meeting.revision;
        queries::save_meeting(conn, &meeting)?;
        queries::replace_join_link(conn, &participant, &join_token_hash(&token))?;
        if !participant.is_organizer {
            let mail = MeetingMail::update(&meeting, &participant);
            outbox::enqueue(conn, &[mail.job()?])?;
        }
        Ok(participant)
    })
}

/// Locks the meeting for `user`'s change and finds one invitee on it; the organizer's own entry
/// is refused with `organizer_conflict`.
fn invitee_for_change(
    conn: &mut AnyConnection,
    user: &User,
    meeting_id: &str,
    participant_id: &str,
    organizer_conflict: Conflict,
) -> Result<(Meeting, Participant), AppError> {
    let (meeting, _) = lock_for_change(conn, user, meeting_id)?;
    let participant = queries::find_participant(conn, meeting_id, participant_id)?;
    if participant.is_organizer {
        return Err(AppError::Conflict(organizer_conflict));
    }
    Ok((meeting, participant))
}
