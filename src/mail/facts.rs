//! What one mail says, as plain data: which letter, about which meeting, from whom, to whom.
//! `prepare` makes these from an outbox job; `compose` turns them into a message.

use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};

use super::calendar::Method;
use crate::conference::DialIn;
use crate::domain::{Locale, Recurrence, TimeZone};
use crate::meetings::{Meeting, MeetingException, Occurrence, occurrence_at};
use crate::organisations::Branding;

/// Which letter a mail is; each has its own templates and calendar method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Letter {
    /// A new meeting or a newly added participant (REQUEST).
    Invitation,
    /// A noticeable change (REQUEST with the higher SEQUENCE).
    Update,
    /// The meeting is off (CANCEL).
    Cancellation,
    /// This person is off the meeting (CANCEL to them alone).
    Uninvitation,
    /// The meeting starts soon: plain mail with the link, no calendar (nothing changes there).
    Reminder,
    /// The organizer's own copy (PUBLISH: no answer expected from them).
    OrganizerCopy,
}

impl Letter {
    /// The folder of its templates.
    pub fn template(self) -> &'static str {
        match self {
            Letter::Invitation => "invitation",
            Letter::Update => "update",
            Letter::Cancellation => "cancellation",
            Letter::Uninvitation => "uninvitation",
            Letter::Reminder => "reminder",
            Letter::OrganizerCopy => "organizer_copy",
        }
    }

    /// The calendar method of its `text/calendar` part; `None` for a mail without one.
    pub(super) fn method(self) -> Option<Method> {
        match self {
            Letter::Invitation | Letter::Update => Some(Method::Request),
            Letter::Cancellation | Letter::Uninvitation => Some(Method::Cancel),
            Letter::OrganizerCopy => Some(Method::Publish),
            Letter::Reminder => None,
        }
    }

    /// Whether it asks for an answer (accept, maybe, decline): invitations and updates.
    pub(super) fn asks_for_answer(self, cancelled: bool) -> bool {
        matches!(self, Letter::Invitation | Letter::Update) && !cancelled
    }

    /// Whether the recipient's join link belongs in it (not once the meeting is off for them).
    pub(super) fn carries_link(self, cancelled: bool) -> bool {
        match self {
            Letter::Cancellation | Letter::Uninvitation => false,
            _ => !cancelled,
        }
    }
}

/// The meeting as the mail describes it.
#[derive(Debug, Clone)]
pub struct MeetingFacts {
    /// The meeting's id (the calendar UID is `<id>@<host>`).
    pub id: String,
    pub title: String,
    /// Its plain-text description.
    pub description: String,
    /// Start.
    pub starts_at: DateTime<Utc>,
    /// End.
    pub ends_at: DateTime<Utc>,
    /// The meeting's revision: the highest SEQUENCE sent for it.
    pub revision: i32,
    /// Whether it was cancelled.
    pub cancelled: bool,
    /// How many people are invited besides the organizer.
    pub invitee_count: usize,
    /// For a series: how it repeats, with its exceptions.
    pub series: Option<SeriesFacts>,
    /// The mail is about this one occurrence alone (changed or cancelled alone); the times,
    /// title and description above are then the occurrence's.
    pub occurrence: Option<Occurrence>,
    /// How to join by phone, when its server has dial-in numbers.
    pub dial_in: Option<DialIn>,
}

/// A series as calendars get it.
#[derive(Debug, Clone)]
pub struct SeriesFacts {
    /// The zone its wall-clock times keep.
    pub zone: TimeZone,
    /// The rule, for the mail's words.
    pub rule: Recurrence,
    /// The RRULE value (`UNTIL` in UTC).
    pub rrule: String,
    /// The original starts of occurrences cancelled alone (`EXDATE`).
    pub cancelled: Vec<DateTime<Utc>>,
    /// Occurrences changed alone (not cancelled), each its own component.
    pub changed: Vec<Occurrence>,
    /// The end of the span the series covers (its `VTIMEZONE` covers it).
    pub covers_until: DateTime<Utc>,
}

/// How far the zone of a series without end is described: offsets after the last described
/// change would be taken as lasting for ever.
const OPEN_ENDED_ZONE_SPAN: TimeDelta = TimeDelta::days(10 * 366);

/// A name and an address.
#[derive(Debug, Clone)]
pub struct Contact {
    /// The name (may be empty).
    pub name: String,
    /// The address.
    pub email: String,
}

/// Who receives the mail, and how they read it.
#[derive(Debug, Clone)]
pub struct Recipient {
    /// Their name and address.
    pub contact: Contact,
    /// Their language.
    pub locale: Locale,
    /// Their time zone (their account's, else the meeting's).
    pub zone: TimeZone,
    /// Their personal join link.
    pub join_url: String,
    /// The SEQUENCE of their calendar entry: changes that do not concern them leave it.
    pub sequence: i32,
    /// Their participant id while they are on the meeting (their reply address names it).
    pub participant_id: Option<String>,
}

/// Everything one mail says.
#[derive(Debug, Clone)]
pub struct MailFacts {
    /// Which letter.
    pub letter: Letter,
    /// The outbox job's id; the Message-ID is made from it, so a repeat is recognisable.
    pub job_id: String,
    /// When the message is made (`DTSTAMP`).
    pub stamp: DateTime<Utc>,
    pub meeting: MeetingFacts,
    /// Who planned it (ORGANIZER, Reply-To).
    pub organizer: Contact,
    /// Who receives it.
    pub recipient: Recipient,
    /// The organizer's organisation's branding: the mail's footer, legal links and, for
    /// invitations, its introduction.
    pub branding: Arc<Branding>,
}

/// A stored meeting as mails and calendar files describe it; `exceptions` are its own.
pub fn meeting_facts(
    meeting: &Meeting,
    exceptions: &[MeetingException],
    invitee_count: usize,
) -> MeetingFacts {
    let series = meeting.series().map(|series| SeriesFacts {
        zone: series.zone(),
        rule: series.rule().clone(),
        rrule: series.rrule(),
        cancelled: exceptions
            .iter()
            .filter(|e| e.cancelled_at.is_some())
            .map(|e| e.recurrence_id.and_utc())
            .collect(),
        changed: exceptions
            .iter()
            .filter_map(|e| occurrence_at(meeting, exceptions, e.recurrence_id.and_utc()))
            .filter(|o| o.changed && !o.cancelled)
            .collect(),
        covers_until: series
            .last_end()
            .unwrap_or_else(|| series.first_start() + OPEN_ENDED_ZONE_SPAN),
    });
    MeetingFacts {
        id: meeting.id.clone(),
        title: meeting.title.clone(),
        description: meeting.description.clone(),
        starts_at: meeting.starts_at_utc(),
        ends_at: meeting.ends_at_utc(),
        revision: meeting.revision,
        cancelled: meeting.is_cancelled(),
        invitee_count,
        series,
        occurrence: None,
        dial_in: None,
    }
}

impl MeetingFacts {
    /// The same meeting, the mail being about `occurrence` alone.
    pub fn about(mut self, occurrence: Occurrence, meeting: &Meeting) -> MeetingFacts {
        self.title = occurrence.title(meeting).to_owned();
        if let Some(description) = &occurrence.description {
            self.description.clone_from(description);
        }
        self.starts_at = occurrence.starts_at;
        self.ends_at = occurrence.ends_at;
        self.cancelled |= occurrence.cancelled;
        self.occurrence = Some(occurrence);
        self
    }
}
