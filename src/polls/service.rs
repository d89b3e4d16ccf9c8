//! Making, answering and closing polls; each change one transaction with the mails it causes.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use diesel::Connection;

use super::choice::Choice;
use super::links::{PollLinks, poll_token_hash};
use super::mail_jobs::{self, PollLetter};
use super::model::{Poll, PollAnswer, PollParticipant, Proposal};
use super::plan::PollPlan;
use super::queries;
use super::results::PollDetail;
use crate::accounts::{self, User};
use crate::db::{self, AnyConnection};
use crate::domain::{
    Description, DisplayName, Email, FieldError, Locale, MeetingTitle, PartStat, Role, Schedule,
    TimeZone,
};
use crate::error::{AppError, Conflict, FieldErrors};
use crate::meetings::{
    self, Answer, DEFAULT_JOIN_MINUTES, Invitee, JoinLinks, MAX_INVITEES, MeetingPlan, Via,
};
use crate::outbox;

/// Stores a new poll and queues an invitation to answer for everyone asked.
pub fn create_poll(
    conn: &mut AnyConnection,
    organizer: &User,
    plan: PollPlan,
    links: &PollLinks,
) -> Result<PollDetail, AppError> {
    let invitees: Vec<&Invitee> = plan
        .invitees
        .iter()
        .filter(|invitee| invitee.email.as_str() != organizer.email)
        .collect();
    let emails: Vec<&str> = invitees.iter().map(|i| i.email.as_str()).collect();
    let accounts = meetings::accounts_by_email(conn, &emails)?;
    let now = db::now();
    let id = db::new_row_id();
    let poll = Poll {
        public_token_hash: poll_token_hash(&links.public_token(&id)),
        id,
        organizer_id: organizer.id.clone(),
        title: plan.title.as_str().to_owned(),
        description: plan.description.as_str().to_owned(),
        time_zone: plan.zone.name().to_owned(),
        public_link: plan.public_link,
        show_answers: plan.show_answers,
        deadline: plan.deadline.map(|d| d.naive_utc()),
        reminder_hours: plan.reminder_hours,
        reminded_at: None,
        closed_at: None,
        chosen_proposal_id: None,
        meeting_id: None,
        created_at: now,
        updated_at: now,
    };
    let proposals: Vec<Proposal> = plan
        .proposals
        .iter()
        .zip(0..)
        .map(|(schedule, position)| Proposal {
            id: db::new_row_id(),
            poll_id: poll.id.clone(),
            position,
            starts_at: schedule.starts_at().naive_utc(),
            ends_at: schedule.ends_at().naive_utc(),
        })
        .collect();
    let participants: Vec<PollParticipant> = invitees
        .iter()
        .map(|invitee| {
            let account = accounts.get(invitee.email.as_str());
            let id = db::new_row_id();
            PollParticipant {
                token_hash: poll_token_hash(&links.personal_token(&id)),
                id,
                poll_id: poll.id.clone(),
                email: Some(invitee.email.as_str().to_owned()),
                display_name: invitee
                    .name
                    .as_ref()
                    .map(|n| n.as_str().to_owned())
                    .or_else(|| account.map(|a| a.display_name.clone())),
                locale: invitee
                    .locale
                    .or_else(|| account.and_then(|a| Locale::from_tag(&a.locale)))
                    .unwrap_or(organizer.locale())
                    .tag()
                    .to_owned(),
                user_id: account.map(|a| a.id.clone()),
                guest: false,
                answered_at: None,
                created_at: now,
            }
        })
        .collect();
    let jobs = mail_jobs::jobs(
        PollLetter::Invitation,
        participants.iter().map(|p| p.id.as_str()),
    )?;
    conn.transaction(|conn| {
        queries::insert_poll(conn, &poll, &proposals, &participants)?;
        outbox::enqueue(conn, &jobs)?;
        Ok::<_, AppError>(())
    })?;
    Ok(PollDetail {
        poll,
        proposals,
        participants,
        answers: Vec::new(),
    })
}

