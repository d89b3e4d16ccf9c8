//! The SQL of one person's data in meetings: what the privacy export reads and what erasure
//! changes (`meetings::privacy`).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::{counter_proposals, meetings, participants, responses};
use crate::meetings::model::{Meeting, Participant};

/// Meetings `user_id` organises, by start.
pub(in crate::meetings) fn organised_by(
    conn: &mut AnyConnection,
    user_id: &str,
) -> QueryResult<Vec<Meeting>> {
    meetings::table
        .filter(meetings::organizer_id.eq(user_id))
        .order(meetings::starts_at)
        .select(Meeting::as_select())
        .load(conn)
}

/// (meeting id, invitee address) of these meetings' invitees other than their organizer.
pub(in crate::meetings) fn invitees_of(
    conn: &mut AnyConnection,
    meeting_ids: &[&str],
) -> QueryResult<Vec<(String, String)>> {
    participants::table
        .filter(participants::meeting_id.eq_any(meeting_ids))
        .filter(participants::is_organizer.eq(false))
        .order(participants::email)
        .select((participants::meeting_id, participants::email))
        .load(conn)
}

/// The entries of an address (or of the account, `user_id`) on any meeting, with the meeting.
pub(in crate::meetings) fn entries_of(
    conn: &mut AnyConnection,
    email: &str,
    user_id: Option<&str>,
) -> QueryResult<Vec<(Participant, Meeting)>> {
    let query = participants::table
        .inner_join(meetings::table)
        .order(meetings::starts_at)
        .select((Participant::as_select(), Meeting::as_select()));
    match user_id {
        Some(user_id) => query
            .filter(
                participants::email
                    .eq(email)
                    .or(participants::user_id.eq(user_id)),
            )
            .load(conn),
        None => query.filter(participants::email.eq(email)).load(conn),
    }
}

/// The ids of the entries of an address (or of the account) on any meeting.
pub(in crate::meetings) fn entry_ids_of(
    conn: &mut AnyConnection,
    email: &str,
    user_id: Option<&str>,
) -> QueryResult<Vec<String>> {
    let query = participants::table.select(participants::id);
    match user_id {
        Some(user_id) => query
            .filter(
                participants::email
                    .eq(email)
                    .or(participants::user_id.eq(user_id)),
            )
            .load(conn),
        None => query.filter(participants::email.eq(email)).load(conn),
    }
}

/// An answer: participant id, date (recurrence id or empty), partstat, comment, answered at.
pub(in crate::meetings) type AnswerRow = (String, String, String, Option<String>, NaiveDateTime);

/// A proposed time: participant id, start, end, comment, received at.
pub(in crate::meetings) type ProposalRow = (
    String,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
    Option<String>,
    NaiveDateTime,
);

/// The answers of these entries.
pub(in crate::meetings) fn answers_of(
    conn: &mut AnyConnection,
    participant_ids: &[&str],
) -> QueryResult<Vec<AnswerRow>> {
    responses::table
        .filter(responses::participant_id.eq_any(participant_ids))
        .select((
            responses::participant_id,
            responses::recurrence_id,
            responses::partstat,
            responses::comment,
            responses::answered_at,
        ))
        .load(conn)
}

/// The times these entries proposed instead.
pub(in crate::meetings) fn proposals_of(
    conn: &mut AnyConnection,
    participant_ids: &[&str],
) -> QueryResult<Vec<ProposalRow>> {
    counter_proposals::table
        .filter(counter_proposals::participant_id.eq_any(participant_ids))
        .select((
            counter_proposals::participant_id,
            counter_proposals::starts_at,
            counter_proposals::ends_at,
            counter_proposals::comment,
            counter_proposals::received_at,
        ))
        .load(conn)
}

/// Makes one entry a "deleted person": no address (a placeholder that cannot receive mail),
/// no name, no account, a link that matches nothing; its answers keep no comment and its
/// proposed times go.
pub(in crate::meetings) fn anonymise_entry(
    conn: &mut AnyConnection,
    participant_id: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(participants::table.find(participant_id))
        .set((
            participants::email.eq(format!("erased-{participant_id}@erased.invalid")),
            participants::display_name.eq(None::<String>),
            participants::user_id.eq(None::<String>),
            // Stored hashes are hex; this one matches no link.
            participants::join_token_hash.eq(format!("erased:{participant_id}")),
            participants::link_version.eq(participants::link_version + 1),
            participants::updated_at.eq(now),
        ))
        .execute(conn)?;
    diesel::update(responses::table.filter(responses::participant_id.eq(participant_id)))
        .set(responses::comment.eq(None::<String>))
        .execute(conn)?;
    diesel::delete(
        counter_proposals::table.filter(counter_proposals::participant_id.eq(participant_id)),
    )
    .execute(conn)?;
    Ok(())
}
