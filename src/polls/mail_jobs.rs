//! The outbox jobs of polls: one mail per person (asked, reminded, told the outcome).

use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::outbox::{NewJob, Subject};

/// Which poll mail a job sends. The job kinds are stored in queued jobs: never rename them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PollLetter {
    /// "Which of these times suit you?" with the personal link.
    Invitation,
    /// The one reminder before the deadline, to those who have not answered.
    Reminder,
    /// The poll closed: the chosen time, or that none was chosen.
    Outcome,
}

impl PollLetter {
    pub const ALL: [PollLetter; 3] = [
        PollLetter::Invitation,
        PollLetter::Reminder,
        PollLetter::Outcome,
    ];

    /// The outbox job kind.
    pub fn job_kind(self) -> &'static str {
        match self {
            PollLetter::Invitation => "poll.invitation",
            PollLetter::Reminder => "poll.reminder",
            PollLetter::Outcome => "poll.outcome",
        }
    }

    /// The mail template's name (`templates/mail/<lang>/<name>/`).
    pub fn template(self) -> &'static str {
        match self {
            PollLetter::Invitation => "poll_invitation",
            PollLetter::Reminder => "poll_reminder",
            PollLetter::Outcome => "poll_outcome",
        }
    }

    /// Every job kind, for the worker's claim.
    pub fn job_kinds() -> [&'static str; 3] {
        PollLetter::ALL.map(PollLetter::job_kind)
    }

    pub fn from_job_kind(kind: &str) -> Option<PollLetter> {
        PollLetter::ALL.into_iter().find(|l| l.job_kind() == kind)
    }
}

/// What a poll mail job carries: whom it is for. Everything else is read when it is sent, so
/// a poll closed meanwhile is told as it is.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct PollMail {
    pub participant_id: String,
}

/// The jobs of one letter to each of `participant_ids`, findable by participant.
pub fn jobs<'a>(
    letter: PollLetter,
    participant_ids: impl IntoIterator<Item = &'a str>,
) -> Result<Vec<NewJob>, AppError> {
    participant_ids
        .into_iter()
        .map(|id| {
            Ok(NewJob::new(
                letter.job_kind(),
                &PollMail {
                    participant_id: id.to_owned(),
                },
            )?
            .about(Some(Subject {
                id: id.to_owned(),
                part: None,
            })))
        })
        .collect()
}
