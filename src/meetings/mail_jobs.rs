//! The mails a change to a meeting causes, as outbox jobs. The mail worker renders and sends them.

use serde::{Deserialize, Serialize};

use super::model::{Meeting, MeetingException, Participant};
use crate::domain::recurrence_id_text;
use crate::error::AppError;
use crate::outbox::{NewJob, Subject};

/// One message to one person. Payloads carry ids, not content: the worker renders the
/// meeting as it is when it sends, with the revision the change produced.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum MeetingMail {
    /// An invitation (a new meeting, a newly added participant, or "send again"): iTIP REQUEST.
    Invitation(ForParticipant),
    /// The time, title, description or server changed: iTIP REQUEST with the higher SEQUENCE.
    Update(ForParticipant),
    /// The meeting was cancelled: iTIP CANCEL.
    Cancellation(ForParticipant),
    /// This person was removed from the meeting: iTIP CANCEL to them alone. Their row is
    /// gone by the time the worker runs, so the job carries their address.
    Uninvitation(Uninvited),
    /// The meeting starts soon (queued by the mail worker, not by a change).
    Reminder(ForParticipant),
}

/// A mail about a meeting to someone still on it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ForParticipant {
    /// The meeting.
    pub meeting_id: String,
    /// The recipient.
    pub participant_id: String,
    /// The meeting's revision when the job was queued (the iCalendar SEQUENCE); for one
    /// occurrence, that occurrence's own SEQUENCE.
    pub revision: i32,
    /// The mail is about this one occurrence of a series alone (its RECURRENCE-ID, as
    /// `20270105T090000Z`): an update or cancellation of that date only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recurrence_id: Option<String>,
}

/// A mail to someone no longer on the meeting.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Uninvited {
    /// The meeting.
    pub meeting_id: String,
    /// The meeting's revision when they were removed.
    pub revision: i32,
    /// Their address.
    pub email: String,
    /// Their name, if known.
    pub name: Option<String>,
    /// The language of the mail.
    pub locale: String,
}

/// The kinds of meeting mail, as the outbox names their jobs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailKind {
    Invitation,
    Update,
    Cancellation,
    Uninvitation,
    Reminder,
}

impl MailKind {
    pub const ALL: [MailKind; 5] = [
        MailKind::Invitation,
        MailKind::Update,
        MailKind::Cancellation,
        MailKind::Uninvitation,
        MailKind::Reminder,
    ];

    /// The outbox job kind. Stored in queued jobs: never rename one.
    pub fn job_kind(self) -> &'static str {
        match self {
            MailKind::Invitation => "mail.invitation",
            MailKind::Update => "mail.update",
            MailKind::Cancellation => "mail.cancellation",
            MailKind::Uninvitation => "mail.uninvitation",
            MailKind::Reminder => "mail.reminder",
        }
    }

    /// The kind an outbox job of `job_kind` carries; `None` for jobs that are not meeting mail.
    pub fn from_job_kind(job_kind: &str) -> Option<MailKind> {
        MailKind::ALL
            .into_iter()
            .find(|kind| kind.job_kind() == job_kind)
    }

    /// Every job kind the mail worker claims.
    pub fn job_kinds() -> [&'static str; 5] {
        MailKind::ALL.map(MailKind::job_kind)
    }

    /// The short name people read (the admin outbox page): `invitation`, `update`, …
    pub fn name(self) -> &'static str {
        self.job_kind().trim_start_matches("mail.")
    }
}

impl MeetingMail {
    pub fn kind(&self) -> MailKind {
        match self {
            MeetingMail::Invitation(_) => MailKind::Invitation,
            MeetingMail::Update(_) => MailKind::Update,
            MeetingMail::Cancellation(_) => MailKind::Cancellation,
            MeetingMail::Uninvitation(_) => MailKind::Uninvitation,
            MeetingMail::Reminder(_) => MailKind::Reminder,
        }
    }

    /// The mail an outbox job of `kind` with `payload` describes; `None` for other kinds of job
    /// or a payload that does not fit its kind.
    pub fn from_job(kind: &str, payload: &str) -> Option<MeetingMail> {
        let for_participant = || serde_json::from_str::<ForParticipant>(payload).ok();
        match MailKind::from_job_kind(kind)? {
            MailKind::Invitation => for_participant().map(MeetingMail::Invitation),
            MailKind::Update => for_participant().map(MeetingMail::Update),
            MailKind::Cancellation => for_participant().map(MeetingMail::Cancellation),
            MailKind::Reminder => for_participant().map(MeetingMail::Reminder),
            MailKind::Uninvitation => serde_json::from_str(payload)
                .ok()
                .map(MeetingMail::Uninvitation),
        }
    }