/// Reads a whole poll.
pub fn poll_detail(conn: &mut AnyConnection, poll: Poll) -> Result<PollDetail, AppError> {
    let proposals = queries::proposals_of(conn, &poll.id)?;
    let participants = queries::participants_of(conn, &poll.id)?;
    let answers = queries::answers_of(conn, &poll.id)?;
    Ok(PollDetail {
        poll,
        proposals,
        participants,
        answers,
    })
}

/// A poll its organizer (or an administrator) reads; 404 for anyone else.
pub fn poll_for_organizer(
    conn: &mut AnyConnection,
    user: &User,
    poll_id: &str,
) -> Result<PollDetail, AppError> {
    let poll = queries::find_poll(conn, poll_id)?;
    if poll.organizer_id != user.id && !user.is_admin {
        return Err(AppError::NotFound);
    }
    poll_detail(conn, poll)
}

/// A poll as `user` may read it: the whole of it for its organizer; for someone asked, with
/// their own entry (`Some`), and others' answers only when the poll shows them. 404 otherwise.
pub fn poll_for_user(
    conn: &mut AnyConnection,
    user: &User,
    poll_id: &str,
) -> Result<(PollDetail, Option<PollParticipant>), AppError> {
    let poll = queries::find_poll(conn, poll_id)?;
    if poll.organizer_id == user.id || user.is_admin {
        return Ok((poll_detail(conn, poll)?, None));
    }
    let own = queries::participant_for_user(conn, poll_id, &user.id, meetings::claim_email(user))?
        .ok_or(AppError::NotFound)?;
    Ok((poll_detail(conn, poll)?, Some(own)))
}

/// The polls `user` organizes or is asked in, newest first.
pub fn list_polls(conn: &mut AnyConnection, user: &User) -> Result<Vec<Poll>, AppError> {
    Ok(queries::polls_of_user(
        conn,
        &user.id,
        meetings::claim_email(user),
        200,
    )?)
}

/// Who a poll link names: a participant (their personal link) or a guest-to-be (the public
/// link of a poll that has it switched on).
#[derive(Debug, Clone)]
pub enum PollVisitor {
    Participant(PollParticipant, Poll),
    Guest(Poll),
}

impl PollVisitor {
    pub fn poll(&self) -> &Poll {
        match self {
            PollVisitor::Participant(_, poll) | PollVisitor::Guest(poll) => poll,
        }
    }
}

/// The visitor a link's token names; 404 for an unknown token (or a switched-off public link).
pub fn visitor(conn: &mut AnyConnection, token: &str) -> Result<PollVisitor, AppError> {
    let hash = poll_token_hash(token);
    if let Some((participant, poll)) = queries::participant_by_token(conn, &hash)? {
        return Ok(PollVisitor::Participant(participant, poll));
    }
    queries::poll_by_public_token(conn, &hash)?
        .map(PollVisitor::Guest)
        .ok_or(AppError::NotFound)
}

/// A person's answers as posted: proposal id → choice, checked against the poll's proposals
/// (each must be answered once; an unknown one is refused).
fn check_answers(
    proposals: &[Proposal],
    posted: &HashMap<String, String>,
) -> Result<Vec<(String, Choice)>, FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut answers = Vec::with_capacity(proposals.len());
    for proposal in proposals {
        let field = format!("answer.{}", proposal.id);
        match posted.get(&proposal.id) {
            None => errors.add(field, FieldError::new("poll_answer_missing")),
            Some(raw) => {
                if let Some(choice) = errors.check(field, Choice::parse(raw)) {
                    answers.push((proposal.id.clone(), choice));
                }
            }
        }
    }
    if let Some(unknown) = posted
        .keys()
        .find(|id| !proposals.iter().any(|p| &p.id == *id))
    {
        errors.add(
            format!("answer.{unknown}"),
            FieldError::new("poll_proposal_unknown"),
        );
    }
    if errors.is_empty() {
        Ok(answers)
    } else {
        Err(errors)
    }
}

