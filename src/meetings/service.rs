//! Planning, changing and cancelling meetings. Each is one transaction that also queues the mails.

use diesel::Connection;

use super::access::{self, MeetingDetail};
use super::dial_in_pin::unused_pin;
use super::idempotency::{self, Planned, Repeatable};
use super::join_link::{JoinLinks, join_token_hash};
use super::mail_jobs::{self, MeetingMail};
use super::model::{Meeting, NewParticipantRow, Participant};
use super::plan::{Invitee, MeetingChanges, MeetingPlan};
use super::queries::{self, KnownAccount};
use crate::accounts::User;
use crate::db::{self, AnyConnection};
use crate::domain::{Locale, Role, RoomName, Series};
use crate::error::{AppError, Conflict};
use crate::jitsi;
use crate::organisations;
use crate::outbox;

/// Plans a meeting and queues an invitation for every invitee.
///
/// The organizer gets an entry of their own (a moderator, with a join link) and a job for
/// their own calendar copy; the worker sends it as PUBLISH (or skips it when organizer copies
/// are turned off), never as an invitation that asks for an answer.
pub fn plan_meeting(
    conn: &mut AnyConnection,
    organizer: &User,
    plan: MeetingPlan,
    links: &JoinLinks,
) -> Result<MeetingDetail, AppError> {
    match plan_meeting_once(conn, organizer, plan, links, None)? {
        Planned::New(detail) | Planned::Repeated(detail) => Ok(detail),
    }
}

/// Plans a meeting as [`plan_meeting`] does, at most once per `repeatable` key: a request sent
/// again with the same key and the same content gets the meeting the first one created.
pub fn plan_meeting_once(
    conn: &mut AnyConnection,
    organizer: &User,
    plan: MeetingPlan,
    links: &JoinLinks,
    repeatable: Option<&Repeatable>,
) -> Result<Planned, AppError> {
    if let Some(repeatable) = repeatable
        && let Some(earlier) = idempotency::earlier(conn, organizer, repeatable, db::now())?
    {
        return Ok(Planned::Repeated(earlier));
    }
    // Reads first, outside the transaction, which then only writes (see queries::lock_meeting).
    let server_id = jitsi::server_for_meeting(conn, &organizer.organisation_id, plan.server_id)?;
    let invitees: Vec<Invitee> = plan
        .invitees
        .into_iter()
        .filter(|invitee| invitee.email.as_str() != organizer.email)
        .collect();
    let emails: Vec<&str> = invitees.iter().map(|i| i.email.as_str()).collect();
    let accounts = queries::accounts_by_email(conn, &emails)?;
    let room = RoomName::random()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("no random room name: {e}")))?;
    let now = db::now();
    let meeting = Meeting {
        id: db::new_row_id(),
        organizer_id: organizer.id.clone(),
        jitsi_server_id: server_id,
        title: plan.title.as_str().to_owned(),
        description: plan.description.as_str().to_owned(),
        starts_at: plan.schedule.starts_at().naive_utc(),
        ends_at: plan.schedule.ends_at().naive_utc(),
        time_zone: plan.schedule.time_zone().name().to_owned(),
        room_name: room.as_str().to_owned(),
        lobby_enabled: plan.lobby,
        join_minutes_before: plan.join_minutes_before,
        revision: 0,
        cancelled_at: None,
        created_at: now,
        updated_at: now,
        recurrence: plan.series.as_ref().map(Series::rrule),
        dial_in_pin: Some(unused_pin(conn)?),
        room_settings: plan.room.to_stored(),
    };
    let mut rows = vec![organizer_row(&meeting, organizer, links)];
    rows.extend(invitee_rows(
        &meeting,
        &invitees,
        &accounts,
        organizer.locale(),
        links,
    ));
    let participants: Vec<Participant> =
        rows.iter().map(NewParticipantRow::to_participant).collect();
    // The organizer's row gets one too: the worker sends them their own copy (PUBLISH).
    let jobs = mail_jobs::jobs(
        participants
            .iter()
            .map(|p| MeetingMail::invitation(&meeting, p)),
    )?;
    let created = conn.transaction(|conn| {
        if let Some(repeatable) = repeatable
            && !idempotency::claim(conn, organizer, repeatable, &meeting.id, now)?
        {
            return Err(Creation::Twin);
        }
        queries::insert_meeting(conn, &meeting)?;
        queries::insert_participants(conn, rows)?;
        outbox::enqueue(conn, &jobs)?;
        Ok(())
    });
    match created {
        Ok(()) => {}
        Err(Creation::Failed(error)) => return Err(error),
        // A twin of this request, sent at the same moment, created the meeting.
        Err(Creation::Twin) => {
            let earlier = repeatable
                .map(|repeatable| idempotency::earlier(conn, organizer, repeatable, now))
                .transpose()?
                .flatten()
                .ok_or_else(|| AppError::Internal(anyhow::anyhow!("a claimed key vanished")))?;
            return Ok(Planned::Repeated(earlier));
        }
    }
    let own = participants.first().cloned();
    Ok(Planned::New(MeetingDetail {
        organizer: access::Organizer {
            id: organizer.id.clone(),
            email: organizer.email.clone(),
            name: organizer.display_name.clone(),
        },
        meeting,
        participants,
        own,
        exceptions: Vec::new(),
    }))
}

