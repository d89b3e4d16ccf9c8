//! The SQL of answers (`responses`), proposals of another time (`counter_proposals`) and of
//! the dashboard's notice of failed mails.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::{counter_proposals, meetings, outbox_jobs, participants, responses, users};
use crate::meetings::model::{CounterProposal, Response, Via};
use crate::outbox;

/// Records an answer, replacing the person's earlier one for the same meeting or date.
pub fn save_response(conn: &mut AnyConnection, response: &Response) -> QueryResult<()> {
    crate::on_backend!(conn, |c| diesel::insert_into(responses::table)
        .values(response)
        .on_conflict((responses::participant_id, responses::recurrence_id))
        .do_update()
        .set(response)
        .execute(c))
    .map(drop)
}

/// A participant's answer for the meeting (`""`) or one date.
pub fn response_of(
    conn: &mut AnyConnection,
    participant_id: &str,
    recurrence_id: &str,
) -> QueryResult<Option<Response>> {
    responses::table
        .find((participant_id, recurrence_id))
        .select(Response::as_select())
        .first(conn)
        .optional()
}

/// Keeps a proposal of another time; one already kept from the same message is left as is.
pub fn save_counter(conn: &mut AnyConnection, proposal: &CounterProposal) -> QueryResult<()> {
    crate::on_backend!(conn, |c| diesel::insert_into(counter_proposals::table)
        .values(proposal)
        .on_conflict(counter_proposals::message_id)
        .do_nothing()
        .execute(c))
    .map(drop)
}

/// The proposals of these participants, oldest first.
pub fn counters_of(
    conn: &mut AnyConnection,
    participant_ids: &[&str],
) -> QueryResult<Vec<CounterProposal>> {
    if participant_ids.is_empty() {
        return Ok(Vec::new());
    }
    crate::on_backend!(conn, |c| counter_proposals::table
        .filter(counter_proposals::participant_id.eq_any(participant_ids))
        .order(counter_proposals::received_at)
        .select(CounterProposal::as_select())
        .load(c))
}

/// The answers of these participants, oldest first.
pub fn responses_of(
    conn: &mut AnyConnection,
    participant_ids: &[&str],
) -> QueryResult<Vec<Response>> {
    if participant_ids.is_empty() {
        return Ok(Vec::new());
    }
    crate::on_backend!(conn, |c| responses::table
        .filter(responses::participant_id.eq_any(participant_ids))
        .order(responses::answered_at)
        .select(Response::as_select())
        .load(c))
}

/// A participant with the meeting they are on.
pub fn participant_with_meeting(
    conn: &mut AnyConnection,
    participant_id: &str,
) -> QueryResult<Option<(super::Participant, super::Meeting)>> {
    participants::table
        .inner_join(meetings::table)
        .filter(participants::id.eq(participant_id))
        .select((super::Participant::as_select(), super::Meeting::as_select()))
        .first(conn)
        .optional()
}

/// A mail that failed on one of an organizer's meetings after they last looked at it.
#[derive(Debug, Clone, Queryable)]
pub struct UnseenFailure {
    pub meeting_id: String,
    pub title: String,
    /// To whom.
    pub email: String,
    /// The mail server's answer.
    pub error: Option<String>,
}

/// Failed mails on meetings `organizer_id` planned that they have not looked at since, at
/// most `limit`, newest first.
pub fn unseen_failures(
    conn: &mut AnyConnection,
    organizer_id: &str,
    limit: i64,
) -> QueryResult<Vec<UnseenFailure>> {
    let query = outbox_jobs::table
        .inner_join(participants::table.on(outbox_jobs::subject_id.eq(participants::id.nullable())))
        .inner_join(meetings::table.on(meetings::id.eq(participants::meeting_id)))
        .filter(outbox::is_failed())
        .filter(outbox_jobs::subject_id.is_not_null())
        .filter(meetings::organizer_id.eq(organizer_id))
        .filter(
            meetings::failures_seen_at
                .is_null()
                .or(outbox_jobs::finished_at.gt(meetings::failures_seen_at)),
        )
        .order(outbox_jobs::finished_at.desc())
        .limit(limit)
        .select((
            meetings::id,
            meetings::title,
            participants::email,
            outbox_jobs::last_error,
        ));
    crate::on_backend!(conn, |c| query.load(c))
}

/// The organizer has looked at the meeting's failed mails now.
pub fn mark_failures_seen(
    conn: &mut AnyConnection,
    meeting_id: &str,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(meetings::table.find(meeting_id))
        .set(meetings::failures_seen_at.eq(Some(at)))
        .execute(conn)
        .map(drop)
}

/// Organizers (with the digest on) of meetings answered after `since`: id, the end of their
/// last digest, their time zone.
pub fn digest_candidates(
    conn: &mut AnyConnection,
    since: NaiveDateTime,
) -> QueryResult<Vec<(String, Option<NaiveDateTime>, String)>> {
    responses::table
        .inner_join(participants::table.inner_join(meetings::table.inner_join(users::table)))
        .filter(responses::answered_at.gt(since))
        // Answers carried over from a date poll at its closing are no news to its organizer.
        .filter(responses::via.ne(Via::Poll.as_str()))
        .filter(users::reply_digest.eq(true))
        .filter(users::disabled_at.is_null())
        .select((users::id, users::reply_digest_until, users::time_zone))
        .distinct()
        .load(conn)
}

/// One answer in a digest: the meeting, who answered, and the answer.
pub type DigestRow = (String, String, String, Option<String>, Response);

/// The answers given in `(since, until]` on meetings `organizer_id` planned, by meeting.
pub fn digest_answers(
    conn: &mut AnyConnection,
    organizer_id: &str,
    since: NaiveDateTime,
    until: NaiveDateTime,
) -> QueryResult<Vec<DigestRow>> {
    responses::table
        .inner_join(participants::table.inner_join(meetings::table))
        .filter(meetings::organizer_id.eq(organizer_id))
        .filter(responses::answered_at.gt(since))
        .filter(responses::answered_at.le(until))
        .filter(responses::via.ne(Via::Poll.as_str()))
        .order((meetings::starts_at, meetings::id, responses::answered_at))
        .select((
            meetings::id,
            meetings::title,
            participants::email,
            participants::display_name,
            Response::as_select(),
        ))
        .load(conn)
}
