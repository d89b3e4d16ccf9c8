//! SQL for meetings and participants. Nothing outside this file queries `meetings` or `participants`.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::model::{Meeting, NewParticipantRow, Participant};
use crate::db::AnyConnection;
use crate::db::schema::{idempotency_keys, meetings, participants, users};

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
        ))
        .execute(conn)?;
    // The agenda's copies of the times follow (a write only when the times moved).
    diesel::update(
        participants::table
            .filter(participants::meeting_id.eq(&meeting.id))
            .filter(
                participants::meeting_starts_at
                    .ne(meeting.starts_at)
                    .or(participants::meeting_ends_at.ne(meeting.ends_at)),
            ),
    )
    .set((
        participants::meeting_starts_at.eq(meeting.starts_at),
        participants::meeting_ends_at.eq(meeting.ends_at),
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
pub(super) struct KnownAccount {
    pub email: String,
    pub id: String,
    pub display_name: String,
    pub locale: String,
}

/// The enabled accounts with a verified address among `emails`, by address: only those are
/// linked to an invitation.
pub(super) fn accounts_by_email(
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

/// Which meetings of a user's agenda to read, and in which order.
#[derive(Debug, Clone, Copy)]
pub(super) struct AgendaWindow {
    /// Starting at or after this…
    pub starts_from: Option<NaiveDateTime>,
    /// …or, if set, still running at this time (ends after it).
    pub or_still_running_at: Option<NaiveDateTime>,
    pub starts_before: Option<NaiveDateTime>,
    /// Ended at or before this.
    pub ended_by: Option<NaiveDateTime>,
    pub newest_first: bool,
    pub limit: i64,
    pub offset: i64,
}

impl AgendaWindow {
    /// The first `limit` meetings, earliest first, without bounds.
    pub fn first(limit: i64) -> AgendaWindow {
        AgendaWindow {
            starts_from: None,
            or_still_running_at: None,
            starts_before: None,
            ended_by: None,
            newest_first: false,
            limit,
            offset: 0,
        }
    }
}

/// A meeting on a user's agenda: the meeting, the user's own entry, the organizer's name and address.
pub(super) type AgendaRow = (Meeting, Participant, String, String);

/// A meeting still running at some moment started at most this long before it (the longest a
/// meeting may last), so "still running" is a bounded range of starts too.
const LONGEST_MEETING: chrono::TimeDelta =
    chrono::TimeDelta::minutes(crate::domain::MAX_DURATION_MINUTES);

/// Whose agenda rows to read: an account's own entries, or entries to its (verified) address
/// not yet linked to any account. Two reads, each an index range scan in time order, instead of
/// one `OR` that made the database sort every meeting of the account.
#[derive(Clone, Copy)]
enum Owner<'a> {
    Account(&'a str),
    Address(&'a str),
}

/// Meetings the user organizes or is invited to, in a window.
pub(super) fn agenda(
    conn: &mut AnyConnection,
    user_id: &str,
    claim_email: Option<&str>,
    window: AgendaWindow,
) -> QueryResult<Vec<AgendaRow>> {
    let wanted = window.offset + window.limit;
    let mut rows = agenda_of(conn, Owner::Account(user_id), window, wanted)?;
    if let Some(email) = claim_email {
        rows.extend(agenda_of(conn, Owner::Address(email), window, wanted)?);
        // Both halves came in order; together they are at most twice a page.
        rows.sort_by(|(a, ..), (b, ..)| {
            let order = (a.starts_at, &a.id).cmp(&(b.starts_at, &b.id));
            if window.newest_first {
                order.reverse()
            } else {
                order
            }
        });
    }
    let skip = usize::try_from(window.offset).unwrap_or(0);
    let take = usize::try_from(window.limit).unwrap_or(0);
    Ok(rows.into_iter().skip(skip).take(take).collect())
}

/// The first `wanted` agenda rows of one owner in the window, read in time order from the
/// participant rows' copies of the meeting's times.
fn agenda_of(
    conn: &mut AnyConnection,
    owner: Owner<'_>,
    window: AgendaWindow,
    wanted: i64,
) -> QueryResult<Vec<AgendaRow>> {
    let mut query = participants::table
        .inner_join(meetings::table.inner_join(users::table))
        .select((
            Meeting::as_select(),
            Participant::as_select(),
            users::display_name,
            users::email,
        ))
        .into_boxed();
    query = match owner {
        Owner::Account(user_id) => query.filter(participants::user_id.eq(user_id)),
        Owner::Address(email) => query
            .filter(participants::user_id.is_null())
            .filter(participants::email.eq(email)),
    };
    match (window.starts_from, window.or_still_running_at) {
        (Some(from), Some(running_at)) => {
            query = query
                .filter(participants::meeting_starts_at.ge(from - LONGEST_MEETING))
                .filter(
                    participants::meeting_starts_at
                        .ge(from)
                        .or(participants::meeting_ends_at.gt(running_at)),
                );
        }
        (Some(from), None) => query = query.filter(participants::meeting_starts_at.ge(from)),
        (None, _) => {}
    }
    if let Some(ended_by) = window.ended_by {
        query = query.filter(participants::meeting_ends_at.le(ended_by));
    }
    if let Some(before) = window.starts_before {
        query = query.filter(participants::meeting_starts_at.lt(before));
    }
    query = if window.newest_first {
        query.order((
            participants::meeting_starts_at.desc(),
            participants::meeting_id.desc(),
        ))
    } else {
        query.order((
            participants::meeting_starts_at.asc(),
            participants::meeting_id.asc(),
        ))
    };
    query.limit(wanted).load(conn)
}

/// How many people (besides the organizer) each meeting invites.
pub(super) fn invitee_counts(
    conn: &mut AnyConnection,
    meeting_ids: &[&str],
) -> QueryResult<HashMap<String, i64>> {
    if meeting_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(String, i64)> = participants::table
        .filter(participants::meeting_id.eq_any(meeting_ids))
        .filter(participants::is_organizer.eq(false))
        .group_by(participants::meeting_id)
        .select((participants::meeting_id, diesel::dsl::count_star()))
        .load(conn)?;
    Ok(rows.into_iter().collect())
}

/// Participants of meetings starting in `(now, until]`, not cancelled, who have not been
/// reminded of the meeting's current start.
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
        .filter(
            participants::reminded_for
                .is_null()
                .or(participants::reminded_for.ne(meetings::starts_at.nullable())),
        )
        .select((Meeting::as_select(), Participant::as_select()))
        .load(conn)
}

/// Notes that `participant_id` is done with the reminder for the start `starts_at`; `false`
/// when someone else (another worker) already did, so each start is reminded of once.
pub(super) fn mark_reminded(
    conn: &mut AnyConnection,
    participant_id: &str,
    starts_at: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::update(
        participants::table.find(participant_id).filter(
            participants::reminded_for
                .is_null()
                .or(participants::reminded_for.ne(starts_at)),
        ),
    )
    .set(participants::reminded_for.eq(starts_at))
    .execute(conn)
    .map(|rows| rows == 1)
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

/// The fingerprint and meeting of a key claimed after `since`.
pub(super) fn idempotency_key(
    conn: &mut AnyConnection,
    user_id: &str,
    key: &str,
    since: NaiveDateTime,
) -> QueryResult<Option<(String, String)>> {
    idempotency_keys::table
        .find((user_id, key))
        .filter(idempotency_keys::created_at.gt(since))
        .select((idempotency_keys::fingerprint, idempotency_keys::meeting_id))
        .first(conn)
        .optional()
}

/// Removes the key if it was claimed at or before `until`.
pub(super) fn forget_idempotency_key(
    conn: &mut AnyConnection,
    user_id: &str,
    key: &str,
    until: NaiveDateTime,
) -> QueryResult<()> {
    diesel::delete(
        idempotency_keys::table
            .find((user_id, key))
            .filter(idempotency_keys::created_at.le(until)),
    )
    .execute(conn)
    .map(drop)
}

/// Claims a key; `false` when it is claimed already (a concurrent claim is waited for).
pub(super) fn claim_idempotency_key(
    conn: &mut AnyConnection,
    user_id: &str,
    key: &str,
    fingerprint: &str,
    meeting_id: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let inserted = crate::on_backend!(conn, |c| diesel::insert_into(idempotency_keys::table)
        .values((
            idempotency_keys::user_id.eq(user_id),
            idempotency_keys::key.eq(key),
            idempotency_keys::fingerprint.eq(fingerprint),
            idempotency_keys::meeting_id.eq(meeting_id),
            idempotency_keys::created_at.eq(now),
        ))
        .on_conflict_do_nothing()
        .execute(c))?;
    Ok(inserted == 1)
}

/// Removes keys claimed at or before `until`.
pub(super) fn purge_idempotency_keys(
    conn: &mut AnyConnection,
    until: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::delete(idempotency_keys::table.filter(idempotency_keys::created_at.le(until)))
        .execute(conn)
}
