//! SQL for meetings and participants. Nothing outside this folder queries `meetings`,
//! `participants`, `meeting_exceptions`, `responses`, `counter_proposals` or
//! `idempotency_keys`: changes and
//! look-ups here, the agenda in `agenda.rs`, series exceptions in `exceptions.rs`, answers in
//! `responses.rs`, idempotency keys in `idempotency.rs`.

mod agenda;
mod exceptions;
mod idempotency;
pub(super) mod privacy;
mod responses;
pub(super) mod retention;

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

pub(super) use agenda::{AgendaRow, AgendaWindow, agenda, series_agenda};
pub(super) use exceptions::{drop_exceptions, save_exception};
pub use exceptions::{exceptions_by_meeting, exceptions_of};
pub(super) use idempotency::{
    claim_idempotency_key, forget_idempotency_key, idempotency_key, purge_idempotency_keys,
};
pub use responses::UnseenFailure;
pub(super) use responses::{
    counters_of, digest_answers, digest_candidates, mark_failures_seen, participant_with_meeting,
    response_of, responses_of, save_counter, save_response, unseen_failures,
};

use super::model::{Meeting, NewParticipantRow, Participant};
use crate::db::AnyConnection;
use crate::db::schema::{meetings, participants, users};

pub(super) fn insert_meeting(conn: &mut AnyConnection, meeting: &Meeting) -> QueryResult<()> {
    diesel::insert_into(meetings::table)
        .values(meeting)
        .execute(conn)
        .map(drop)
}

pub(super) fn insert_participants(
    conn: &mut AnyConnection,
    rows: Vec<NewParticipantRow>,
) -> QueryResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    crate::on_backend!(conn, |c| diesel::insert_into(participants::table)
        .values(rows)
        .execute(c)
        .map(drop))
}

/// Whether any meeting holds this PIN.
pub(super) fn pin_taken(conn: &mut AnyConnection, pin: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        meetings::table.filter(meetings::dial_in_pin.eq(pin)),
    ))
    .get_result(conn)
}

pub(super) fn find_meeting(conn: &mut AnyConnection, id: &str) -> QueryResult<Meeting> {
    meetings::table
        .find(id)
        .select(Meeting::as_select())
        .first(conn)
}

/// Takes the meeting's write lock by touching it, before anything is read.
///
/// Writing first serialises concurrent changes to one meeting on PostgreSQL (row lock) and
/// keeps SQLite from failing a transaction whose earlier read went stale. Answers whether the
/// meeting exists.
pub(super) fn lock_meeting(
    conn: &mut AnyConnection,
    id: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::update(meetings::table.find(id))
        .set(meetings::updated_at.eq(now))
        .execute(conn)
        .map(|rows| rows == 1)
}

pub(super) fn save_meeting(conn: &mut AnyConnection, meeting: &Meeting) -> QueryResult<()> {
    diesel::update(meetings::table.find(&meeting.id))
        .set((
            meetings::jitsi_server_id.eq(&meeting.jitsi_server_id),
            meetings::title.eq(&meeting.title),
            meetings::description.eq(&meeting.description),
            meetings::starts_at.eq(meeting.starts_at),
            meetings::ends_at.eq(meeting.ends_at),
            meetings::time_zone.eq(&meeting.time_zone),
            meetings::room_name.eq(&meeting.room_name),
            meetings::lobby_enabled.eq(meeting.lobby_enabled),
            meetings::join_minutes_before.eq(meeting.join_minutes_before),
            meetings::revision.eq(meeting.revision),
            meetings::cancelled_at.eq(meeting.cancelled_at),
            meetings::updated_at.eq(meeting.updated_at),
            meetings::recurrence.eq(&meeting.recurrence),
            meetings::room_settings.eq(&meeting.room_settings),
        ))
        .execute(conn)?;
    // The agenda's copies of the times follow (a write only when the times moved).
    let agenda_end = meeting.agenda_end();
    let in_series = meeting.recurrence.is_some();
    diesel::update(
        participants::table
            .filter(participants::meeting_id.eq(&meeting.id))
            .filter(
                participants::meeting_starts_at
                    .ne(meeting.starts_at)
                    .or(participants::meeting_ends_at.ne(agenda_end))
                    .or(participants::in_series.ne(in_series)),
            ),
    )
    .set((
        participants::meeting_starts_at.eq(meeting.starts_at),
        participants::meeting_ends_at.eq(agenda_end),
        participants::in_series.eq(in_series),
    ))
    .execute(conn)
    .map(drop)
}