/// Makes a new meeting's invitees like those of `earlier` (a meeting `user` may edit): whoever
/// was on it keeps their role and mail language ("Plan a similar meeting").
pub fn like_earlier(
    conn: &mut AnyConnection,
    user: &User,
    earlier: &str,
    invitees: &mut [Invitee],
) -> Result<(), AppError> {
    let detail = access::meeting_for_editor(conn, user, earlier)?;
    for invitee in invitees.iter_mut() {
        if let Some(was) = detail
            .invitees()
            .find(|p| p.email == invitee.email.as_str())
        {
            invitee.role = was.role;
            invitee.locale = Some(was.locale());
        }
    }
    Ok(())
}

/// Why the creating transaction did not commit.
enum Creation {
    /// Something failed.
    Failed(AppError),
    /// The idempotency key was claimed by a request sent at the same moment.
    Twin,
}

impl From<diesel::result::Error> for Creation {
    fn from(error: diesel::result::Error) -> Self {
        Creation::Failed(error.into())
    }
}

impl From<AppError> for Creation {
    fn from(error: AppError) -> Self {
        Creation::Failed(error)
    }
}

/// Changes a meeting. `edit` turns the request into checked changes, seeing the meeting as it
/// is inside the transaction (so "keep the start" means the start as now stored). If anything
/// invitees must hear about changed, the revision rises and every invitee (and the organizer's own calendar) gets an update.
pub fn update_meeting(
    conn: &mut AnyConnection,
    user: &User,
    meeting_id: &str,
    edit: impl FnOnce(&Meeting) -> Result<MeetingChanges, AppError>,
) -> Result<MeetingDetail, AppError> {
    conn.transaction(|conn| {
        let (mut meeting, own) = lock_for_change(conn, user, meeting_id)?;
        let changes = edit(&meeting)?;
        if let Some(Some(server_id)) = changes.server_id.clone() {
            // The servers offered are the organizer's, whoever edits.
            let organisation = organisations::organisation_of_user(conn, &meeting.organizer_id)?;
            jitsi::usable_server(conn, &organisation, server_id)?;
        }
        let was_series = meeting.recurrence.is_some();
        let noticeable = apply(&mut meeting, changes);
        if noticeable {
            meeting.revision += 1;
        }
        if noticeable && was_series {
            forget_lost_dates(conn, &meeting)?;
        }
        meeting.updated_at = db::now();
        if noticeable {
            save_and_tell_everyone(conn, meeting, own, MeetingMail::update)
        } else {
            queries::save_meeting(conn, &meeting)?;
            access::detail(conn, meeting, own)
        }
    })
}

/// Cancels a meeting: it stays (calendars must be told), marked cancelled, with a higher
/// revision, and every invitee (and the organizer's own calendar) gets a cancellation. Cancelling again changes nothing.
pub fn cancel_meeting(
    conn: &mut AnyConnection,
    user: &User,
    meeting_id: &str,
) -> Result<MeetingDetail, AppError> {
    conn.transaction(|conn| {
        let now = db::now();
        if !queries::lock_meeting(conn, meeting_id, now)? {
            return Err(AppError::NotFound);
        }
        let mut meeting = queries::find_meeting(conn, meeting_id)?;
        let own = access::editor_entry(conn, user, &meeting)?;
        if meeting.is_cancelled() {
            return access::detail(conn, meeting, own);
        }
        meeting.cancelled_at = Some(now);
        meeting.revision += 1;
        save_and_tell_everyone(conn, meeting, own, MeetingMail::cancellation)
    })
}

/// Saves a changed meeting and queues `mail` for everyone on it (the organizer's own calendar
/// included), inside the caller's transaction.
pub(super) fn save_and_tell_everyone(
    conn: &mut AnyConnection,
    meeting: Meeting,
    own: Option<Participant>,
    mail: fn(&Meeting, &Participant) -> MeetingMail,
) -> Result<MeetingDetail, AppError> {
    queries::save_meeting(conn, &meeting)?;
    // A change for everyone: every calendar entry moves to the meeting's new SEQUENCE.
    queries::set_sequences(conn, &meeting.id, meeting.revision)?;
    let detail = access::detail(conn, meeting, own)?;
    let jobs = mail_jobs::jobs(detail.participants.iter().map(|p| mail(&detail.meeting, p)))?;
    outbox::enqueue(conn, &jobs)?;
    Ok(detail)
}

/// Locks the meeting for a change by `user`: 404 if they may not edit it, 409 if it was cancelled.
pub(super) fn lock_for_change(
    conn: &mut AnyConnection,
    user: &User,
    meeting_id: &str,
) -> Result<(Meeting, Option<Participant>), AppError> {
    if !queries::lock_meeting(conn, meeting_id, db::now())? {
        return Err(AppError::NotFound);
    }
    let meeting = queries::find_meeting(conn, meeting_id)?;
    let own = access::editor_entry(conn, user, &meeting)?;
    if meeting.is_cancelled() {
        return Err(AppError::Conflict(Conflict::MeetingCancelled));
    }
    Ok((meeting, own))
}

