//! What one mail says, as plain data: which letter, about which meeting, from whom, to whom.
//! `prepare` makes these from an outbox job; `compose` turns them into a message.

use chrono::{DateTime, Utc};

use super::calendar::Method;
use crate::domain::{Locale, TimeZone};
use crate::meetings::Meeting;

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
}

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
}

/// A stored meeting as mails and calendar files describe it.
pub fn meeting_facts(meeting: &Meeting, invitee_count: usize) -> MeetingFacts {
    MeetingFacts {
        id: meeting.id.clone(),
        title: meeting.title.clone(),
        description: meeting.description.clone(),
        starts_at: meeting.starts_at_utc(),
        ends_at: meeting.ends_at_utc(),
        revision: meeting.revision,
        cancelled: meeting.is_cancelled(),
        invitee_count,
    }
}