/// Everyone on the meeting, the organizer first, then in the order they were invited.
pub(super) fn participants_of(
    conn: &mut AnyConnection,
    meeting_id: &str,
) -> QueryResult<Vec<Participant>> {
    participants::table
        .filter(participants::meeting_id.eq(meeting_id))
        .order((
            participants::is_organizer.desc(),
            participants::created_at,
            participants::email,
        ))
        .select(Participant::as_select())
        .load(conn)
}

pub(super) fn find_participant(
    conn: &mut AnyConnection,
    meeting_id: &str,
    participant_id: &str,
) -> QueryResult<Participant> {
    participants::table
        .filter(participants::meeting_id.eq(meeting_id))
        .filter(participants::id.eq(participant_id))
        .select(Participant::as_select())
        .first(conn)
}

/// An account's entries: linked to it, or invited by its address before the account existed
/// — the latter only while the account's address is verified (`claim_email` is `Some`).
macro_rules! belongs_to {
    ($user_id:expr, $claim_email:expr) => {
        participants::user_id.eq($user_id).or(participants::user_id
            .is_null()
            .and(participants::email.eq($claim_email.unwrap_or_default()))
            .and($claim_email.is_some().into_sql::<diesel::sql_types::Bool>()))
    };
}

/// The viewer's own entry on the meeting, if they are on it.
pub(super) fn participant_for_user(
    conn: &mut AnyConnection,
    meeting_id: &str,
    user_id: &str,
    claim_email: Option<&str>,
) -> QueryResult<Option<Participant>> {
    participants::table
        .filter(participants::meeting_id.eq(meeting_id))
        .filter(belongs_to!(user_id, claim_email))
        .select(Participant::as_select())
        .first(conn)
        .optional()
}

pub(super) fn save_participant(
    conn: &mut AnyConnection,
    participant: &Participant,
) -> QueryResult<()> {
    diesel::update(participants::table.find(&participant.id))
        .set((
            participants::display_name.eq(&participant.display_name),
            participants::role.eq(participant.role.as_str()),
            participants::locale.eq(&participant.locale),
            participants::updated_at.eq(participant.updated_at),
        ))
        .execute(conn)
        .map(drop)
}

/// Gives a participant a new link version; the old link's hash is gone with it.
pub(super) fn replace_join_link(
    conn: &mut AnyConnection,
    participant: &Participant,
    join_token_hash: &str,
) -> QueryResult<()> {
    diesel::update(participants::table.find(&participant.id))
        .set((
            participants::link_version.eq(participant.link_version),
            participants::join_token_hash.eq(join_token_hash),
            participants::sequence.eq(participant.sequence),
            participants::updated_at.eq(participant.updated_at),
        ))
        .execute(conn)
        .map(drop)
}

pub(super) fn delete_participant(
    conn: &mut AnyConnection,
    participant_id: &str,
) -> QueryResult<()> {
    diesel::delete(participants::table.find(participant_id))
        .execute(conn)
        .map(drop)
}

/// An account as a meeting shows it: id, address, name.
pub(super) type AccountSummary = (String, String, String);

pub(super) fn account_summary(
    conn: &mut AnyConnection,
    user_id: &str,
) -> QueryResult<AccountSummary> {
    users::table
        .find(user_id)
        .select((users::id, users::email, users::display_name))
        .first(conn)
}

/// An invitee who has an account: their meetings show on their dashboard.
#[derive(Debug, Clone, Queryable)]
pub struct KnownAccount {
    pub email: String,
    pub id: String,
    pub display_name: String,
    pub locale: String,
}

/// The enabled accounts with a verified address among `emails`, by address: only those are
/// linked to an invitation.
pub fn accounts_by_email(
    conn: &mut AnyConnection,
    emails: &[&str],
) -> QueryResult<HashMap<String, KnownAccount>> {
    if emails.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<KnownAccount> = users::table
        .filter(users::email.eq_any(emails))
        .filter(users::disabled_at.is_null())
        .filter(users::email_verified.eq(true))
        .select((users::email, users::id, users::display_name, users::locale))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|account| (account.email.clone(), account))
        .collect())
}

