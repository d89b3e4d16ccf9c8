//! A person's meetings: the dashboard's today / upcoming / past, and the API's list.

use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone as _, Utc};

use super::model::{Meeting, Participant};
use super::queries::{self, AgendaWindow};
use crate::accounts::User;
use crate::db::AnyConnection;
use crate::domain::TimeZone;
use crate::error::AppError;

/// Past meetings are shown this many at a time.
const PAST_PAGE_SIZE: i64 = 20;
/// The dashboard lists at most this many meetings of today and after (today's first); the API
/// pages through all. A fixed bound keeps the page's cost the same however
/// long the account's future is.
const CURRENT_LIMIT: i64 = 100;

/// One meeting on a person's agenda.
#[derive(Debug, Clone)]
pub struct AgendaEntry {
    pub meeting: Meeting,
    /// The person's own entry (role, join link).
    pub own: Participant,
    /// Who planned it.
    pub organizer_name: String,
    /// Their address.
    pub organizer_email: String,
    /// How many people are invited, without the organizer.
    pub invitee_count: i64,
}

impl AgendaEntry {
    /// Whether this person may open and edit the meeting.
    pub fn may_edit(&self, user: &User) -> bool {
        super::access::may_edit(user, &self.meeting, Some(&self.own))
    }
}

/// The dashboard: today's meetings, the ones after today, and a page of earlier ones.
#[derive(Debug, Clone, Default)]
pub struct Dashboard {
    /// Starting today (in the viewer's zone), earliest first.
    pub today: Vec<AgendaEntry>,
    /// Starting after today, earliest first.
    pub upcoming: Vec<AgendaEntry>,
    /// Started before today, latest first, one page.
    pub past: Vec<AgendaEntry>,
    /// Whether there are earlier ones than this page shows.
    pub more_past: bool,
}

/// The dashboard of `user` at `now`, with page `past_page` (from 1) of past meetings.
pub fn dashboard(
    conn: &mut AnyConnection,
    user: &User,
    now: DateTime<Utc>,
    past_page: i64,
) -> Result<Dashboard, AppError> {
    let zone = TimeZone::parse(&user.time_zone).unwrap_or_default();
    let today = now.with_timezone(&zone.tz()).date_naive();
    let today_starts = start_of_day(today, zone).naive_utc();
    let tomorrow_starts = start_of_day(today + TimeDelta::days(1), zone).naive_utc();
    let now = now.naive_utc();
    // Two reads for the whole page: today and later in one window (split below), then the page
    // of past meetings.
    let current = queries::agenda(
        conn,
        &user.id,
        super::access::claim_email(user),
        AgendaWindow {
            // Today counts a meeting that started earlier and is still running (over midnight).
            starts_from: Some(today_starts),
            or_still_running_at: Some(now),
            ..AgendaWindow::first(CURRENT_LIMIT)
        },
    )?;
    let page = past_page.max(1);
    let past = queries::agenda(
        conn,
        &user.id,
        super::access::claim_email(user),
        AgendaWindow {
            starts_before: Some(today_starts),
            ended_by: Some(now),
            newest_first: true,
            offset: (page - 1) * PAST_PAGE_SIZE,
            ..AgendaWindow::first(PAST_PAGE_SIZE + 1)
        },
    )?;
    let mut past: Vec<AgendaEntry> = past.into_iter().map(AgendaEntry::from).collect();
    let more_past = past.len() as i64 > PAST_PAGE_SIZE;
    past.truncate(PAST_PAGE_SIZE as usize);
    let (today, upcoming): (Vec<_>, Vec<_>) = current
        .into_iter()
        .map(AgendaEntry::from)
        .partition(|entry| entry.meeting.starts_at < tomorrow_starts);
    Ok(Dashboard {
        today,
        upcoming,
        past,
        more_past,
    })
}

/// A page (from 1) of the user's meetings starting in `[from, to)`, earliest first;
/// answers the entries and whether another page follows.
pub fn list_meetings(
    conn: &mut AnyConnection,
    user: &User,
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
    page: i64,
    per_page: i64,
) -> Result<(Vec<AgendaEntry>, bool), AppError> {
    let mut list = entries(
        conn,
        user,
        AgendaWindow {
            starts_from: from.map(|t| t.naive_utc()),
            starts_before: to.map(|t| t.naive_utc()),
            offset: (page.max(1) - 1) * per_page,
            ..AgendaWindow::first(per_page + 1)
        },
    )?;
    let more = list.len() as i64 > per_page;
    list.truncate(per_page as usize);
    Ok((list, more))
}

fn entries(
    conn: &mut AnyConnection,
    user: &User,
    window: AgendaWindow,
) -> Result<Vec<AgendaEntry>, AppError> {
    let rows = queries::agenda(conn, &user.id, super::access::claim_email(user), window)?;
    Ok(rows.into_iter().map(AgendaEntry::from).collect())
}

impl From<queries::AgendaRow> for AgendaEntry {
    fn from(
        (meeting, own, organizer_name, organizer_email, invitee_count): queries::AgendaRow,
    ) -> AgendaEntry {
        AgendaEntry {
            meeting,
            own,
            organizer_name,
            organizer_email,
            invitee_count,
        }
    }
}

/// Midnight of `day` in `zone`; where midnight is skipped by daylight saving, the first instant of the day.
fn start_of_day(day: NaiveDate, zone: TimeZone) -> DateTime<Utc> {
    let midnight = day.and_time(chrono::NaiveTime::MIN);
    (0..=2)
        .find_map(|hours| {
            zone.tz()
                .from_local_datetime(&(midnight + TimeDelta::hours(hours)))
                .earliest()
        })
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| midnight.and_utc())
}