/// Applies `changes`; answers whether invitees must be told: a new time, title or agenda. A
/// new server changes no calendar (the join links stay), so it is no news.
pub(super) fn apply(meeting: &mut Meeting, changes: MeetingChanges) -> bool {
    let before = (
        meeting.title.clone(),
        meeting.description.clone(),
        meeting.starts_at,
        meeting.ends_at,
        meeting.recurrence.clone(),
    );
    if let Some(title) = changes.title {
        meeting.title = title.as_str().to_owned();
    }
    if let Some(description) = changes.description {
        meeting.description = description.as_str().to_owned();
    }
    if let Some(schedule) = changes.schedule {
        meeting.starts_at = schedule.starts_at().naive_utc();
        meeting.ends_at = schedule.ends_at().naive_utc();
        meeting.time_zone = schedule.time_zone().name().to_owned();
    }
    if let Some(server_id) = changes.server_id {
        meeting.jitsi_server_id = server_id;
    }
    if let Some(lobby) = changes.lobby {
        meeting.lobby_enabled = lobby;
    }
    if let Some(minutes) = changes.join_minutes_before {
        meeting.join_minutes_before = minutes;
    }
    if let Some(room) = changes.room {
        meeting.room_settings = room.to_stored();
    }
    if let Some(series) = changes.series {
        meeting.recurrence = series.as_ref().map(Series::rrule);
    }
    before
        != (
            meeting.title.clone(),
            meeting.description.clone(),
            meeting.starts_at,
            meeting.ends_at,
            meeting.recurrence.clone(),
        )
}

fn organizer_row(meeting: &Meeting, organizer: &User, links: &JoinLinks) -> NewParticipantRow {
    let id = db::new_row_id();
    NewParticipantRow {
        join_token_hash: join_token_hash(&links.token(&id, 0)),
        id,
        meeting_id: meeting.id.clone(),
        email: organizer.email.clone(),
        display_name: Some(organizer.display_name.clone()),
        role: Role::Moderator,
        locale: organizer.locale().tag(),
        user_id: Some(organizer.id.clone()),
        is_organizer: true,
        link_version: 0,
        created_at: meeting.updated_at,
        updated_at: meeting.updated_at,
        sequence: meeting.revision,
        meeting_starts_at: meeting.starts_at,
        meeting_ends_at: meeting.agenda_end(),
        in_series: meeting.recurrence.is_some(),
    }
}

/// Rows for new invitees, their calendar entries at the meeting's revision; people with an
/// account are linked to it and, unless the request says otherwise, get their account's name
/// and language.
pub(super) fn invitee_rows(
    meeting: &Meeting,
    invitees: &[Invitee],
    accounts: &std::collections::HashMap<String, KnownAccount>,
    fallback_locale: Locale,
    links: &JoinLinks,
) -> Vec<NewParticipantRow> {
    let now = db::now();
    let agenda_end = meeting.agenda_end();
    invitees
        .iter()
        .map(|invitee| {
            let account = accounts.get(invitee.email.as_str());
            let id = db::new_row_id();
            let locale = invitee
                .locale
                .or_else(|| account.and_then(|a| Locale::from_tag(&a.locale)))
                .unwrap_or(fallback_locale);
            NewParticipantRow {
                join_token_hash: join_token_hash(&links.token(&id, 0)),
                id,
                meeting_id: meeting.id.clone(),
                email: invitee.email.as_str().to_owned(),
                display_name: invitee
                    .name
                    .as_ref()
                    .map(|n| n.as_str().to_owned())
                    .or_else(|| account.map(|a| a.display_name.clone())),
                role: invitee.role,
                locale: locale.tag(),
                user_id: account.map(|a| a.id.clone()),
                is_organizer: false,
                link_version: 0,
                created_at: now,
                updated_at: now,
                sequence: meeting.revision,
                meeting_starts_at: meeting.starts_at,
                meeting_ends_at: agenda_end,
                in_series: meeting.recurrence.is_some(),
            }
        })
        .collect()
}

/// After the whole series changed (its rule or its first meeting): the exceptions of dates it
/// no longer has are dropped — calendars drop overrides whose RECURRENCE-ID matches no date.
pub(super) fn forget_lost_dates(
    conn: &mut AnyConnection,
    meeting: &Meeting,
) -> Result<(), AppError> {
    let exceptions = queries::exceptions_of(conn, &[meeting.id.as_str()])?;
    let series = meeting.series();
    let lost: Vec<_> = exceptions
        .iter()
        .filter(|e| {
            series
                .as_ref()
                .is_none_or(|s| !s.has_start(e.recurrence_id.and_utc()))
        })
        .map(|e| e.recurrence_id)
        .collect();
    queries::drop_exceptions(conn, &meeting.id, &lost)?;
    Ok(())
}
