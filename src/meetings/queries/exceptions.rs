//! The SQL of series exceptions: one occurrence cancelled, moved or retitled alone.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::meeting_exceptions;
use crate::meetings::model::MeetingException;

/// The exceptions of these meetings, each meeting's in time order.
pub fn exceptions_of(
    conn: &mut AnyConnection,
    meeting_ids: &[&str],
) -> QueryResult<Vec<MeetingException>> {
    if meeting_ids.is_empty() {
        return Ok(Vec::new());
    }
    meeting_exceptions::table
        .filter(meeting_exceptions::meeting_id.eq_any(meeting_ids))
        .order((
            meeting_exceptions::meeting_id,
            meeting_exceptions::recurrence_id,
        ))
        .select(MeetingException::as_select())
        .load(conn)
}

/// The exceptions of these meetings, grouped by meeting (for reads of many series at once).
pub fn exceptions_by_meeting(
    conn: &mut AnyConnection,
    meeting_ids: &[&str],
) -> QueryResult<HashMap<String, Vec<MeetingException>>> {
    let mut grouped: HashMap<String, Vec<MeetingException>> = HashMap::new();
    for exception in exceptions_of(conn, meeting_ids)? {
        grouped
            .entry(exception.meeting_id.clone())
            .or_default()
            .push(exception);
    }
    Ok(grouped)
}

/// Writes an exception, new or changed (inside the caller's transaction, the meeting locked).
pub(in crate::meetings) fn save_exception(
    conn: &mut AnyConnection,
    exception: &MeetingException,
    is_new: bool,
) -> QueryResult<()> {
    if is_new {
        diesel::insert_into(meeting_exceptions::table)
            .values(exception)
            .execute(conn)?;
    } else {
        diesel::update(
            meeting_exceptions::table.find((&exception.meeting_id, exception.recurrence_id)),
        )
        .set(exception)
        .execute(conn)?;
    }
    Ok(())
}

/// Drops the exceptions whose occurrence the series no longer has (after its rule or first
/// meeting changed).
pub(in crate::meetings) fn drop_exceptions(
    conn: &mut AnyConnection,
    meeting_id: &str,
    recurrence_ids: &[NaiveDateTime],
) -> QueryResult<()> {
    if recurrence_ids.is_empty() {
        return Ok(());
    }
    diesel::delete(
        meeting_exceptions::table
            .filter(meeting_exceptions::meeting_id.eq(meeting_id))
            .filter(meeting_exceptions::recurrence_id.eq_any(recurrence_ids)),
    )
    .execute(conn)
    .map(drop)
}
