//! What mail reads besides the outbox: the facts of a batch of mails in a few queries (not a
//! few per mail), and the recipients of failed mails. Mail writes no meeting or participant.

use std::collections::HashMap;
use std::sync::Arc;

use diesel::prelude::*;

use crate::conference::{self, ServerNumbers};
use crate::db::AnyConnection;
use crate::db::schema::{meetings, participants, users};
use crate::meetings::{Meeting, MeetingException, Participant, exceptions_by_meeting};
use crate::organisations::{self, Branding};

/// The account facts a mail needs: who the organizer is, and a participant's time zone.
#[derive(Debug, Clone, Queryable)]
pub struct AccountFacts {
    /// The account's id.
    pub id: String,
    /// Its address.
    pub email: String,
    /// Its name.
    pub display_name: String,
    pub time_zone: String,
    /// The organisation whose branding the organizer's mails wear.
    pub organisation_id: String,
}

/// The rows behind a batch of mails, by id.
#[derive(Debug, Default)]
pub struct BatchRows {
    /// Meetings by id.
    pub meetings: HashMap<String, Meeting>,
    /// Participants by id.
    pub participants: HashMap<String, Participant>,
    /// Organizers' and linked participants' accounts by id.
    pub accounts: HashMap<String, AccountFacts>,
    /// Invitees (not counting the organizer) per meeting.
    pub invitee_counts: HashMap<String, i64>,
    /// The exceptions of the series among the meetings, per meeting.
    pub exceptions: HashMap<String, Vec<MeetingException>>,
    /// The servers' dial-in numbers.
    pub numbers: ServerNumbers,
    /// The branding of the organizers' organisations, by organisation id.
    pub brandings: HashMap<String, Arc<Branding>>,
}

/// Loads the meetings and participants the mails of one batch are about, with the accounts
/// behind them: four queries for the whole batch.
pub fn batch_rows(
    conn: &mut AnyConnection,
    meeting_ids: &[&str],
    participant_ids: &[&str],
) -> QueryResult<BatchRows> {
    let meetings: Vec<Meeting> = meetings::table
        .filter(meetings::id.eq_any(meeting_ids))
        .select(Meeting::as_select())
        .load(conn)?;
    let participants: Vec<Participant> = participants::table
        .filter(participants::id.eq_any(participant_ids))
        .select(Participant::as_select())
        .load(conn)?;
    let account_ids: Vec<&str> = meetings
        .iter()
        .map(|m| m.organizer_id.as_str())
        .chain(participants.iter().filter_map(|p| p.user_id.as_deref()))
        .collect();
    let accounts: Vec<AccountFacts> = users::table
        .filter(users::id.eq_any(&account_ids))
        .select((
            users::id,
            users::email,
            users::display_name,
            users::time_zone,
            users::organisation_id,
        ))
        .load(conn)?;
    let invitee_counts: Vec<(String, i64)> = participants::table
        .filter(participants::meeting_id.eq_any(meeting_ids))
        .filter(participants::is_organizer.eq(false))
        .group_by(participants::meeting_id)
        .select((participants::meeting_id, diesel::dsl::count_star()))
        .load(conn)?;
    let series_ids: Vec<&str> = meetings
        .iter()
        .filter(|m| m.recurrence.is_some())
        .map(|m| m.id.as_str())
        .collect();
    let exceptions = exceptions_by_meeting(conn, &series_ids)?;
    let mut brandings = HashMap::new();
    for meeting in &meetings {
        let Some(organizer) = accounts.iter().find(|a| a.id == meeting.organizer_id) else {
            continue;
        };
        if !brandings.contains_key(&organizer.organisation_id) {
            let branding = organisations::branding_of(conn, &organizer.organisation_id)?;
            brandings.insert(organizer.organisation_id.clone(), Arc::new(branding));
        }
    }
    Ok(BatchRows {
        brandings,
        exceptions,
        numbers: conference::server_numbers(conn)?,
        meetings: meetings.into_iter().map(|m| (m.id.clone(), m)).collect(),
        participants: participants
            .into_iter()
            .map(|p| (p.id.clone(), p))
            .collect(),
        accounts: accounts.into_iter().map(|a| (a.id.clone(), a)).collect(),
        invitee_counts: invitee_counts.into_iter().collect(),
    })
}

/// The addresses of `participant_ids` that are still on their meeting.
pub fn participant_emails(
    conn: &mut AnyConnection,
    participant_ids: &[&str],
) -> QueryResult<HashMap<String, String>> {
    participants::table
        .filter(participants::id.eq_any(participant_ids))
        .select((participants::id, participants::email))
        .load::<(String, String)>(conn)
        .map(|rows| rows.into_iter().collect())
}
