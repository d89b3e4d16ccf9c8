//! The outbox as one organisation's administrators see it: the jobs about invitees of its
//! members' meetings and people asked in its members' polls. Jobs about no one in particular
//! (digests, copies for organizers) are the installation's administrators' to see.

use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::{meetings, outbox_jobs, participants, poll_participants, polls, users};
use crate::outbox::{FailedJob, JobState};

/// Whether `outbox_jobs` rows are about someone of `organisation_id`'s meetings or polls.
macro_rules! about_organisation {
    ($organisation_id:expr) => {{
        let meeting_people = participants::table
            .inner_join(meetings::table.inner_join(users::table))
            .filter(users::organisation_id.eq($organisation_id))
            .select(participants::id.nullable());
        let poll_people = poll_participants::table
            .inner_join(polls::table.inner_join(users::table))
            .filter(users::organisation_id.eq($organisation_id))
            .select(poll_participants::id.nullable());
        outbox_jobs::subject_id
            .eq_any(meeting_people)
            .or(outbox_jobs::subject_id.eq_any(poll_people))
    }};
}

/// Jobs per state, every state listed.
pub fn counts_of_every_state(
    conn: &mut AnyConnection,
    organisation_id: &str,
) -> QueryResult<Vec<(JobState, i64)>> {
    let counts: Vec<(String, i64)> = outbox_jobs::table
        .filter(about_organisation!(organisation_id))
        .group_by(outbox_jobs::state)
        .select((outbox_jobs::state, diesel::dsl::count_star()))
        .load(conn)?;
    Ok(JobState::ALL
        .into_iter()
        .map(|state| {
            let count = counts
                .iter()
                .find(|(s, _)| s == state.as_str())
                .map_or(0, |(_, n)| *n);
            (state, count)
        })
        .collect())
}

/// The newest `limit` failed jobs.
pub(super) fn failed_jobs(
    conn: &mut AnyConnection,
    organisation_id: &str,
    limit: i64,
) -> QueryResult<Vec<FailedJob>> {
    outbox_jobs::table
        .filter(outbox_jobs::state.eq(JobState::Failed.as_str()))
        .filter(about_organisation!(organisation_id))
        .order(outbox_jobs::finished_at.desc())
        .limit(limit)
        .select((
            outbox_jobs::id,
            outbox_jobs::kind,
            outbox_jobs::payload,
            outbox_jobs::attempts,
            outbox_jobs::last_error,
            outbox_jobs::created_at,
            outbox_jobs::finished_at,
        ))
        .load(conn)
}

/// Whether the job is about someone of the organisation's meetings or polls.
pub fn job_of_organisation(
    conn: &mut AnyConnection,
    job_id: &str,
    organisation_id: &str,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        outbox_jobs::table
            .filter(outbox_jobs::id.eq(job_id))
            .filter(about_organisation!(organisation_id)),
    ))
    .get_result(conn)
}