pub(super) fn server_in_use(conn: &mut AnyConnection, server_id: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        meetings::table.filter(meetings::jitsi_server_id.eq(server_id)),
    ))
    .get_result(conn)
}

/// How many meetings each server carries, by server id.
pub(super) fn meetings_per_server(conn: &mut AnyConnection) -> QueryResult<HashMap<String, i64>> {
    let rows: Vec<(Option<String>, i64)> = meetings::table
        .filter(meetings::jitsi_server_id.is_not_null())
        .group_by(meetings::jitsi_server_id)
        .select((meetings::jitsi_server_id, diesel::dsl::count_star()))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, n)| id.map(|id| (id, n)))
        .collect())
}

/// Participants of single meetings starting in `(now, until]`, not cancelled, who have not
/// been reminded of the meeting's current start.
pub(super) fn due_reminders(
    conn: &mut AnyConnection,
    now: NaiveDateTime,
    until: NaiveDateTime,
) -> QueryResult<Vec<(Meeting, Participant)>> {
    meetings::table
        .inner_join(participants::table)
        .filter(meetings::starts_at.gt(now))
        .filter(meetings::starts_at.le(until))
        .filter(meetings::cancelled_at.is_null())
        .filter(meetings::recurrence.is_null())
        .filter(
            participants::reminded_for
                .is_null()
                .or(participants::reminded_for.ne(meetings::starts_at.nullable())),
        )
        .select((Meeting::as_select(), Participant::as_select()))
        .load(conn)
}

/// The series that go on: not cancelled, their last meeting not over by `now` (read from the
/// organizer's row, which carries the series' end). Single meetings are read by
/// `due_reminders`.
pub(super) fn running_series(
    conn: &mut AnyConnection,
    now: NaiveDateTime,
) -> QueryResult<Vec<Meeting>> {
    meetings::table
        .inner_join(participants::table)
        .filter(meetings::recurrence.is_not_null())
        .filter(meetings::cancelled_at.is_null())
        .filter(participants::is_organizer.eq(true))
        .filter(participants::meeting_ends_at.gt(now))
        .select(Meeting::as_select())
        .load(conn)
}

/// Everyone on these meetings.
pub(super) fn participants_of_meetings(
    conn: &mut AnyConnection,
    meeting_ids: &[&str],
) -> QueryResult<Vec<Participant>> {
    participants::table
        .filter(participants::meeting_id.eq_any(meeting_ids))
        .select(Participant::as_select())
        .load(conn)
}

/// Notes that `participant_id` is done with the reminder for the start `starts_at`; `false`
/// when someone else (another worker) already did, so each start is reminded of once. For the
/// dates of a series (`in_order`) the mark only moves forward: marking a later date covers the
/// earlier ones, so two dates due at once do not take turns.
pub(super) fn mark_reminded(
    conn: &mut AnyConnection,
    participant_id: &str,
    starts_at: NaiveDateTime,
    in_order: bool,
) -> QueryResult<bool> {
    let row = participants::table.find(participant_id);
    let unmarked = participants::reminded_for.is_null();
    let rows = if in_order {
        diesel::update(row.filter(unmarked.or(participants::reminded_for.lt(starts_at))))
            .set(participants::reminded_for.eq(starts_at))
            .execute(conn)?
    } else {
        diesel::update(row.filter(unmarked.or(participants::reminded_for.ne(starts_at))))
            .set(participants::reminded_for.eq(starts_at))
            .execute(conn)?
    };
    Ok(rows == 1)
}

/// Gives every calendar entry of the meeting the same SEQUENCE (after a change for everyone).
pub(super) fn set_sequences(
    conn: &mut AnyConnection,
    meeting_id: &str,
    sequence: i32,
) -> QueryResult<()> {
    diesel::update(participants::table.filter(participants::meeting_id.eq(meeting_id)))
        .set(participants::sequence.eq(sequence))
        .execute(conn)
        .map(drop)
}