/// Records (or replaces) a participant's answers; refused once the poll is closed.
pub fn answer(
    conn: &mut AnyConnection,
    participant: &PollParticipant,
    posted: &HashMap<String, String>,
) -> Result<(), AppError> {
    let now = db::now();
    conn.transaction(|conn| {
        if !queries::lock_open_poll(conn, &participant.poll_id, now)? {
            return Err(AppError::Conflict(Conflict::PollClosed));
        }
        let proposals = queries::proposals_of(conn, &participant.poll_id)?;
        let answers = check_answers(&proposals, posted)?;
        queries::replace_answers(conn, &participant.id, &rows(&participant.id, &answers), now)?;
        Ok(())
    })
}

/// A guest on the public link: their name and, optionally, their address.
#[derive(Debug, Clone)]
pub struct Guest {
    pub name: DisplayName,
    pub email: Option<Email>,
    /// The language the page was in: their mails' language.
    pub locale: Locale,
}

/// Records a guest's answers as a new participant of `poll`; their id (their personal link
/// lets them change the answers later).
pub fn answer_as_guest(
    conn: &mut AnyConnection,
    poll: &Poll,
    guest: &Guest,
    posted: &HashMap<String, String>,
    links: &PollLinks,
) -> Result<String, AppError> {
    let now = db::now();
    let id = db::new_row_id();
    let participant = PollParticipant {
        token_hash: poll_token_hash(&links.personal_token(&id)),
        id: id.clone(),
        poll_id: poll.id.clone(),
        email: guest.email.as_ref().map(|e| e.as_str().to_owned()),
        display_name: Some(guest.name.as_str().to_owned()),
        locale: guest.locale.tag().to_owned(),
        user_id: None,
        guest: true,
        answered_at: Some(now),
        created_at: now,
    };
    conn.transaction(|conn| {
        if !queries::lock_open_poll(conn, &poll.id, now)? {
            return Err(AppError::Conflict(Conflict::PollClosed));
        }
        if queries::participant_count(conn, &poll.id)? >= MAX_INVITEES as i64 {
            return Err(AppError::Conflict(Conflict::PollFull));
        }
        let proposals = queries::proposals_of(conn, &poll.id)?;
        let answers = check_answers(&proposals, posted)?;
        queries::insert_participants(conn, std::slice::from_ref(&participant))?;
        queries::replace_answers(conn, &id, &rows(&id, &answers), now)?;
        Ok(id)
    })
}

/// Closes a poll its organizer (or an administrator) may read. With a chosen proposal the
/// meeting is planned at that time with everyone asked who has an address (normal invitations;
/// whoever said "no" to that time is marked as probably absent); everyone is told the outcome.
/// The meeting's id, if one was made.
pub fn close_poll(
    conn: &mut AnyConnection,
    user: &User,
    poll_id: &str,
    chosen: Option<&str>,
    join_links: &JoinLinks,
    now: DateTime<Utc>,
) -> Result<Option<String>, AppError> {
    let detail = poll_for_organizer(conn, user, poll_id)?;
    if !detail.poll.is_open() {
        return Err(AppError::Conflict(Conflict::PollClosed));
    }
    let organizer = if detail.poll.organizer_id == user.id {
        user.clone()
    } else {
        accounts::find_user(conn, &detail.poll.organizer_id)?
    };
    let plan = chosen
        .map(|proposal_id| {
            Ok::<_, AppError>((proposal_id, meeting_plan(&detail, proposal_id, now)?))
        })
        .transpose()?;
    let results = detail.results();
    let at = db::now();
    let told = mail_jobs::jobs(
        PollLetter::Outcome,
        detail
            .participants
            .iter()
            .filter(|p| p.email.is_some())
            .map(|p| p.id.as_str()),
    )?;
    conn.transaction(|conn| {
        if !queries::lock_open_poll(conn, poll_id, at)? {
            return Err(AppError::Conflict(Conflict::PollClosed));
        }
        let meeting_id = match plan {
            Some((proposal_id, plan)) => {
                let meeting = meetings::plan_meeting(conn, &organizer, plan, join_links)?;
                for person in &detail.participants {
                    if results.answer(&person.id, proposal_id) != Some(Choice::No) {
                        continue;
                    }
                    let Some(invited) = meeting
                        .participants
                        .iter()
                        .find(|p| Some(&p.email) == person.email.as_ref())
                    else {
                        continue;
                    };
                    let absent = Answer {
                        partstat: PartStat::Declined,
                        comment: None,
                        date: None,
                    };
                    meetings::record_answer(conn, &invited.id, &absent, Via::Poll, None)?;
                }
                Some(meeting.meeting.id)
            }
            None => None,
        };
        queries::close(conn, poll_id, chosen, meeting_id.as_deref(), at)?;
        outbox::enqueue(conn, &told)?;
        Ok(meeting_id)
    })
}

