//! What became of the mails to each person on a meeting, read from the outbox: queued, sent
//! (the mail server took it) or failed (with the server's answer). For a series, mails about
//! one date alone count for that date, and are shown where they differ from the rest.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::access::MeetingDetail;
use super::queries::{self, UnseenFailure};
use crate::accounts::User;
use crate::db::AnyConnection;
use crate::error::AppError;
use crate::outbox::{self, JobState, SubjectJob};

/// Where the last mail to someone stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DeliveryState {
    /// Waiting to be sent, or to be tried again.
    Queued,
    /// The mail server accepted it.
    Sent,
    /// The mail server refused it for good (or it was given up on).
    Failed,
}

impl DeliveryState {
    /// The name in the API and the pages' message keys.
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryState::Queued => "queued",
            DeliveryState::Sent => "sent",
            DeliveryState::Failed => "failed",
        }
    }
}

/// The last mail to someone (about the whole meeting, or one date of a series).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub state: DeliveryState,
    /// Queued: when; sent: when the server took it; failed: when it was given up on.
    pub at: DateTime<Utc>,
    /// Failed: the server's answer; queued after a failed try: why it is tried again.
    pub detail: Option<String>,
}

/// The deliveries to one person.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonDeliveries {
    /// Their last mail about the meeting (or the whole series).
    pub latest: Option<Delivery>,
    /// For a series: the last mail about single dates, by recurrence id, where its state
    /// differs from `latest`'s.
    pub dates: Vec<(String, Delivery)>,
}

impl Delivery {
    fn of(job: &SubjectJob) -> Delivery {
        let state = match job.state.as_str() {
            s if s == JobState::Sent.as_str() => DeliveryState::Sent,
            s if s == JobState::Failed.as_str() || s == JobState::Discarded.as_str() => {
                DeliveryState::Failed
            }
            _ => DeliveryState::Queued,
        };
        let at = match state {
            DeliveryState::Queued => job.created_at,
            _ => job.finished_at.unwrap_or(job.created_at),
        };
        Delivery {
            state,
            at: at.and_utc(),
            detail: job.last_error.clone(),
        }
    }
}

/// The deliveries to the participants `ids`, by participant id. Read through
/// `WhoIsComing`, which takes the meeting as its editors see it, so only someone who may see
/// the addresses learns what happened to them.
pub(super) fn deliveries(
    conn: &mut AnyConnection,
    ids: &[&str],
) -> Result<HashMap<String, PersonDeliveries>, AppError> {
    Ok(by_person(outbox::jobs_about(conn, ids)?))
}

/// Groups jobs (newest first) into each person's latest delivery and the differing dates.
fn by_person(jobs: Vec<SubjectJob>) -> HashMap<String, PersonDeliveries> {
    let mut people: HashMap<String, PersonDeliveries> = HashMap::new();
    for job in &jobs {
        let Some(id) = &job.subject_id else { continue };
        let person = people.entry(id.clone()).or_default();
        match &job.subject_part {
            None if person.latest.is_none() => person.latest = Some(Delivery::of(job)),
            Some(date) if !person.dates.iter().any(|(d, _)| d == date) => {
                person.dates.push((date.clone(), Delivery::of(job)));
            }
            _ => {}
        }
    }
    for person in people.values_mut() {
        let overall = person.latest.as_ref().map(|d| d.state);
        person.dates.retain(|(_, d)| Some(d.state) != overall);
        person.dates.sort_by(|a, b| a.0.cmp(&b.0));
    }
    people
}

/// How many failed mails the dashboard names at most.
const FAILURES_SHOWN: i64 = 10;

/// Failed mails on meetings `user` planned that they have not looked at since (the dashboard
/// shows them until they open the meeting).
pub fn unseen_failures(
    conn: &mut AnyConnection,
    user: &User,
) -> Result<Vec<UnseenFailure>, AppError> {
    Ok(queries::unseen_failures(conn, &user.id, FAILURES_SHOWN)?)
}

/// The organizer now sees the meeting's deliveries: its failed mails leave their dashboard.
/// Only their own look counts, and it writes only when a mail has failed.
pub fn failures_seen(
    conn: &mut AnyConnection,
    user: &User,
    meeting: &MeetingDetail,
    deliveries: &HashMap<String, PersonDeliveries>,
) -> Result<(), AppError> {
    let failed = deliveries.values().any(|person| {
        person
            .latest
            .iter()
            .chain(person.dates.iter().map(|(_, d)| d))
            .any(|d| d.state == DeliveryState::Failed)
    });
    if failed && meeting.meeting.organizer_id == user.id {
        queries::mark_failures_seen(conn, &meeting.meeting.id, crate::db::now())?;
    }
    Ok(())
}

/// Sets aside the failed mails to one participant: their invitation is being sent again.
pub(super) fn forget_failures(
    conn: &mut AnyConnection,
    participant_id: &str,
) -> Result<(), AppError> {
    outbox::discard_failed_about(conn, participant_id)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn job(id: &str, part: Option<&str>, state: &str, minute: u32) -> SubjectJob {
        let at = NaiveDate::from_ymd_opt(2027, 1, 5)
            .unwrap()
            .and_hms_opt(9, minute, 0)
            .unwrap();
        SubjectJob {
            subject_id: Some(id.to_owned()),
            subject_part: part.map(str::to_owned),
            state: state.to_owned(),
            attempts: 1,
            last_error: (state == "failed").then(|| "550 no such mailbox".to_owned()),
            created_at: at,
            finished_at: (state != "pending").then_some(at),
        }
    }

    #[test]
    fn the_newest_mail_decides_and_dates_show_only_where_they_differ() {
        let people = by_person(vec![
            job("a", Some("20270112T090000Z"), "failed", 5),
            job("a", Some("20270105T090000Z"), "sent", 4),
            job("a", None, "sent", 3),
            job("a", None, "failed", 1),
            job("b", None, "pending", 2),
        ]);
        let a = &people["a"];
        assert_eq!(a.latest.as_ref().unwrap().state, DeliveryState::Sent);
        assert_eq!(a.dates.len(), 1);
        assert_eq!(a.dates[0].0, "20270112T090000Z");
        assert_eq!(a.dates[0].1.state, DeliveryState::Failed);
        assert_eq!(a.dates[0].1.detail.as_deref(), Some("550 no such mailbox"));
        assert_eq!(
            people["b"].latest.as_ref().unwrap().state,
            DeliveryState::Queued
        );
    }
}
