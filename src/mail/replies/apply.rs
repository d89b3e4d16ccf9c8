//! What one message from the reply mailbox does: an answer recorded, a proposal kept, an
//! invitation sent again, a human note to forward, or a refusal with its reason. Replies are
//! unauthenticated mail: the token in the address names one participant, and a message can
//! change that participant's answer and nothing else.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone as _, Utc};

use super::ReplyAddresses;
use super::imip::{Answered, Envelope, Incoming, Proposed, Written};
use crate::db::AnyConnection;
use crate::domain::{PartStat, ReplyComment, TimeZone};
use crate::error::{AppError, Conflict};
use crate::meetings::{self, Answer, Proposal, ReplyTarget, Via};

/// Where a message goes after it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Done with (what was done, for the log): to the processed folder.
    Done(String),
    /// Not acted on, for this reason: to the failed folder.
    Refused(String),
    /// No calendar in it (an out-of-office note, a person writing back): forwarded to the
    /// organizer, then to the processed folder.
    Forward(Forward),
}

/// Whom a note goes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forward {
    pub organizer_name: String,
    pub organizer_email: String,
    pub meeting_title: String,
}

/// Applies one read message. `uid_of` gives a meeting's calendar UID; `message_key` names the
/// message (its Message-ID, else a digest), so a proposal read twice is kept once. Errors are
/// the database's: the message stays in the mailbox for the next look.
pub fn apply(
    conn: &mut AnyConnection,
    addresses: &ReplyAddresses,
    uid_of: &dyn Fn(&str) -> String,
    message_key: &str,
    envelope: &Envelope,
    incoming: &Incoming,
) -> Result<Outcome, AppError> {
    let Some(participant_id) = envelope
        .recipients
        .iter()
        .find_map(|address| addresses.participant_in(address))
    else {
        return Ok(Outcome::Refused(
            "no reply address with a valid token among the recipients (unknown or forged)".into(),
        ));
    };
    let Some(target) = meetings::reply_target(conn, &participant_id)? else {
        return Ok(Outcome::Refused(
            "the reply address names someone no longer on the meeting".into(),
        ));
    };
    let uid = uid_of(&target.meeting.id);
    let foreign = |found: &str| {
        Outcome::Refused(format!(
            "UID {found} does not belong to the meeting of this reply address"
        ))
    };
    match incoming {
        Incoming::Reply(answers) => {
            let mut done = Vec::new();
            for answered in answers {
                if answered.uid != uid {
                    return Ok(foreign(&answered.uid));
                }
                match record(conn, &target, answered)? {
                    Ok(note) => done.push(note),
                    Err(refusal) => return Ok(Outcome::Refused(refusal)),
                }
            }
            if done.is_empty() {
                return Ok(Outcome::Refused("a REPLY without any event".into()));
            }
            Ok(Outcome::Done(done.join("; ")))
        }
        Incoming::Counter(proposals) => {
            for proposed in proposals {
                if proposed.uid != uid {
                    return Ok(foreign(&proposed.uid));
                }
                let proposal = proposal(&target, proposed, message_key);
                meetings::record_counter(conn, &target.participant.id, &proposal)?;
            }
            Ok(Outcome::Done(format!(
                "another time proposed by {} (shown, not applied)",
                target.participant.email
            )))
        }
        Incoming::Refresh(uids) => {
            if let Some(other) = uids.iter().find(|u| **u != uid) {
                return Ok(foreign(other));
            }
            meetings::send_invitation_again(conn, &target.participant.id)?;
            Ok(Outcome::Done(format!(
                "invitation sent again to {}",
                target.participant.email
            )))
        }
        Incoming::OtherMethod(method) => Ok(Outcome::Refused(format!(
            "METHOD:{method} is no answer to an invitation"
        ))),
        Incoming::NotCalendar => Ok(Outcome::Forward(Forward {
            organizer_name: target.organizer_name,
            organizer_email: target.organizer_email,
            meeting_title: target.meeting.title,
        })),
    }
}

