//! The meetings of a series as they happen: the rule's starts with the exceptions applied
//! (cancelled alone, moved or retitled alone). A single meeting is its own one occurrence.

use chrono::{DateTime, TimeDelta, Utc};

use super::model::{Meeting, MeetingException};
use crate::domain::{OPEN_ENDED_HORIZON, Series};

/// A meeting as far as its dates go: the stored meeting, or the columns a join reads.
pub trait Dated {
    /// The series it is, if it repeats.
    fn series(&self) -> Option<Series>;
    /// Its (first) start and end.
    fn first(&self) -> (DateTime<Utc>, DateTime<Utc>);
    /// Whether the whole meeting is cancelled.
    fn is_cancelled(&self) -> bool;
}

impl Dated for Meeting {
    fn series(&self) -> Option<Series> {
        Meeting::series(self)
    }

    fn first(&self) -> (DateTime<Utc>, DateTime<Utc>) {
        (self.starts_at_utc(), self.ends_at_utc())
    }

    fn is_cancelled(&self) -> bool {
        Meeting::is_cancelled(self)
    }
}

/// The most occurrences one read expands (a series with an end has at most 500).
pub const MAX_EXPANDED: usize = 1000;

/// One meeting of a series (or a single meeting).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    /// Its original start: its identity (RECURRENCE-ID), unchanged when it is moved.
    pub recurrence_id: DateTime<Utc>,
    /// When it happens.
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// Its own title, when changed alone.
    pub title: Option<String>,
    /// Its own description, when changed alone.
    pub description: Option<String>,
    /// Cancelled alone (or the whole meeting is).
    pub cancelled: bool,
    /// Whether it differs from the rule (moved or retitled): it has its own calendar component.
    pub changed: bool,
    /// The SEQUENCE of its own calendar component, if it has one.
    pub sequence: Option<i32>,
}

impl Occurrence {
    /// The title it carries.
    pub fn title<'a>(&'a self, meeting: &'a Meeting) -> &'a str {
        self.title.as_deref().unwrap_or(&meeting.title)
    }
}

/// The occurrences of `meeting` that overlap `from..to`, in time order, at most `limit`,
/// cancelled ones included (marked). `exceptions` are the meeting's.
pub fn occurrences(
    meeting: &impl Dated,
    exceptions: &[MeetingException],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    limit: usize,
) -> Vec<Occurrence> {
    let Some(series) = meeting.series() else {
        let single = single(meeting);
        return (single.ends_at > from && single.starts_at < to)
            .then_some(single)
            .into_iter()
            .collect();
    };
    // Moved occurrences may leave their slot: read the rule's starts a day wider, then keep
    // what overlaps once the exceptions are applied.
    let slack = TimeDelta::days(1) + series.duration();
    let mut found: Vec<Occurrence> = series
        .starts_overlapping(from - slack, to + slack, limit + 2 * exceptions.len() + 2)
        .into_iter()
        .map(|start| apply(meeting, exceptions, start, start + series.duration()))
        .collect();
    // A moved occurrence whose original slot lies outside the window.
    for exception in exceptions {
        let rid = exception.recurrence_id.and_utc();
        if found.iter().all(|o| o.recurrence_id != rid) && series.has_start(rid) {
            found.push(apply(meeting, exceptions, rid, rid + series.duration()));
        }
    }
    found.retain(|o| o.ends_at > from && o.starts_at < to);
    found.sort_by_key(|o| (o.starts_at, o.recurrence_id));
    found.truncate(limit);
    found
}

/// The occurrence a join link opens at `now`: the first not cancelled that has not ended
/// (`grace` after its end counts), and the cancelled ones before it that have not ended (the
/// page says "this date is cancelled; the next one is …").
pub fn current_or_next(
    meeting: &impl Dated,
    exceptions: &[MeetingException],
    now: DateTime<Utc>,
    grace: TimeDelta,
) -> (Option<Occurrence>, Vec<Occurrence>) {
    // Every join asks this: read a few dates, more only while they are all cancelled.
    let mut limit = 8;
    loop {
        let found = occurrences(
            meeting,
            exceptions,
            now - grace,
            now + OPEN_ENDED_HORIZON,
            limit,
        );
        let complete = found.len() < limit || limit >= MAX_EXPANDED;
        let mut cancelled = Vec::new();
        for occurrence in found {
            if occurrence.cancelled {
                cancelled.push(occurrence);
            } else {
                return (Some(occurrence), cancelled);
            }
        }
        if complete {
            return (None, cancelled);
        }
        limit = (limit * 8).min(MAX_EXPANDED);
    }
}

/// The occurrence with this identity, if the series has it.
pub fn occurrence_at(
    meeting: &impl Dated,
    exceptions: &[MeetingException],
    recurrence_id: DateTime<Utc>,
) -> Option<Occurrence> {
    let series = meeting.series()?;
    series.has_start(recurrence_id).then(|| {
        apply(
            meeting,
            exceptions,
            recurrence_id,
            recurrence_id + series.duration(),
        )
    })
}

/// What a series' page lists: its next `count` dates from `now`, and every date changed or
/// cancelled alone (past ones too, so each can be seen), in time order.
pub fn dates_to_show(
    meeting: &Meeting,
    exceptions: &[MeetingException],
    now: DateTime<Utc>,
    count: usize,
) -> Vec<Occurrence> {
    let mut shown = occurrences(meeting, exceptions, now, now + OPEN_ENDED_HORIZON, count);
    for exception in exceptions {
        let rid = exception.recurrence_id.and_utc();
        if shown.iter().all(|o| o.recurrence_id != rid)
            && let Some(date) = occurrence_at(meeting, exceptions, rid)
        {
            shown.push(date);
        }
    }
    shown.sort_by_key(|o| (o.starts_at, o.recurrence_id));
    shown
}

/// A single meeting as an occurrence.
fn single(meeting: &impl Dated) -> Occurrence {
    let (starts_at, ends_at) = meeting.first();
    Occurrence {
        recurrence_id: starts_at,
        starts_at,
        ends_at,
        title: None,
        description: None,
        cancelled: meeting.is_cancelled(),
        changed: false,
        sequence: None,
    }
}

/// The occurrence the rule starts at `start`, with its exception applied.
fn apply(
    meeting: &impl Dated,
    exceptions: &[MeetingException],
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Occurrence {
    let exception = exceptions
        .iter()
        .find(|e| e.recurrence_id.and_utc() == start);
    let mut occurrence = Occurrence {
        recurrence_id: start,
        starts_at: start,
        ends_at: end,
        title: None,
        description: None,
        cancelled: meeting.is_cancelled(),
        changed: false,
        sequence: None,
    };
    if let Some(exception) = exception {
        if let (Some(starts_at), Some(ends_at)) = (exception.starts_at, exception.ends_at) {
            occurrence.starts_at = starts_at.and_utc();
            occurrence.ends_at = ends_at.and_utc();
        }
        occurrence.title.clone_from(&exception.title);
        occurrence.description.clone_from(&exception.description);
        occurrence.cancelled |= exception.cancelled_at.is_some();
        occurrence.changed = exception.starts_at.is_some()
            || exception.title.is_some()
            || exception.description.is_some();
        occurrence.sequence = Some(exception.sequence);
    }
    occurrence
}
