//! Who is coming: each invitee's answer (accept, maybe, decline, with a comment), given on
//! the reply page, through the API or by their calendar program, and what the organizer reads
//! of them. For a series an answer holds for every date, or for one date, which then counts
//! for that date instead.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use diesel::Connection;

use super::access::MeetingDetail;
use super::delivery::{PersonDeliveries, deliveries};
use super::model::{CounterProposal, Meeting, Participant, Response, Via};
use super::occurrences::occurrence_at;
use super::queries;
use crate::accounts::User;
use crate::db::{self, AnyConnection};
use crate::domain::{FieldError, PartStat, ReplyComment, recurrence_id_text};
use crate::error::{AppError, Conflict, FieldErrors};

/// An answer as given, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub partstat: PartStat,
    pub comment: Option<ReplyComment>,
    /// For one date of a series: its recurrence id (original start).
    pub date: Option<DateTime<Utc>>,
}

impl Answer {
    /// Reads a form or request body; every bad field says why.
    pub fn parse(
        partstat: &str,
        comment: &str,
        date: Option<DateTime<Utc>>,
    ) -> Result<Answer, FieldErrors> {
        let mut errors = FieldErrors::new();
        let partstat = errors.check("partstat", PartStat::parse(partstat));
        let comment = errors.check("comment", ReplyComment::parse(comment));
        match (partstat, comment) {
            (Some(partstat), Some(comment)) if errors.is_empty() => Ok(Answer {
                partstat,
                comment,
                date,
            }),
            _ => Err(errors),
        }
    }
}

/// Records `answer` from the participant `participant_id`, replacing their earlier answer for
/// the same meeting or date. `answered_sequence` is the SEQUENCE a calendar program answered
/// (an iMIP REPLY); answers on the web answer the current one. An answer for a date that is
/// not the series' is refused (422), one for a cancelled meeting or date is a conflict, and
/// the organizer has nothing to answer.
pub fn record_answer(
    conn: &mut AnyConnection,
    participant_id: &str,
    answer: &Answer,
    via: Via,
    answered_sequence: Option<i32>,
) -> Result<Response, AppError> {
    conn.transaction(|conn| {
        let (participant, meeting) =
            queries::participant_with_meeting(conn, participant_id)?.ok_or(AppError::NotFound)?;
        record(conn, &participant, &meeting, answer, via, answered_sequence)
    })
}

/// Records the signed-in `user`'s own answer to `meeting_id` (they must be on it; 404
/// otherwise, as for a meeting they may not see).
pub fn answer_as_user(
    conn: &mut AnyConnection,
    user: &User,
    meeting_id: &str,
    answer: &Answer,
) -> Result<Response, AppError> {
    conn.transaction(|conn| {
        let meeting = queries::find_meeting(conn, meeting_id)?;
        let own = queries::participant_for_user(
            conn,
            meeting_id,
            &user.id,
            super::access::claim_email(user),
        )?
        .ok_or(AppError::NotFound)?;
        record(conn, &own, &meeting, answer, Via::Web, None)
    })
}

fn record(
    conn: &mut AnyConnection,
    participant: &Participant,
    meeting: &Meeting,
    answer: &Answer,
    via: Via,
    answered_sequence: Option<i32>,
) -> Result<Response, AppError> {
    if participant.is_organizer {
        return Err(AppError::Conflict(Conflict::OrganizerNotInvited));
    }
    if meeting.cancelled_at.is_some() {
        return Err(AppError::Conflict(Conflict::MeetingCancelled));
    }
    let (recurrence_id, current_sequence) = match answer.date {
        None => (String::new(), participant.sequence),
        Some(date) => {
            let exceptions = queries::exceptions_of(conn, &[&meeting.id])?;
            let Some(occurrence) = occurrence_at(meeting, &exceptions, date) else {
                let mut errors = FieldErrors::new();
                errors.add("date", FieldError::new("date_not_in_series"));
                return Err(AppError::Validation(errors));
            };
            if occurrence.cancelled {
                return Err(AppError::Conflict(Conflict::OccurrenceCancelled));
            }
            let own_sequence = exceptions
                .iter()
                .find(|e| e.recurrence_id.and_utc() == date)
                .map(|e| e.sequence);
            (
                recurrence_id_text(date),
                own_sequence.unwrap_or(participant.sequence),
            )
        }
    };
    let response = Response {
        participant_id: participant.id.clone(),
        recurrence_id,
        partstat: answer.partstat.as_str().to_owned(),
        comment: answer.comment.as_ref().map(|c| c.as_str().to_owned()),
        answered_at: db::now(),
        via: via.as_str().to_owned(),
        sequence: answered_sequence.unwrap_or(current_sequence),
    };
    // The same answer again (a reply read twice, a second press) changes nothing, not even
    // when it counts as given.
    if let Some(earlier) = queries::response_of(conn, &participant.id, &response.recurrence_id)?
        && earlier.partstat == response.partstat
        && earlier.comment == response.comment
        && earlier.sequence == response.sequence
    {
        return Ok(earlier);
    }
    queries::save_response(conn, &response)?;
    Ok(response)
}

