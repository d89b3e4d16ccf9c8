//! "This and all following": a series changed from one date on. As Outlook and Google do (the
//! RFC's RANGE=THISANDFUTURE is not applied reliably), the series ends the day before that date
//! (`UNTIL`, an update with a higher SEQUENCE to everyone) and the rest becomes a new series
//! with a new UID, a new room and new personal links, to which everyone is invited; dates
//! changed or cancelled alone after the split go with it while it still has them.

use diesel::Connection;

use super::access::{self, MeetingDetail};
use super::dial_in_pin::unused_pin;
use super::join_link::{JoinLinks, join_token_hash};
use super::mail_jobs::{self, MeetingMail};
use super::model::{Meeting, MeetingException, NewParticipantRow, Participant};
use super::occurrences::{MAX_EXPANDED, occurrence_at, occurrences};
use super::plan::MeetingChanges;
use super::queries;
use super::service::{apply, forget_lost_dates, lock_for_change, save_and_tell_everyone};
use crate::accounts::User;
use crate::db::{self, AnyConnection};
use crate::domain::{FieldError, RoomName, Series, SeriesEnd};
use crate::error::{AppError, FieldErrors};
use crate::outbox;

/// Changes the series `meeting_id` from the date that originally starts at `recurrence_id` on.
/// `edit` sees the rest of the series as a meeting of its own (its first date: that one) and
/// turns the request into changes, as for a whole meeting. Answers the new series. 404 unless
/// `user` may edit the series and it has that date after its first; 409 if it is cancelled.
pub fn change_following(
    conn: &mut AnyConnection,
    user: &User,
    meeting_id: &str,
    recurrence_id: chrono::DateTime<chrono::Utc>,
    links: &JoinLinks,
    edit: impl FnOnce(&Meeting) -> Result<MeetingChanges, AppError>,
) -> Result<MeetingDetail, AppError> {
    let room = RoomName::random()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("no random room name: {e}")))?;
    conn.transaction(|conn| {
        let (mut old, own) = lock_for_change(conn, user, meeting_id)?;
        let series = old.series().ok_or(AppError::NotFound)?;
        let exceptions = queries::exceptions_of(conn, &[meeting_id])?;
        if recurrence_id <= old.starts_at_utc()
            || occurrence_at(&old, &exceptions, recurrence_id).is_none()
        {
            return Err(AppError::NotFound);
        }
        let zone = series.zone();
        let earlier = occurrences(&old, &[], old.starts_at_utc(), recurrence_id, MAX_EXPANDED)
            .into_iter()
            .filter(|date| date.recurrence_id < recurrence_id)
            .count();
        // The rest: from this date on, as many dates as were left.
        let rest_end = match series.rule().end() {
            SeriesEnd::Count(count) => SeriesEnd::Count(
                count
                    .saturating_sub(u32::try_from(earlier).unwrap_or(0))
                    .max(1),
            ),
            end => end,
        };
        let rest_series = Series::new(
            series.rule().with_end(rest_end),
            zone,
            recurrence_id,
            series.duration(),
        )
        .map_err(refused)?;
        let now = db::now();
        let mut rest = Meeting {
            id: db::new_row_id(),
            room_name: room.as_str().to_owned(),
            starts_at: recurrence_id.naive_utc(),
            ends_at: (recurrence_id + series.duration()).naive_utc(),
            revision: 0,
            cancelled_at: None,
            created_at: now,
            updated_at: now,
            recurrence: Some(rest_series.rrule()),
            dial_in_pin: Some(unused_pin(conn)?),
            ..old.clone()
        };
        let changes = edit(&rest)?;
        apply(&mut rest, changes);
        // The series so far ends the day before that date.
        let last_day = recurrence_id
            .with_timezone(&zone.tz())
            .date_naive()
            .pred_opt()
            .ok_or(AppError::NotFound)?;
        let ended = Series::new(
            series.rule().with_end(SeriesEnd::Until(last_day)),
            zone,
            old.starts_at_utc(),
            series.duration(),
        )
        .map_err(refused)?;
        old.recurrence = Some(ended.rrule());
        old.revision += 1;
        old.updated_at = now;
        // Dates changed or cancelled alone after the split go with the rest when it still has
        // them (its rule and time unchanged there); the old series forgets them.
        let carried: Vec<MeetingException> = match rest.series() {
            Some(rest_series) => exceptions
                .iter()
                .filter(|e| e.recurrence_id.and_utc() >= recurrence_id)
                .filter(|e| rest_series.has_start(e.recurrence_id.and_utc()))
                .map(|e| MeetingException {
                    meeting_id: rest.id.clone(),
                    sequence: 0,
                    created_at: now,
                    updated_at: now,
                    ..e.clone()
                })
                .collect(),
            None => Vec::new(),
        };
        forget_lost_dates(conn, &old)?;
        let people = queries::participants_of(conn, &old.id)?;
        save_and_tell_everyone(conn, old, own, MeetingMail::update)?;

        queries::insert_meeting(conn, &rest)?;
        for exception in &carried {
            queries::save_exception(conn, exception, true)?;
        }
        let rows: Vec<NewParticipantRow> = people
            .iter()
            .map(|person| copy_of(person, &rest, links))
            .collect();
        let invited: Vec<Participant> =
            rows.iter().map(NewParticipantRow::to_participant).collect();
        queries::insert_participants(conn, rows)?;
        let jobs = mail_jobs::jobs(invited.iter().map(|p| MeetingMail::invitation(&rest, p)))?;
        outbox::enqueue(conn, &jobs)?;
        let own = access::editor_entry(conn, user, &rest)?;
        access::detail(conn, rest, own)
    })
}

/// A rule that cannot be split there, as the API and the form report it.
fn refused(error: FieldError) -> AppError {
    let mut errors = FieldErrors::new();
    errors.add("recurrence", error);
    AppError::Validation(errors)
}

/// Someone on the old series, on the new one: the same address, name, role and language, a
/// new personal link.
fn copy_of(person: &Participant, rest: &Meeting, links: &JoinLinks) -> NewParticipantRow {
    let id = db::new_row_id();
    NewParticipantRow {
        join_token_hash: join_token_hash(&links.token(&id, 0)),
        id,
        meeting_id: rest.id.clone(),
        email: person.email.clone(),
        display_name: person.display_name.clone(),
        role: person.role,
        locale: person.locale().tag(),
        user_id: person.user_id.clone(),
        is_organizer: person.is_organizer,
        link_version: 0,
        created_at: rest.created_at,
        updated_at: rest.created_at,
        sequence: 0,
        meeting_starts_at: rest.starts_at,
        meeting_ends_at: rest.agenda_end(),
        in_series: rest.recurrence.is_some(),
    }
}
