//! All SQL of polls.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::model::{Poll, PollAnswer, PollParticipant, Proposal};
use crate::db::AnyConnection;
use crate::db::schema::{poll_answers, poll_participants, poll_proposals, polls};

/// Stores a new poll with its proposals and participants (inside the caller's transaction).
pub fn insert_poll(
    conn: &mut AnyConnection,
    poll: &Poll,
    proposals: &[Proposal],
    participants: &[PollParticipant],
) -> QueryResult<()> {
    diesel::insert_into(polls::table)
        .values(poll)
        .execute(conn)?;
    crate::on_backend!(conn, |c| diesel::insert_into(poll_proposals::table)
        .values(proposals)
        .execute(c))?;
    insert_participants(conn, participants)
}

/// Stores participants (a guest, or the people of a new poll).
pub fn insert_participants(
    conn: &mut AnyConnection,
    participants: &[PollParticipant],
) -> QueryResult<()> {
    // SQLite binds at most 32,766 values; 500 people of 10 columns stay far below.
    for chunk in participants.chunks(500) {
        crate::on_backend!(conn, |c| diesel::insert_into(poll_participants::table)
            .values(chunk)
            .execute(c))?;
    }
    Ok(())
}

pub fn find_poll(conn: &mut AnyConnection, poll_id: &str) -> QueryResult<Poll> {
    polls::table
        .find(poll_id)
        .select(Poll::as_select())
        .first(conn)
}

/// The poll whose public link hashes to `token_hash`, if it has one switched on.
pub fn poll_by_public_token(
    conn: &mut AnyConnection,
    token_hash: &str,
) -> QueryResult<Option<Poll>> {
    polls::table
        .filter(polls::public_token_hash.eq(token_hash))
        .filter(polls::public_link.eq(true))
        .select(Poll::as_select())
        .first(conn)
        .optional()
}

/// The participant whose personal link hashes to `token_hash`, with their poll.
pub fn participant_by_token(
    conn: &mut AnyConnection,
    token_hash: &str,
) -> QueryResult<Option<(PollParticipant, Poll)>> {
    poll_participants::table
        .inner_join(polls::table)
        .filter(poll_participants::token_hash.eq(token_hash))
        .select((PollParticipant::as_select(), Poll::as_select()))
        .first(conn)
        .optional()
}

pub fn find_participant(
    conn: &mut AnyConnection,
    participant_id: &str,
) -> QueryResult<Option<PollParticipant>> {
    poll_participants::table
        .find(participant_id)
        .select(PollParticipant::as_select())
        .first(conn)
        .optional()
}

/// A poll's proposals in the organizer's order.
pub fn proposals_of(conn: &mut AnyConnection, poll_id: &str) -> QueryResult<Vec<Proposal>> {
    poll_proposals::table
        .filter(poll_proposals::poll_id.eq(poll_id))
        .order((poll_proposals::position, poll_proposals::starts_at))
        .select(Proposal::as_select())
        .load(conn)
}

/// A poll's participants, the invited first, then guests, each in the order they came.
pub fn participants_of(
    conn: &mut AnyConnection,
    poll_id: &str,
) -> QueryResult<Vec<PollParticipant>> {
    poll_participants::table
        .filter(poll_participants::poll_id.eq(poll_id))
        .order((
            poll_participants::guest,
            poll_participants::created_at,
            poll_participants::id,
        ))
        .select(PollParticipant::as_select())
        .load(conn)
}

pub fn participant_count(conn: &mut AnyConnection, poll_id: &str) -> QueryResult<i64> {
    poll_participants::table
        .filter(poll_participants::poll_id.eq(poll_id))
        .count()
        .get_result(conn)
}

/// Every answer given in a poll.
pub fn answers_of(conn: &mut AnyConnection, poll_id: &str) -> QueryResult<Vec<PollAnswer>> {
    poll_answers::table
        .inner_join(poll_participants::table)
        .filter(poll_participants::poll_id.eq(poll_id))
        .select(PollAnswer::as_select())
        .load(conn)
}

/// Replaces one person's answers and notes when they answered.
pub fn replace_answers(
    conn: &mut AnyConnection,
    participant_id: &str,
    answers: &[PollAnswer],
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::delete(poll_answers::table.filter(poll_answers::participant_id.eq(participant_id)))
        .execute(conn)?;
    if !answers.is_empty() {
        crate::on_backend!(conn, |c| diesel::insert_into(poll_answers::table)
            .values(answers)
            .execute(c))?;
    }
    diesel::update(poll_participants::table.find(participant_id))
        .set(poll_participants::answered_at.eq(Some(at)))
        .execute(conn)
        .map(drop)
}

