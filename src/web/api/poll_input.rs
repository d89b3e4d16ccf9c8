//! Request bodies of the polls API, and how they become checked plans.

use chrono::{DateTime, TimeDelta, Utc};
use serde::Deserialize;
use utoipa::ToSchema;

use super::meeting_input::parse_instant;
use super::participant_input::{ParticipantInput, parse_participants};
use crate::accounts::User;
use crate::domain::{Description, FieldError, MeetingTitle, Schedule, TimeZone};
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
        let title = errors.check(
            "title",
            MeetingTitle::parse(self.title.as_deref().unwrap_or_default()),
        );
        let description = errors.check(
            "description",
            Description::parse(self.description.as_deref().unwrap_or_default()),
        );
        let zone = match self.timezone.as_deref() {
            Some(raw) => errors.check("timezone", TimeZone::parse(raw)),
            None => Some(TimeZone::parse(&organizer.time_zone).unwrap_or_default()),
        };
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

/// One proposal as a checked span; its problems are named `proposals.<i>.<field>`.
fn proposal(
    input: &ProposalInput,
    i: usize,
    zone: TimeZone,
    now: DateTime<Utc>,
    errors: &mut FieldErrors,
) -> Option<Schedule> {
    let field = |name: &str| format!("proposals.{i}.{name}");
    let Some(raw) = input.starts_at.as_deref() else {
        errors.add(field("starts_at"), FieldError::new("required"));
        return None;
    };
    let starts_at = errors.check(field("starts_at"), parse_instant(raw, Some(zone)))?;
    let (ends_at, end_field) = match (input.ends_at.as_deref(), input.duration_minutes) {
        (Some(_), Some(_)) => {
            errors.add(field("ends_at"), FieldError::new("end_twice"));
            return None;
        }
        (None, None) => {
            errors.add(field("duration_minutes"), FieldError::new("end_required"));
            return None;
        }
        (Some(raw), None) => (
            errors.check(field("ends_at"), parse_instant(raw, Some(zone)))?,
            "ends_at",
        ),
        (None, Some(minutes)) => (
            starts_at + TimeDelta::minutes(minutes.clamp(-1, 100_000)),
            "duration_minutes",
        ),
    };
    match Schedule::new(starts_at, ends_at, zone, now, false) {
        Ok(schedule) => Some(schedule),
        Err(crate::domain::ScheduleError::Start(e)) => {
            errors.add(field("starts_at"), e);
            None
        }
        Err(crate::domain::ScheduleError::End(e)) => {
            errors.add(field(end_field), e);
            None
        }
    }
}