    /// The meeting it is about.
    pub fn meeting_id(&self) -> &str {
        match self {
            MeetingMail::Invitation(p)
            | MeetingMail::Update(p)
            | MeetingMail::Cancellation(p)
            | MeetingMail::Reminder(p) => &p.meeting_id,
            MeetingMail::Uninvitation(u) => &u.meeting_id,
        }
    }

    /// The one occurrence it is about, if it is about one alone.
    pub fn recurrence_id(&self) -> Option<&str> {
        match self {
            MeetingMail::Update(p) | MeetingMail::Cancellation(p) | MeetingMail::Reminder(p) => {
                p.recurrence_id.as_deref()
            }
            _ => None,
        }
    }

    /// The participant it goes to, while they are still on the meeting.
    pub fn participant_id(&self) -> Option<&str> {
        match self {
            MeetingMail::Invitation(p)
            | MeetingMail::Update(p)
            | MeetingMail::Cancellation(p)
            | MeetingMail::Reminder(p) => Some(&p.participant_id),
            MeetingMail::Uninvitation(_) => None,
        }
    }

    /// The outbox job that will send it.
    pub fn job(&self) -> Result<NewJob, AppError> {
        let subject = self.participant_id().map(|id| Subject {
            id: id.to_owned(),
            part: self.recurrence_id().map(str::to_owned),
        });
        Ok(NewJob::new(self.kind().job_kind(), self)?.about(subject))
    }

    /// An invitation for `participant` at the meeting's current revision.
    pub fn invitation(meeting: &Meeting, participant: &Participant) -> MeetingMail {
        MeetingMail::Invitation(ForParticipant::new(meeting, participant))
    }

    /// An update for `participant` at the meeting's current revision.
    pub fn update(meeting: &Meeting, participant: &Participant) -> MeetingMail {
        MeetingMail::Update(ForParticipant::new(meeting, participant))
    }

    /// A cancellation for `participant`.
    pub fn cancellation(meeting: &Meeting, participant: &Participant) -> MeetingMail {
        MeetingMail::Cancellation(ForParticipant::new(meeting, participant))
    }

    /// A reminder for `participant` of the meeting at its current revision.
    pub fn reminder(meeting: &Meeting, participant: &Participant) -> MeetingMail {
        MeetingMail::Reminder(ForParticipant::new(meeting, participant))
    }

    /// The notice to someone removed from the meeting.
    pub fn uninvitation(meeting: &Meeting, participant: &Participant) -> MeetingMail {
        MeetingMail::Uninvitation(Uninvited {
            meeting_id: meeting.id.clone(),
            revision: meeting.revision,
            email: participant.email.clone(),
            name: participant.display_name.clone(),
            locale: participant.locale.clone(),
        })
    }
}

impl ForParticipant {
    fn new(meeting: &Meeting, participant: &Participant) -> ForParticipant {
        ForParticipant {
            meeting_id: meeting.id.clone(),
            participant_id: participant.id.clone(),
            revision: meeting.revision,
            recurrence_id: None,
        }
    }
}

impl MeetingMail {
    /// An update of one occurrence alone (moved or retitled) for `participant`.
    pub fn occurrence_update(
        meeting: &Meeting,
        exception: &MeetingException,
        participant: &Participant,
    ) -> MeetingMail {
        MeetingMail::Update(ForParticipant::of_occurrence(
            meeting,
            exception,
            participant,
        ))
    }

    /// The cancellation of one occurrence alone for `participant`.
    pub fn occurrence_cancellation(
        meeting: &Meeting,
        exception: &MeetingException,
        participant: &Participant,
    ) -> MeetingMail {
        MeetingMail::Cancellation(ForParticipant::of_occurrence(
            meeting,
            exception,
            participant,
        ))
    }
}

impl ForParticipant {
    fn of_occurrence(
        meeting: &Meeting,
        exception: &MeetingException,
        participant: &Participant,
    ) -> ForParticipant {
        ForParticipant {
            revision: exception.sequence,
            recurrence_id: Some(recurrence_id_text(exception.recurrence_id.and_utc())),
            ..ForParticipant::new(meeting, participant)
        }
    }
}

/// The jobs for `mails`, ready to be queued in the change's transaction.
pub(super) fn jobs(mails: impl IntoIterator<Item = MeetingMail>) -> Result<Vec<NewJob>, AppError> {
    mails.into_iter().map(|mail| mail.job()).collect()
}
