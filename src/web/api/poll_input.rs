//! Request bodies of the polls API, and how they become checked plans.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::ToSchema;

use super::meeting_input::{end_of, headline, parse_instant};
use super::participant_input::{ParticipantInput, parse_participants};
use crate::accounts::User;
use crate::domain::{FieldError, Schedule, TimeZone};
use crate::error::FieldErrors;
use crate::polls::{
    DEFAULT_REMINDER_HOURS, MAX_PROPOSALS, PollPlan, check_deadline, check_proposals,
    parse_reminder_hours,
};

/// A new date poll.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreatePoll {
    /// 1 to 200 characters, one line.
    #[schema(required = true, example = "Digitalrat: Frühjahrssitzung")]
    pub title: Option<String>,
    /// Plain text, up to 10,000 characters.
    pub description: Option<String>,
    /// IANA zone the times are proposed in (and the meeting planned in); defaults to the
    /// caller's zone.
    #[schema(example = "Europe/Berlin")]
    pub timezone: Option<String>,
    /// 2 to 60 distinct times.
    #[schema(required = true)]
    pub proposals: Option<Vec<ProposalInput>>,
    /// Who is asked (at most 500), as for meetings; each gets a mail with a personal link.
    pub participants: Option<Vec<ParticipantInput>>,
    /// Also answerable by guests through a public link (default false).
    pub public: Option<bool>,
    /// RFC 3339; answers are asked for by then (the one reminder goes before it).
    pub deadline: Option<String>,
    /// Participants see who answered what (default true); the organizer always does.
    pub show_answers: Option<bool>,
    /// Hours before the deadline the reminder goes to those who have not answered, 0 to 168
    /// (default 24; 0: none).
    pub reminder_hours_before: Option<i64>,
}

/// One proposed time.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProposalInput {
    /// RFC 3339 with offset.
    #[schema(required = true, example = "2027-03-10T10:00:00+01:00")]
    pub starts_at: Option<String>,
    /// 5 to 1440; give this or `ends_at`.
    #[schema(example = 60)]
    pub duration_minutes: Option<i64>,
    /// RFC 3339 with offset; give this or `duration_minutes`.
    pub ends_at: Option<String>,
}

/// Closing a poll: `{"proposal_id": …}` plans the meeting, `{}` closes without one.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClosePoll {
    pub proposal_id: Option<String>,
}

impl CreatePoll {
    /// The checked poll, or every refused field at once (`proposals.2.starts_at`).
    pub fn into_plan(self, organizer: &User, now: DateTime<Utc>) -> Result<PollPlan, FieldErrors> {
        let mut errors = FieldErrors::new();
        let (title, description, zone) = headline(
            self.title.as_deref(),
            self.description.as_deref(),
            self.timezone.as_deref(),
            organizer,
            &mut errors,
        );
        let inputs = self.proposals.unwrap_or_default();
        if inputs.len() > MAX_PROPOSALS {
            errors.add(
                "proposals",
                FieldError::new("too_many").with("max", MAX_PROPOSALS),
            );
        }
        let mut proposals = Vec::new();
        if let Some(zone) = zone {
            for (i, input) in inputs.iter().take(MAX_PROPOSALS + 1).enumerate() {
                if let Some(schedule) = proposal(input, i, zone, now, &mut errors) {
                    proposals.push(schedule);
                }
            }
        }
        let proposals = if errors.iter().any(|(f, _)| f.starts_with("proposals")) {
            proposals
        } else {
            check_proposals(proposals, "proposals", &mut errors)
        };
        let invitees = parse_participants(self.participants.unwrap_or_default(), &mut errors);
        let deadline = match self.deadline.as_deref() {
            None => Some(None),
            Some(raw) => errors
                .check(
                    "deadline",
                    parse_instant(raw, None).and_then(|at| check_deadline(at, now).map(|()| at)),
                )
                .map(Some),
        };
        let reminder_hours = errors.check(
            "reminder_hours_before",
            parse_reminder_hours(
                self.reminder_hours_before
                    .unwrap_or(i64::from(DEFAULT_REMINDER_HOURS)),
            ),
        );
        match (title, description, zone, deadline, reminder_hours) {
            (Some(title), Some(description), Some(zone), Some(deadline), Some(reminder_hours))
                if errors.is_empty() =>
            {
                Ok(PollPlan {
                    title,
                    description,
                    zone,
                    proposals,
                    invitees,
                    public_link: self.public.unwrap_or(false),
                    deadline,
                    show_answers: self.show_answers.unwrap_or(true),
                    reminder_hours,
                })
            }
            _ => Err(errors),
        }
    }
}

/// One proposal as a checked span, checked as a meeting's time is; its problems are named
/// `proposals.<i>.<field>`.
fn proposal(
    input: &ProposalInput,
    i: usize,
    zone: TimeZone,
    now: DateTime<Utc>,
    errors: &mut FieldErrors,
) -> Option<Schedule> {
    let mut own = FieldErrors::new();
    let schedule = proposal_schedule(input, zone, now, &mut own);
    for (field, error) in own.iter() {
        errors.add(format!("proposals.{i}.{field}"), error.clone());
    }
    schedule
}

fn proposal_schedule(
    input: &ProposalInput,
    zone: TimeZone,
    now: DateTime<Utc>,
    errors: &mut FieldErrors,
) -> Option<Schedule> {
    let starts_at = match input.starts_at.as_deref() {
        Some(raw) => errors.check("starts_at", parse_instant(raw, Some(zone))),
        None => {
            errors.add("starts_at", FieldError::new("required"));
            None
        }
    };
    let (ends_at, end_field) = end_of(
        starts_at,
        input.ends_at.as_deref(),
        input.duration_minutes,
        Some(zone),
        errors,
    )?;
    errors.check_schedule(
        Schedule::new(starts_at?, ends_at, zone, now, false),
        "starts_at",
        end_field,
    )
}