/// Records one answered component: a note for the log, or why it was not recorded.
fn record(
    conn: &mut AnyConnection,
    target: &ReplyTarget,
    answered: &Answered,
) -> Result<Result<String, String>, AppError> {
    let who = &target.participant.email;
    let Ok(partstat) = PartStat::parse(&answered.partstat) else {
        return Ok(Err(format!(
            "PARTSTAT {} is not an answer Treffpunkt records",
            answered.partstat
        )));
    };
    let date = match &answered.recurrence_id {
        None => None,
        Some(written) => match resolve(written, &target.meeting) {
            Some(at) => Some(at),
            None => {
                return Ok(Err(format!(
                    "RECURRENCE-ID {} cannot be read",
                    written.value
                )));
            }
        },
    };
    let answer = Answer {
        partstat,
        comment: answered.comment.as_deref().and_then(comment),
        date,
    };
    let mismatch = answered
        .attendee
        .as_deref()
        .filter(|a| !a.eq_ignore_ascii_case(who))
        .map(|a| format!(" (answered as {a})"))
        .unwrap_or_default();
    match meetings::record_answer(
        conn,
        &target.participant.id,
        &answer,
        Via::Calendar,
        answered.sequence,
    ) {
        Ok(_) => Ok(Ok(format!("{} from {who}{mismatch}", partstat.as_str()))),
        Err(AppError::Validation(_)) => Ok(Err(format!(
            "{} is not a date of the series",
            answered
                .recurrence_id
                .as_ref()
                .map_or("", |w| w.value.as_str())
        ))),
        Err(AppError::Conflict(Conflict::MeetingCancelled | Conflict::OccurrenceCancelled)) => {
            Ok(Err("the meeting or date is cancelled".into()))
        }
        Err(AppError::Conflict(Conflict::OrganizerNotInvited)) => {
            Ok(Err("the organizer has nothing to answer".into()))
        }
        Err(other) => Err(other),
    }
}

fn proposal(target: &ReplyTarget, proposed: &Proposed, message_key: &str) -> Proposal {
    let meeting = &target.meeting;
    Proposal {
        date: proposed
            .recurrence_id
            .as_ref()
            .and_then(|w| resolve(w, meeting)),
        starts_at: proposed
            .starts_at
            .as_ref()
            .and_then(|w| resolve(w, meeting)),
        ends_at: proposed.ends_at.as_ref().and_then(|w| resolve(w, meeting)),
        comment: proposed.comment.clone(),
        message_id: message_key.to_owned(),
    }
}

/// A comment as Treffpunkt keeps it: cut to its limit, left out if it cannot be kept at all.
fn comment(raw: &str) -> Option<ReplyComment> {
    let cut: String = raw.chars().take(1_000).collect();
    ReplyComment::parse(&cut).ok().flatten()
}

/// A written date-time as an instant: UTC (`…Z`), a zone Treffpunkt knows (IANA), or else
/// (Outlook's Windows zone names, floating times) the wall-clock time of the meeting's zone,
/// which is the zone the invitation wrote. A date alone is the meeting's start time that day.
fn resolve(written: &Written, meeting: &meetings::Meeting) -> Option<DateTime<Utc>> {
    let value = written.value.trim();
    if let Some(utc) = value.strip_suffix('Z') {
        return NaiveDateTime::parse_from_str(utc, "%Y%m%dT%H%M%S")
            .ok()
            .map(|t| t.and_utc());
    }
    let meeting_zone = meeting.zone();
    let zone = written
        .tzid
        .as_deref()
        .and_then(|z| TimeZone::parse(z).ok())
        .unwrap_or(meeting_zone);
    let local = match NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S") {
        Ok(local) => local,
        Err(_) => {
            let day = NaiveDate::parse_from_str(value, "%Y%m%d").ok()?;
            let start = meeting
                .starts_at
                .and_utc()
                .with_timezone(&meeting_zone.tz())
                .time();
            day.and_time(start)
        }
    };
    zone.tz()
        .from_local_datetime(&local)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}