/// Takes the poll's lock for a change: a no-op write first, so on SQLite the transaction
/// holds the write lock before it reads (no upgrade that could fail under load), and on
/// PostgreSQL a concurrent close waits. `false` when the poll is closed.
pub fn lock_open_poll(
    conn: &mut AnyConnection,
    poll_id: &str,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::update(
        polls::table
            .filter(polls::id.eq(poll_id))
            .filter(polls::closed_at.is_null()),
    )
    .set(polls::updated_at.eq(at))
    .execute(conn)
    .map(|n| n == 1)
}

/// Marks the poll closed with its outcome.
pub fn close(
    conn: &mut AnyConnection,
    poll_id: &str,
    chosen: Option<&str>,
    meeting_id: Option<&str>,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(polls::table.find(poll_id))
        .set((
            polls::closed_at.eq(Some(at)),
            polls::chosen_proposal_id.eq(chosen),
            polls::meeting_id.eq(meeting_id),
            polls::updated_at.eq(at),
        ))
        .execute(conn)
        .map(drop)
}

/// The polls `user_id` organizes or is asked in (by account, or by their verified address),
/// newest first.
pub fn polls_of_user(
    conn: &mut AnyConnection,
    user_id: &str,
    claim_email: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<Poll>> {
    let asked = poll_participants::table
        .filter(
            poll_participants::user_id
                .eq(user_id)
                .or(poll_participants::email
                    .eq(claim_email)
                    .and(poll_participants::guest.eq(false))),
        )
        .select(poll_participants::poll_id);
    polls::table
        .filter(polls::organizer_id.eq(user_id).or(polls::id.eq_any(asked)))
        .order((polls::created_at.desc(), polls::id.desc()))
        .limit(limit)
        .select(Poll::as_select())
        .load(conn)
}

/// The entry of `user_id` (or their verified address) in a poll, if they are asked.
pub fn participant_for_user(
    conn: &mut AnyConnection,
    poll_id: &str,
    user_id: &str,
    claim_email: Option<&str>,
) -> QueryResult<Option<PollParticipant>> {
    poll_participants::table
        .filter(poll_participants::poll_id.eq(poll_id))
        .filter(poll_participants::guest.eq(false))
        .filter(
            poll_participants::user_id
                .eq(user_id)
                .or(poll_participants::email.eq(claim_email)),
        )
        .select(PollParticipant::as_select())
        .first(conn)
        .optional()
}

/// Open polls whose deadline lies within `horizon` and whose reminder has not gone: the
/// candidates; each poll's own hours decide.
pub fn reminder_candidates(
    conn: &mut AnyConnection,
    now: NaiveDateTime,
    horizon: NaiveDateTime,
) -> QueryResult<Vec<Poll>> {
    polls::table
        .filter(polls::closed_at.is_null())
        .filter(polls::reminded_at.is_null())
        .filter(polls::reminder_hours.is_not_null())
        .filter(polls::deadline.gt(now))
        .filter(polls::deadline.le(horizon))
        .select(Poll::as_select())
        .load(conn)
}

/// Claims a poll's one reminder; `false` when another worker did, or it was closed meanwhile.
pub fn claim_reminder(
    conn: &mut AnyConnection,
    poll_id: &str,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::update(
        polls::table
            .filter(polls::id.eq(poll_id))
            .filter(polls::reminded_at.is_null())
            .filter(polls::closed_at.is_null()),
    )
    .set(polls::reminded_at.eq(Some(at)))
    .execute(conn)
    .map(|n| n == 1)
}

/// The people of a poll with an address who have not answered yet.
pub fn unanswered_ids(conn: &mut AnyConnection, poll_id: &str) -> QueryResult<Vec<String>> {
    poll_participants::table
        .filter(poll_participants::poll_id.eq(poll_id))
        .filter(poll_participants::answered_at.is_null())
        .filter(poll_participants::email.is_not_null())
        .select(poll_participants::id)
        .load(conn)
}

/// Up to `limit` ids of polls after id `after` closed before `before`, or never closed and
/// with no proposed time ending at or after it.
pub(super) fn expired_polls(
    conn: &mut AnyConnection,
    before: NaiveDateTime,
    after: &str,
    limit: i64,
) -> QueryResult<Vec<String>> {
    let still_proposed = poll_proposals::table
        .filter(poll_proposals::poll_id.eq(polls::id))
        .filter(poll_proposals::ends_at.ge(before));
    polls::table
        .filter(
            polls::closed_at.lt(before).or(polls::closed_at
                .is_null()
                .and(diesel::dsl::not(diesel::dsl::exists(still_proposed)))),
        )
        .filter(polls::id.gt(after))
        .order(polls::id)
        .limit(limit)
        .select(polls::id)
        .load(conn)
}

/// The people asked in these polls.
pub(super) fn participant_ids_of_polls(
    conn: &mut AnyConnection,
    poll_ids: &[String],
) -> QueryResult<Vec<String>> {
    poll_participants::table
        .filter(poll_participants::poll_id.eq_any(poll_ids))
        .select(poll_participants::id)
        .load(conn)
}

/// Deletes these polls (proposals, people and answers go by cascade); how many.
pub(super) fn delete_polls(conn: &mut AnyConnection, poll_ids: &[String]) -> QueryResult<usize> {
    diesel::delete(polls::table.filter(polls::id.eq_any(poll_ids))).execute(conn)
}

/// A poll someone organises: id, title, closed at, created at.
pub(super) type OrganisedPoll = (String, String, Option<NaiveDateTime>, NaiveDateTime);

/// Polls `user_id` organises.
pub(super) fn polls_organised_by(
    conn: &mut AnyConnection,
    user_id: &str,
) -> QueryResult<Vec<OrganisedPoll>> {
    polls::table
        .filter(polls::organizer_id.eq(user_id))
        .order(polls::created_at)
        .select((polls::id, polls::title, polls::closed_at, polls::created_at))
        .load(conn)
}

/// (poll id, address) of the people asked in these polls.
pub(super) fn people_of_polls(
    conn: &mut AnyConnection,
    poll_ids: &[String],
) -> QueryResult<Vec<(String, Option<String>)>> {
    poll_participants::table
        .filter(poll_participants::poll_id.eq_any(poll_ids))
        .select((poll_participants::poll_id, poll_participants::email))
        .load(conn)
}

/// The entries of an address (or account) in any poll, with the poll's title.
pub(super) fn entries_in_polls(
    conn: &mut AnyConnection,
    email: &str,
    user_id: Option<&str>,
) -> QueryResult<Vec<(PollParticipant, String)>> {
    let query = poll_participants::table
        .inner_join(polls::table)
        .order(poll_participants::created_at)
        .select((PollParticipant::as_select(), polls::title));
    match user_id {
        Some(user_id) => query
            .filter(
                poll_participants::email
                    .eq(email)
                    .or(poll_participants::user_id.eq(user_id)),
            )
            .load(conn),
        None => query.filter(poll_participants::email.eq(email)).load(conn),
    }
}

/// The ids of the entries of an address (or account) in any poll.
pub(super) fn poll_entry_ids_of(
    conn: &mut AnyConnection,
    email: &str,
    user_id: Option<&str>,
) -> QueryResult<Vec<String>> {
    let query = poll_participants::table.select(poll_participants::id);
    match user_id {
        Some(user_id) => query
            .filter(
                poll_participants::email
                    .eq(email)
                    .or(poll_participants::user_id.eq(user_id)),
            )
            .load(conn),
        None => query.filter(poll_participants::email.eq(email)).load(conn),
    }
}

/// (participant id, proposed start, answer) of these entries.
pub(super) fn answers_of_entries(
    conn: &mut AnyConnection,
    participant_ids: &[&str],
) -> QueryResult<Vec<(String, NaiveDateTime, String)>> {
    poll_answers::table
        .inner_join(poll_proposals::table)
        .filter(poll_answers::participant_id.eq_any(participant_ids))
        .order(poll_proposals::starts_at)
        .select((
            poll_answers::participant_id,
            poll_proposals::starts_at,
            poll_answers::answer,
        ))
        .load(conn)
}

/// Makes one entry a "deleted person": no address, name or account, a link that matches
/// nothing; the answers stay (they count toward the result) without saying whose they are.
pub(super) fn anonymise_poll_entry(conn: &mut AnyConnection, id: &str) -> QueryResult<usize> {
    diesel::update(poll_participants::table.find(id))
        .set((
            poll_participants::email.eq(None::<String>),
            poll_participants::display_name.eq(None::<String>),
            poll_participants::user_id.eq(None::<String>),
            poll_participants::token_hash.eq(format!("erased:{id}")),
        ))
        .execute(conn)
}
