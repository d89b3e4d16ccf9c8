//! The meetings of a person's calendar feed: every meeting they organize or are invited to
//! that ends after a moment, each series once (as its rule, with its exceptions).

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::model::{Meeting, MeetingException, Participant};
use super::queries::{self, AgendaWindow};
use crate::accounts::User;
use crate::db::AnyConnection;
use crate::error::AppError;

/// The most single meetings one feed holds (a year of eight meetings a working day), and the
/// most series: a calendar program asks again every few minutes.
const MAX_SINGLE: i64 = 2_000;

/// One meeting in the feed.
#[derive(Debug, Clone)]
pub struct FeedEntry {
    pub meeting: Meeting,
    /// The person's own entry (their join link and SEQUENCE).
    pub own: Participant,
    pub organizer_name: String,
    pub organizer_email: String,
    pub invitee_count: i64,
    /// For a series: its dates changed or cancelled alone.
    pub exceptions: Vec<MeetingException>,
}

/// The meetings `user` organizes or is invited to that end after `since` (cancelled ones too,
/// so calendars mark them), single meetings in time order, then series.
pub fn feed_entries(
    conn: &mut AnyConnection,
    user: &User,
    since: DateTime<Utc>,
) -> Result<Vec<FeedEntry>, AppError> {
    let claim = super::access::claim_email(user);
    let since = since.naive_utc();
    let single = queries::agenda(
        conn,
        &user.id,
        claim,
        AgendaWindow {
            starts_from: Some(since),
            or_still_running_at: Some(since),
            ..AgendaWindow::first(MAX_SINGLE)
        },
    )?;
    let series = queries::series_agenda(conn, &user.id, claim, Some(since), None)?;
    let series_ids: Vec<&str> = series.iter().map(|(m, ..)| m.id.as_str()).collect();
    let mut exceptions: HashMap<String, Vec<MeetingException>> =
        queries::exceptions_by_meeting(conn, &series_ids)?;
    Ok(single
        .into_iter()
        .chain(series)
        .map(
            |(meeting, own, organizer_name, organizer_email, invitee_count)| FeedEntry {
                exceptions: exceptions.remove(&meeting.id).unwrap_or_default(),
                meeting,
                own,
                organizer_name,
                organizer_email,
                invitee_count,
            },
        )
        .collect())
}
