//! A person's meetings: the dashboard's today / upcoming / past, and the API's list.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeDelta, TimeZone as _, Utc};

use super::model::{Meeting, Participant};
use super::occurrences::{MAX_EXPANDED, Occurrence, occurrences};
use super::queries::{self, AgendaWindow};
use crate::accounts::User;
use crate::db::AnyConnection;
use crate::domain::{OPEN_ENDED_HORIZON, TimeZone};
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
    /// For a meeting of a series: which one (`starts_at()`, `title()` … read it; `meeting` is
    /// the series as stored).
    pub occurrence: Option<Occurrence>,
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
    let current = entries(
        conn,
        user,
        AgendaWindow {
            // Today counts a meeting that started earlier and is still running (over midnight).
            starts_from: Some(today_starts),
            or_still_running_at: Some(now),
            ..AgendaWindow::first(CURRENT_LIMIT)
        },
        Span {
            from: Some(today_starts.and_utc()),
            to: today_starts.and_utc() + OPEN_ENDED_HORIZON,
            ended_by: None,
        },
    )?;
    let page = past_page.max(1);
    let mut past = entries(
        conn,
        user,
        AgendaWindow {
            starts_before: Some(today_starts),
            ended_by: Some(now),
            newest_first: true,
            offset: (page - 1) * PAST_PAGE_SIZE,
            ..AgendaWindow::first(PAST_PAGE_SIZE + 1)
        },
        Span {
            from: None,
            to: today_starts.and_utc(),
            ended_by: Some(now.and_utc()),
        },
    )?;
    let more_past = past.len() as i64 > PAST_PAGE_SIZE;
    past.truncate(PAST_PAGE_SIZE as usize);
    let (today, upcoming): (Vec<_>, Vec<_>) = current
        .into_iter()
        .partition(|entry| entry.starts_at() < tomorrow_starts);
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
        Span {
            from,
            // A series without end is listed up to the horizon after the window's start.
            to: to.unwrap_or_else(|| from.unwrap_or_else(Utc::now) + OPEN_ENDED_HORIZON),
            ended_by: None,
        },
    )?;
    let more = list.len() as i64 > per_page;
    list.truncate(per_page as usize);
    Ok((list, more))
}

/// Where the meetings of series are looked for, beside a window of single meetings.
#[derive(Debug, Clone, Copy)]
struct Span {
    /// Occurrences overlapping `from..to` (`None`: from the series' first meeting)…
    from: Option<DateTime<Utc>>,
    to: DateTime<Utc>,
    /// …and, if set, ended by then (past meetings).
    ended_by: Option<DateTime<Utc>>,
}

/// The single meetings of `window` merged in time order with the occurrences of the user's
/// series in `span`, then the window's page taken from the merged list.
fn entries(
    conn: &mut AnyConnection,
    user: &User,
    window: AgendaWindow,
    span: Span,
) -> Result<Vec<AgendaEntry>, AppError> {
    let claim = super::access::claim_email(user);
    let series = queries::series_agenda(
        conn,
        &user.id,
        claim,
        span.from.map(|from| from.naive_utc()),
        Some(span.to.naive_utc()),
    )?;
    if series.is_empty() {
        let rows = queries::agenda(conn, &user.id, claim, window)?;
        return Ok(rows.into_iter().map(AgendaEntry::from).collect());
    }
    // Both lists are needed from their start up to the page's end.
    let (skip, take) = (window.offset, window.limit);
    let rows = queries::agenda(
        conn,
        &user.id,
        claim,
        AgendaWindow {
            offset: 0,
            limit: skip + take,
            ..window
        },
    )?;
    let ids: Vec<&str> = series.iter().map(|(m, ..)| m.id.as_str()).collect();
    let exceptions = queries::exceptions_by_meeting(conn, &ids)?;
    let wanted = usize::try_from(skip + take).unwrap_or(usize::MAX);
    let order = |a: &AgendaEntry, b: &AgendaEntry| {
        let order = (a.starts_at(), &a.meeting.id).cmp(&(b.starts_at(), &b.meeting.id));
        if window.newest_first {
            order.reverse()
        } else {
            order
        }
    };
    let mut list: Vec<AgendaEntry> = rows.into_iter().map(AgendaEntry::from).collect();
    for row in series {
        let series_entry = AgendaEntry::from(row);
        let own = exceptions
            .get(&series_entry.meeting.id)
            .map_or(&[][..], Vec::as_slice);
        let (mut from, mut to) = (
            span.from
                .unwrap_or_else(|| series_entry.meeting.starts_at_utc()),
            span.to,
        );
        // Once the page is full, a date beyond its last entry cannot make it: expand only up to
        // there (or, newest first, only from there). Keeps the cost near a page's worth of dates
        // however many series and however far ahead they run.
        if list.len() >= wanted
            && let Some(last) = list.last()
        {
            let bound = last.starts_at().and_utc();
            if window.newest_first {
                from = from.max(bound - TimeDelta::days(1));
            } else {
                to = to.min(bound + TimeDelta::seconds(1));
            }
        }
        // Earliest first, a series adds at most a page's worth; newest first needs its last.
        let limit = if window.newest_first {
            MAX_EXPANDED
        } else {
            wanted.min(MAX_EXPANDED)
        };
        let mut found = occurrences(&series_entry.meeting, own, from, to, limit);
        if let Some(ended_by) = span.ended_by {
            found.retain(|o| o.ends_at <= ended_by);
        }
        // Past meetings are read newest first: the last ones of the series count.
        if window.newest_first {
            found.reverse();
        }
        found.truncate(wanted);
        list.extend(found.into_iter().map(|o| series_entry.at(o)));
        list.sort_by(order);
        list.truncate(wanted);
    }
    Ok(list
        .into_iter()
        .skip(usize::try_from(skip).unwrap_or(0))
        .take(usize::try_from(take).unwrap_or(0))
        .collect())
}

impl AgendaEntry {
    /// This series entry as one of its meetings.
    fn at(&self, occurrence: Occurrence) -> AgendaEntry {
        AgendaEntry {
            occurrence: Some(occurrence),
            ..self.clone()
        }
    }

    /// When this meeting (or this meeting of a series) starts.
    pub fn starts_at(&self) -> NaiveDateTime {
        self.occurrence
            .as_ref()
            .map_or(self.meeting.starts_at, |o| o.starts_at.naive_utc())
    }

    /// When it ends.
    pub fn ends_at(&self) -> NaiveDateTime {
        self.occurrence
            .as_ref()
            .map_or(self.meeting.ends_at, |o| o.ends_at.naive_utc())
    }

    /// Its title (a meeting of a series may have its own).
    pub fn title(&self) -> &str {
        self.occurrence
            .as_ref()
            .map_or(&self.meeting.title, |o| o.title(&self.meeting))
    }

    /// Whether it is off: the meeting, or this date of the series alone.
    pub fn is_cancelled(&self) -> bool {
        self.meeting.is_cancelled() || self.occurrence.as_ref().is_some_and(|o| o.cancelled)
    }
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
            occurrence: None,
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
