//! Deciding what an outbox job becomes: the facts of one mail, or the reason it needs none.
//!
//! Jobs carry ids; the mail describes the meeting as it is when the worker sends, so a job
//! queued before a later change never sends stale times.

use chrono::{DateTime, Utc};

use super::facts::{Contact, Letter, MailFacts, MeetingFacts, Recipient, meeting_facts};
use super::queries::BatchRows;
use crate::conference;
use crate::domain::{Locale, TimeZone, parse_recurrence_id};
use crate::meetings::{
    ForParticipant, JoinLinks, Meeting, MeetingMail, Participant, Uninvited, occurrence_at,
};
use crate::outbox::ClaimedJob;

/// What to do with one job.
#[derive(Debug)]
pub enum Prepared {
    /// Send this mail.
    Send(Box<MailFacts>),
    /// No mail is needed (any more); the reason is kept on the job.
    Skip(&'static str),
    /// The job can never become a mail.
    Fail(String),
}

/// What the worker needs besides the rows.
pub struct Preparation<'a> {
    /// Makes each recipient's join link.
    pub links: &'a JoinLinks,
    /// Whether organizers get their own copy.
    pub organizer_copy: bool,
    /// The message's time stamp.
    pub now: DateTime<Utc>,
}

impl Preparation<'_> {
    /// The mail `job` (read as `mail`) becomes, given the batch's `rows`.
    pub fn prepare(
        &self,
        job: &ClaimedJob,
        mail: Option<&MeetingMail>,
        rows: &BatchRows,
    ) -> Prepared {
        let Some(mail) = mail else {
            return Prepared::Fail(format!(
                "a job of kind {} that is no mail we know",
                job.kind
            ));
        };
        let Some(meeting) = rows.meetings.get(mail.meeting_id()) else {
            return Prepared::Skip("the meeting no longer exists");
        };
        let Some(organizer) = rows.accounts.get(&meeting.organizer_id) else {
            return Prepared::Fail("the organizer's account no longer exists".to_owned());
        };
        let (letter, recipient) = match mail {
            MeetingMail::Uninvitation(gone) => (Letter::Uninvitation, uninvited(gone, meeting)),
            MeetingMail::Invitation(to)
            | MeetingMail::Update(to)
            | MeetingMail::Cancellation(to)
            | MeetingMail::Reminder(to) => match self.to_participant(mail, to, meeting, rows) {
                Ok(addressed) => addressed,
                Err(skip) => return Prepared::Skip(skip),
            },
        };
        let invitee_count = rows
            .invitee_counts
            .get(&meeting.id)
            .copied()
            .unwrap_or_default();
        let exceptions = rows
            .exceptions
            .get(&meeting.id)
            .map_or(&[][..], Vec::as_slice);
        let mut facts = meeting_facts(
            meeting,
            exceptions,
            invitee_count.try_into().unwrap_or_default(),
        );
        facts.dial_in = conference::dial_in(
            meeting.dial_in_pin.as_deref(),
            rows.numbers.of(meeting.jitsi_server_id.as_deref()),
        );
        if let Some(recurrence_id) = mail.recurrence_id() {
            let Some(occurrence) = parse_recurrence_id(recurrence_id)
                .and_then(|rid| occurrence_at(meeting, exceptions, rid))
            else {
                return Prepared::Skip("the series no longer has that date");
            };
            facts = facts.about(occurrence, meeting);
        }
        let participant = mail
            .participant_id()
            .and_then(|id| rows.participants.get(id));
        if let Some(reason) = participant.and_then(|p| stale(letter, &facts, p, self.now)) {
            return Prepared::Skip(reason);
        }
        Prepared::Send(Box::new(MailFacts {
            letter,
            job_id: job.id.clone(),
            stamp: self.now,
            meeting: facts,
            organizer: Contact {
                name: organizer.display_name.clone(),
                email: organizer.email.clone(),
            },
            recipient,
            branding: rows
                .brandings
                .get(&organizer.organisation_id)
                .cloned()
                .unwrap_or_default(),
        }))
    }

    /// Which letter goes to a participant still on the meeting, and how they read it; or why
    /// none goes.
    fn to_participant(
        &self,
        mail: &MeetingMail,
        to: &ForParticipant,
        meeting: &Meeting,
        rows: &BatchRows,
    ) -> Result<(Letter, Recipient), &'static str> {
        let participant = rows
            .participants
            .get(&to.participant_id)
            .ok_or("the participant was removed before the mail went out")?;
        let letter = match (mail, participant.is_organizer) {
            (MeetingMail::Reminder(_), _) => Letter::Reminder,
            (_, true) if !self.organizer_copy => return Err("organizer copies are turned off"),
            (_, true) => Letter::OrganizerCopy,
            (MeetingMail::Invitation(_), false) => Letter::Invitation,
            (MeetingMail::Update(_), false) => Letter::Update,
            _ => Letter::Cancellation,
        };
        let account = participant
            .user_id
            .as_ref()
            .and_then(|id| rows.accounts.get(id));
        let name = participant
            .display_name
            .clone()
            .or_else(|| account.map(|a| a.display_name.clone()))
            .unwrap_or_default();
        // Their account's zone if they have one, else the meeting's.
        let zone = account
            .and_then(|a| TimeZone::parse(&a.time_zone).ok())
            .unwrap_or_else(|| meeting.zone());
        let recipient = Recipient {
            contact: Contact {
                name,
                email: participant.email.clone(),
            },
            locale: participant.locale(),
            zone,
            join_url: self.links.url(&participant.id, participant.link_version),
            sequence: participant.sequence,
            participant_id: Some(participant.id.clone()),
        };
        Ok((letter, recipient))
    }
}

/// Someone removed from the meeting: their row is gone, the job carries who they were.
fn uninvited(gone: &Uninvited, meeting: &Meeting) -> Recipient {
    Recipient {
        contact: Contact {
            name: gone.name.clone().unwrap_or_default(),
            email: gone.email.clone(),
        },
        locale: Locale::from_tag(&gone.locale).unwrap_or_default(),
        zone: meeting.zone(),
        join_url: String::new(),
        // Raised for them alone when they were removed.
        sequence: gone.revision,
        participant_id: None,
    }
}

/// Why a mail queued earlier is no longer worth sending: the meeting was cancelled after an
/// invitation was queued (the cancellation follows), or a reminder is out of date. `meeting`
/// is as the mail would describe it (a date of a series: that date).
fn stale(
    letter: Letter,
    meeting: &MeetingFacts,
    participant: &Participant,
    now: DateTime<Utc>,
) -> Option<&'static str> {
    match letter {
        Letter::Invitation | Letter::Update if meeting.cancelled => {
            Some("the meeting was cancelled before the mail went out")
        }
        Letter::Reminder if meeting.cancelled => Some("the meeting was cancelled"),
        // Its start moved: the new start gets a reminder of its own. Dates of a series are
        // marked in time order, so a later date's mark covers this one.
        Letter::Reminder if !reminded_of(meeting, participant) => {
            Some("the meeting moved after the reminder was queued")
        }
        Letter::Reminder if meeting.starts_at <= now => {
            Some("the meeting had started before the reminder went out")
        }
        _ => None,
    }
}

/// Whether the participant's reminder mark covers the start `meeting` describes.
fn reminded_of(meeting: &MeetingFacts, participant: &Participant) -> bool {
    let start = meeting.starts_at.naive_utc();
    match (&meeting.occurrence, participant.reminded_for) {
        (_, None) => false,
        (None, Some(marked)) => marked == start,
        (Some(_), Some(marked)) => marked >= start,
    }
}
