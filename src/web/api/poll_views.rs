//! The JSON shapes of polls.

use std::collections::BTreeMap;

use serde::Serialize;
use utoipa::ToSchema;

use super::meeting_views::utc;
use crate::polls::{Poll, PollDetail, PollLinks, PollParticipant};

/// A poll as its organizer or someone asked may see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct PollView {
    pub id: String,
    pub title: String,
    pub description: String,
    #[schema(example = "Europe/Berlin")]
    pub timezone: String,
    /// `organizer` or `participant`: what the caller is to this poll.
    pub role: &'static str,
    /// Whether guests may answer through the public link.
    pub public: bool,
    /// The public link (organizer only, when `public`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_url: Option<String>,
    pub deadline: Option<String>,
    pub show_answers: bool,
    /// Hours before the deadline the reminder goes (organizer only; `null`: none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reminder_hours_before: Option<i32>,
    pub closed: bool,
    pub closed_at: Option<String>,
    /// The time chosen at closing; `null` while open or when closed without a date.
    pub chosen_proposal_id: Option<String>,
    /// The meeting planned at closing (organizer only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meeting_id: Option<String>,
    pub created_at: String,
    pub proposals: Vec<PollProposalView>,
    /// Everyone asked and every guest with their answers, when the caller may see them (the
    /// organizer always; participants when `show_answers`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub participants: Option<Vec<PollParticipantView>>,
    /// The caller's own answers (participants only): proposal id → `yes`, `maybe` or `no`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub own_answers: Option<BTreeMap<String, &'static str>>,
}

/// One proposed time.
#[derive(Debug, Serialize, ToSchema)]
pub struct PollProposalView {
    pub id: String,
    /// RFC 3339, UTC.
    #[schema(example = "2027-03-10T09:00:00Z")]
    pub starts_at: String,
    pub ends_at: String,
    /// The counts, when the caller may see answers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counts: Option<PollCounts>,
    /// Among the best: the most yes, then the fewest no.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub best: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PollCounts {
    pub yes: usize,
    pub maybe: usize,
    pub no: usize,
}

/// Someone asked, or a guest.
#[derive(Debug, Serialize, ToSchema)]
pub struct PollParticipantView {
    pub id: String,
    pub name: Option<String>,
    /// Their address (organizer only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    pub guest: bool,
    pub answered_at: Option<String>,
    /// Proposal id → `yes`, `maybe` or `no`.
    pub answers: BTreeMap<String, &'static str>,
}

/// One poll in the list.
#[derive(Debug, Serialize, ToSchema)]
pub struct PollSummary {
    pub id: String,
    pub title: String,
    pub role: &'static str,
    pub closed: bool,
    pub deadline: Option<String>,
    pub created_at: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PollList {
    pub polls: Vec<PollSummary>,
}

/// The answer to closing a poll.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClosedPoll {
    /// The meeting planned at the chosen time; `null` when closed without a date.
    pub meeting_id: Option<String>,
}

impl PollSummary {
    pub fn new(poll: &Poll, user_id: &str) -> PollSummary {
        PollSummary {
            id: poll.id.clone(),
            title: poll.title.clone(),
            role: if poll.organizer_id == user_id {
                "organizer"
            } else {
                "participant"
            },
            closed: poll.closed_at.is_some(),
            deadline: poll.deadline.map(utc),
            created_at: utc(poll.created_at),
        }
    }
}

impl PollView {
    /// The poll for its organizer (`own` is `None`) or for the participant `own`.
    pub fn new(detail: &PollDetail, own: Option<&PollParticipant>, links: &PollLinks) -> PollView {
        let poll = &detail.poll;
        let organizer = own.is_none();
        let sees_answers = organizer || poll.show_answers;
        let results = detail.results();
        // One person's answers by proposal id, from their row of the results.
        let answers_of = |index: usize| -> BTreeMap<String, &'static str> {
            detail
                .proposals
                .iter()
                .zip(results.row(index))
                .filter_map(|(p, answer)| answer.map(|c| (p.id.clone(), c.as_str())))
                .collect()
        };
        PollView {
            id: poll.id.clone(),
            title: poll.title.clone(),
            description: poll.description.clone(),
            timezone: poll.time_zone.clone(),
            role: if organizer {
                "organizer"
            } else {
                "participant"
            },
            public: poll.public_link,
            public_url: (organizer && poll.public_link)
                .then(|| links.url(&links.public_token(&poll.id))),
            deadline: poll.deadline.map(utc),
            show_answers: poll.show_answers,
            reminder_hours_before: poll.reminder_hours.filter(|_| organizer),
            closed: poll.closed_at.is_some(),
            closed_at: poll.closed_at.map(utc),
            chosen_proposal_id: poll.chosen_proposal_id.clone(),
            meeting_id: poll.meeting_id.clone().filter(|_| organizer),
            created_at: utc(poll.created_at),
            proposals: detail
                .proposals
                .iter()
                .enumerate()
                .map(|(i, p)| PollProposalView {
                    id: p.id.clone(),
                    starts_at: utc(p.starts_at),
                    ends_at: utc(p.ends_at),
                    counts: sees_answers.then(|| PollCounts {
                        yes: results.counts[i].yes,
                        maybe: results.counts[i].maybe,
                        no: results.counts[i].no,
                    }),
                    best: sees_answers.then(|| results.best[i]),
                })
                .collect(),
            participants: sees_answers.then(|| {
                detail
                    .participants
                    .iter()
                    .enumerate()
                    .map(|(i, p)| PollParticipantView {
                        id: p.id.clone(),
                        name: p.display_name.clone(),
                        email: p.email.clone().filter(|_| organizer),
                        guest: p.guest,
                        answered_at: p.answered_at.map(utc),
                        answers: answers_of(i),
                    })
                    .collect()
            }),
            own_answers: own.and_then(|o| {
                let index = detail.participants.iter().position(|p| p.id == o.id)?;
                Some(answers_of(index))
            }),
        }
    }
}