/// The answers `participant_id` gave (for the whole meeting and for single dates): read
/// through their own join link, which proves it is theirs.
pub fn own_answers(
    conn: &mut AnyConnection,
    participant_id: &str,
) -> Result<Vec<Response>, AppError> {
    Ok(queries::responses_of(conn, &[participant_id])?)
}

/// What became of everyone's mail and what they answered, as a meeting's editors read it.
#[derive(Debug, Clone, Default)]
pub struct WhoIsComing {
    /// Per participant id.
    pub deliveries: HashMap<String, PersonDeliveries>,
    pub answers: Answers,
    /// Per participant: other times their calendar proposed, oldest first.
    pub proposals: HashMap<String, Vec<CounterProposal>>,
}

impl WhoIsComing {
    /// Reads both for everyone on `meeting` (as its editors see it: `meeting_for_editor`).
    pub fn of(conn: &mut AnyConnection, meeting: &MeetingDetail) -> Result<WhoIsComing, AppError> {
        let people: Vec<&Participant> = meeting.participants.iter().collect();
        WhoIsComing::of_people(conn, &people)
    }

    /// Reads both for `people`, participants a change to a meeting returned to its editor.
    pub fn of_people(
        conn: &mut AnyConnection,
        people: &[&Participant],
    ) -> Result<WhoIsComing, AppError> {
        let ids: Vec<&str> = people.iter().map(|p| p.id.as_str()).collect();
        let mut proposals: HashMap<String, Vec<CounterProposal>> = HashMap::new();
        for proposal in queries::counters_of(conn, &ids)? {
            proposals
                .entry(proposal.participant_id.clone())
                .or_default()
                .push(proposal);
        }
        Ok(WhoIsComing {
            deliveries: deliveries(conn, &ids)?,
            answers: Answers::of(conn, &ids)?,
            proposals,
        })
    }
}

/// Everyone's answers on a meeting, as its editors read them.
#[derive(Debug, Clone, Default)]
pub struct Answers {
    /// Per participant: the answer for the whole meeting or series.
    pub overall: HashMap<String, Response>,
    /// Per participant: their answers for single dates, in date order.
    pub dates: HashMap<String, Vec<Response>>,
}

impl Answers {
    /// The answers of the participants `ids`.
    fn of(conn: &mut AnyConnection, ids: &[&str]) -> Result<Answers, AppError> {
        let mut answers = Answers::default();
        for response in queries::responses_of(conn, ids)? {
            if response.date().is_some() {
                answers
                    .dates
                    .entry(response.participant_id.clone())
                    .or_default()
                    .push(response);
            } else {
                answers
                    .overall
                    .insert(response.participant_id.clone(), response);
            }
        }
        for dates in answers.dates.values_mut() {
            dates.sort_by(|a, b| a.recurrence_id.cmp(&b.recurrence_id));
        }
        Ok(answers)
    }

    /// What `participant_id` answered for `date` (their answer for that date, else their
    /// overall one), or for the whole meeting when `date` is `None`.
    pub fn for_date(&self, participant_id: &str, date: Option<&str>) -> Option<&Response> {
        date.and_then(|date| {
            self.dates
                .get(participant_id)?
                .iter()
                .find(|r| r.recurrence_id == date)
        })
        .or_else(|| self.overall.get(participant_id))
    }

    /// The counts over the invitees of `meeting` (the organizer not counted), for `date` or the
    /// whole meeting.
    pub fn tally(&self, meeting: &MeetingDetail, date: Option<&str>) -> Tally {
        let mut tally = Tally::default();
        for invitee in meeting.invitees() {
            match self.for_date(&invitee.id, date).map(Response::partstat) {
                Some(PartStat::Accepted) => tally.accepted += 1,
                Some(PartStat::Tentative) => tally.tentative += 1,
                Some(PartStat::Declined) => tally.declined += 1,
                None => tally.open += 1,
            }
        }
        tally
    }
}

/// How many invitees gave which answer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Tally {
    pub accepted: usize,
    pub tentative: usize,
    pub declined: usize,
    /// No answer yet.
    pub open: usize,
}
