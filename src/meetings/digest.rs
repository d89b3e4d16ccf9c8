//! The daily digest of answers: each morning (07:00 in their zone) an organizer gets one mail
//! with the answers given to their meetings since the last one; never one mail per answer,
//! nothing on a day without answers, nothing when they switched it off in settings. The mail
//! worker calls `queue_reply_digests` on its poll; the mail is an outbox job like any other.

use chrono::{DateTime, Duration, NaiveDateTime, NaiveTime, TimeZone as _, Utc};
use diesel::Connection;
use serde::{Deserialize, Serialize};

use super::model::Response;
use super::queries;
use crate::accounts;
use crate::db::AnyConnection;
use crate::domain::TimeZone;
use crate::error::AppError;
use crate::outbox::{self, NewJob};

/// The outbox job kind of a digest. Stored in queued jobs: never rename it.
pub const DIGEST_JOB: &str = "mail.digest";

/// The hour (local) digests go out.
const DIGEST_HOUR: u32 = 7;

/// Answers older than this are not looked for (a worker stopped for a week starts afresh).
const LOOK_BACK: Duration = Duration::days(7);

/// What a digest job carries: whose, and which answers (given in `(since, until]`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct DigestJob {
    pub user_id: String,
    pub since: NaiveDateTime,
    pub until: NaiveDateTime,
}

/// Queues the digests that are due now; how many. Safe with several workers: each digest's
/// span is claimed by exactly one.
pub fn queue_reply_digests(
    conn: &mut AnyConnection,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    let floor = (now - LOOK_BACK).naive_utc();
    let mut queued = 0;
    for (user_id, until, zone) in queries::digest_candidates(conn, floor)? {
        let zone = TimeZone::parse(&zone).unwrap_or_default();
        let since = until.unwrap_or(floor).max(floor);
        if !due(until, zone, now) {
            continue;
        }
        let at = now.naive_utc();
        // Only answers after the last digest count; the query found some after the floor.
        let job = DigestJob {
            user_id: user_id.clone(),
            since,
            until: at,
        };
        let claimed = conn.transaction(|conn| {
            if !accounts::claim_reply_digest(conn, &user_id, until, at)? {
                return Ok::<_, AppError>(false);
            }
            if queries::digest_answers(conn, &user_id, since, at)?.is_empty() {
                return Ok(false);
            }
            outbox::enqueue(conn, &[NewJob::new(DIGEST_JOB, &job)?])?;
            Ok(true)
        })?;
        queued += usize::from(claimed);
    }
    Ok(queued)
}

/// Whether a digest whose last one ended at `until` is due at `now`: the last one is from
/// before this morning's digest hour in `zone`, and that hour has come.
fn due(until: Option<NaiveDateTime>, zone: TimeZone, now: DateTime<Utc>) -> bool {
    let local = now.with_timezone(&zone.tz());
    let hour = NaiveTime::from_hms_opt(DIGEST_HOUR, 0, 0).unwrap_or_default();
    let Some(this_morning) = zone
        .tz()
        .from_local_datetime(&local.date_naive().and_time(hour))
        .earliest()
    else {
        return false;
    };
    let this_morning = this_morning.with_timezone(&Utc);
    now >= this_morning && until.is_none_or(|u| u.and_utc() < this_morning)
}

/// One answer in a digest.
#[derive(Debug, Clone)]
pub struct DigestAnswer {
    pub meeting_id: String,
    pub meeting_title: String,
    pub email: String,
    pub name: Option<String>,
    pub response: Response,
}

/// The answers a digest job names, by meeting; read when the mail is made, so an answer
/// changed meanwhile shows as it is now.
pub fn digest_answers(
    conn: &mut AnyConnection,
    job: &DigestJob,
) -> Result<Vec<DigestAnswer>, AppError> {
    Ok(
        queries::digest_answers(conn, &job.user_id, job.since, job.until)?
            .into_iter()
            .map(
                |(meeting_id, meeting_title, email, name, response)| DigestAnswer {
                    meeting_id,
                    meeting_title,
                    email,
                    name,
                    response,
                },
            )
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn a_digest_goes_once_a_day_from_seven_in_the_organizers_zone() {
        let berlin = TimeZone::parse("Europe/Berlin").unwrap();
        // 06:59 Berlin (05:59 UTC in winter): not yet.
        assert!(!due(None, berlin, at("2026-12-01T05:59:00Z")));
        assert!(due(None, berlin, at("2026-12-01T06:00:00Z")));
        // Sent at 07:00 today: not again today, again tomorrow.
        let sent = Some(at("2026-12-01T06:00:30Z").naive_utc());
        assert!(!due(sent, berlin, at("2026-12-01T20:00:00Z")));
        assert!(due(sent, berlin, at("2026-12-02T06:00:00Z")));
        // Sent yesterday evening (switched on then): this morning it is due.
        let evening = Some(at("2026-11-30T19:00:00Z").naive_utc());
        assert!(due(evening, berlin, at("2026-12-01T06:30:00Z")));
    }
}