/// The meeting a chosen proposal becomes: the poll's title, description and zone, everyone
/// asked who has an address.
fn meeting_plan(
    detail: &PollDetail,
    proposal_id: &str,
    now: DateTime<Utc>,
) -> Result<MeetingPlan, AppError> {
    let mut errors = FieldErrors::new();
    let Some(proposal) = detail.proposal(proposal_id) else {
        errors.add("proposal_id", FieldError::new("poll_proposal_unknown"));
        return Err(errors.into());
    };
    let zone = TimeZone::parse(&detail.poll.time_zone).unwrap_or_default();
    let schedule = errors.check_schedule(
        Schedule::new(
            proposal.starts_at.and_utc(),
            proposal.ends_at.and_utc(),
            zone,
            now,
            false,
        ),
        "proposal_id",
        "proposal_id",
    );
    let title = errors.check("title", MeetingTitle::parse(&detail.poll.title));
    let description = errors.check("description", Description::parse(&detail.poll.description));
    let (Some(schedule), Some(title), Some(description)) = (schedule, title, description) else {
        return Err(errors.into());
    };
    // A guest may have given the address of someone asked: one invitation each.
    let mut seen = std::collections::HashSet::new();
    let invitees = detail
        .participants
        .iter()
        .filter(|p| p.email.as_ref().is_some_and(|e| seen.insert(e.clone())))
        .filter_map(|p| {
            Some(Invitee {
                email: Email::parse(p.email.as_deref()?).ok()?,
                name: p
                    .display_name
                    .as_deref()
                    .and_then(|n| DisplayName::parse(n).ok()),
                role: Role::Participant,
                locale: Locale::from_tag(&p.locale),
            })
        })
        .collect();
    Ok(MeetingPlan {
        title,
        description,
        schedule,
        server_id: None,
        lobby: false,
        join_minutes_before: DEFAULT_JOIN_MINUTES,
        invitees,
        series: None,
        room: crate::jitsi::RoomSettings::default(),
    })
}

fn rows(participant_id: &str, answers: &[(String, Choice)]) -> Vec<PollAnswer> {
    answers
        .iter()
        .map(|(proposal_id, choice)| PollAnswer {
            participant_id: participant_id.to_owned(),
            proposal_id: proposal_id.clone(),
            answer: choice.as_str().to_owned(),
        })
        .collect()
}

/// What a poll mail to one person says, read when it is sent.
#[derive(Debug, Clone)]
pub struct PollMailFacts {
    pub participant: PollParticipant,
    pub poll: Poll,
    pub proposals: Vec<Proposal>,
    pub organizer: User,
    /// The zone its times are given in: the person's own when they have an account, else the
    /// poll's.
    pub zone: TimeZone,
}

/// The facts of a mail to `participant_id`; `None` when they or their poll are gone.
pub fn mail_facts(
    conn: &mut AnyConnection,
    participant_id: &str,
) -> Result<Option<PollMailFacts>, AppError> {
    let Some(participant) = queries::find_participant(conn, participant_id)? else {
        return Ok(None);
    };
    let poll = queries::find_poll(conn, &participant.poll_id)?;
    let proposals = queries::proposals_of(conn, &poll.id)?;
    let organizer = accounts::find_user(conn, &poll.organizer_id)?;
    let own_zone = match participant.user_id.as_deref() {
        Some(user_id) => TimeZone::parse(&accounts::find_user(conn, user_id)?.time_zone).ok(),
        None => None,
    };
    let zone = own_zone.unwrap_or_else(|| TimeZone::parse(&poll.time_zone).unwrap_or_default());
    Ok(Some(PollMailFacts {
        participant,
        poll,
        proposals,
        organizer,
        zone,
    }))
}
