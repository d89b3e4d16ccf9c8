//! The agenda's SQL: an account's meetings in a time window, read in time order.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::{meetings, participants, users};
use crate::meetings::model::{Meeting, Participant};

/// Which meetings of a user's agenda to read, and in which order.
#[derive(Debug, Clone, Copy)]
pub(in crate::meetings) struct AgendaWindow {
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

/// A meeting on a user's agenda: the meeting, the user's own entry, the organizer's name and
/// address, and how many people (besides the organizer) it invites.
pub(in crate::meetings) type AgendaRow = (Meeting, Participant, String, String, i64);

diesel::alias!(participants as invitees: Invitees);

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
pub(in crate::meetings) fn agenda(
    conn: &mut AnyConnection,
    user_id: &str,
    claim_email: Option<&str>,
    window: AgendaWindow,
) -> QueryResult<Vec<AgendaRow>> {
    let wanted = window.offset + window.limit;
    let mut rows = conn.with_generic_plans(|conn| {
        let mut rows = agenda_of(conn, Owner::Account(user_id), Rows::Single(window), wanted)?;
        if let Some(email) = claim_email {
            rows.extend(agenda_of(
                conn,
                Owner::Address(email),
                Rows::Single(window),
                wanted,
            )?);
        }
        Ok(rows)
    })?;
    if claim_email.is_some() {
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

/// The series the user organizes or is invited to that still run after `ends_after` (their
/// last meeting ends later) and began before `starts_before`; the caller expands them.
pub(in crate::meetings) fn series_agenda(
    conn: &mut AnyConnection,
    user_id: &str,
    claim_email: Option<&str>,
    ends_after: Option<NaiveDateTime>,
    starts_before: Option<NaiveDateTime>,
) -> QueryResult<Vec<AgendaRow>> {
    let rows = Rows::Series {
        ends_after,
        starts_before,
    };
    let mut found = agenda_of(conn, Owner::Account(user_id), rows, MAX_SERIES_READ)?;
    if let Some(email) = claim_email {
        found.extend(agenda_of(
            conn,
            Owner::Address(email),
            rows,
            MAX_SERIES_READ,
        )?);
    }
    Ok(found)
}

/// The most series one agenda read expands (far above what one person attends).
const MAX_SERIES_READ: i64 = 500;

/// Which rows of an owner's agenda to read.
#[derive(Clone, Copy)]
enum Rows {
    /// Single meetings in a window, in time order.
    Single(AgendaWindow),
    /// Series that overlap a span (by their first start and their last end).
    Series {
        ends_after: Option<NaiveDateTime>,
        starts_before: Option<NaiveDateTime>,
    },
}

/// The first `wanted` agenda rows of one owner, read in time order from the participant
/// rows' copies of the meeting's times.
fn agenda_of(
    conn: &mut AnyConnection,
    owner: Owner<'_>,
    rows: Rows,
    wanted: i64,
) -> QueryResult<Vec<AgendaRow>> {
    // Counted per row in the same statement: a separate `meeting_id = ANY($1)` count ran on
    // PostgreSQL's generic plan once cached, a scan of all participants (5–11 ms at 10,000
    // meetings); correlated, each count is an index lookup of one meeting's rows.
    let invitee_count = invitees
        .filter(invitees.field(participants::meeting_id).eq(meetings::id))
        .filter(invitees.field(participants::is_organizer).eq(false))
        .count()
        .single_value()
        .assume_not_null();
    let mut query = participants::table
        .inner_join(meetings::table.inner_join(users::table))
        .select((
            Meeting::as_select(),
            Participant::as_select(),
            users::display_name,
            users::email,
            invitee_count,
        ))
        .into_boxed();
    query = match owner {
        Owner::Account(user_id) => query.filter(participants::user_id.eq(user_id)),
        Owner::Address(email) => query
            .filter(participants::user_id.is_null())
            .filter(participants::email.eq(email)),
    };
    let window = match rows {
        Rows::Single(window) => window,
        Rows::Series {
            ends_after,
            starts_before,
        } => {
            query = query.filter(participants::in_series.eq(true));
            if let Some(after) = ends_after {
                query = query.filter(participants::meeting_ends_at.gt(after));
            }
            if let Some(before) = starts_before {
                query = query.filter(participants::meeting_starts_at.lt(before));
            }
            return query
                .order((
                    participants::meeting_ends_at.asc(),
                    participants::meeting_id.asc(),
                ))
                .limit(wanted)
                .load(conn);
        }
    };
    query = query.filter(participants::in_series.eq(false));
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
