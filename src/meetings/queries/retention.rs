//! The SQL of forgetting meetings (`meetings::retention`).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::{idempotency_keys, meeting_exceptions, meetings, participants};
use crate::meetings::model::Meeting;

/// Up to `limit` meetings after id `after` that ended or were cancelled before `before` (a
/// series by its first date: the caller checks its last).
pub(in crate::meetings) fn ended_before(
    conn: &mut AnyConnection,
    before: NaiveDateTime,
    after: &str,
    limit: i64,
) -> QueryResult<Vec<Meeting>> {
    meetings::table
        .filter(
            meetings::ends_at
                .lt(before)
                .or(meetings::cancelled_at.lt(before)),
        )
        .filter(meetings::id.gt(after))
        .order(meetings::id)
        .limit(limit)
        .select(Meeting::as_select())
        .load(conn)
}

/// The latest end of a moved date of these series: (meeting id, end).
pub(in crate::meetings) fn latest_moved_ends(
    conn: &mut AnyConnection,
    meeting_ids: &[&str],
) -> QueryResult<Vec<(String, Option<NaiveDateTime>)>> {
    meeting_exceptions::table
        .filter(meeting_exceptions::meeting_id.eq_any(meeting_ids))
        .group_by(meeting_exceptions::meeting_id)
        .select((
            meeting_exceptions::meeting_id,
            diesel::dsl::max(meeting_exceptions::ends_at),
        ))
        .load(conn)
}

/// The participants of these meetings (whose mails go with them).
pub(in crate::meetings) fn participant_ids(
    conn: &mut AnyConnection,
    meeting_ids: &[String],
) -> QueryResult<Vec<String>> {
    participants::table
        .filter(participants::meeting_id.eq_any(meeting_ids))
        .select(participants::id)
        .load(conn)
}

/// Deletes these meetings with everything that hangs on them (participants, answers, dates,
/// the waiting room, stays and reservations go by cascade); how many meetings.
pub(in crate::meetings) fn delete_meetings(
    conn: &mut AnyConnection,
    meeting_ids: &[String],
) -> QueryResult<usize> {
    diesel::delete(
        idempotency_keys::table.filter(idempotency_keys::meeting_id.eq_any(meeting_ids)),
    )
    .execute(conn)?;
    diesel::delete(meetings::table.filter(meetings::id.eq_any(meeting_ids))).execute(conn)
}
