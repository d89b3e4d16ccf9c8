//! Polls as page templates see them.

use serde::Serialize;

use crate::domain::{Locale, TimeZone};
use crate::i18n;
use crate::polls::{Choice, PollDetail, PollLinks, PollParticipant, Results};
use crate::when;

/// One proposed time with its counts.
#[derive(Debug, Serialize)]
pub struct ProposalRow {
    pub id: String,
    pub when: String,
    pub yes: usize,
    pub maybe: usize,
    pub no: usize,
    /// Among the most yes, then fewest no.
    pub best: bool,
    /// Chosen when the poll was closed.
    pub chosen: bool,
    /// The viewer's own answer (answer page).
    pub own: Option<&'static str>,
}

/// One person's answers.
#[derive(Debug, Serialize)]
pub struct PersonRow {
    pub name: String,
    pub email: Option<String>,
    pub guest: bool,
    pub answered: bool,
    /// One `<td>` per proposal, made here: 200 people × 60 times are 12,000 cells, which the
    /// template engine renders one by one about ten times slower.
    pub cells: String,
}

/// The facts of a poll both pages show.
#[derive(Debug, Serialize)]
pub struct PollFacts {
    pub id: String,
    pub title: String,
    pub description: String,
    /// The zone times are shown in.
    pub zone: String,
    /// The zone the poll was made in, when the times are shown in another.
    pub planned_zone: Option<String>,
    pub deadline: Option<String>,
    pub closed: bool,
    /// The chosen time, once closed with one.
    pub chosen: Option<String>,
    pub meeting_id: Option<String>,
    pub public_url: Option<String>,
    pub show_answers: bool,
    pub proposals: Vec<ProposalRow>,
    pub asked: usize,
    pub answered: usize,
}

impl PollFacts {
    /// The poll in `locale` and `zone`; `own` marks the viewer's own answers.
    pub fn new(
        detail: &PollDetail,
        results: &Results,
        locale: Locale,
        zone: TimeZone,
        links: &PollLinks,
        own: Option<&PollParticipant>,
    ) -> PollFacts {
        let poll = &detail.poll;
        let proposals: Vec<ProposalRow> = detail
            .proposals
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let counts = results.counts[i];
                ProposalRow {
                    id: p.id.clone(),
                    when: when::span(locale, p.starts_at, p.ends_at, zone),
                    yes: counts.yes,
                    maybe: counts.maybe,
                    no: counts.no,
                    best: results.best[i],
                    chosen: poll.chosen_proposal_id.as_deref() == Some(p.id.as_str()),
                    own: own.and_then(|o| results.answer(&o.id, &p.id).map(Choice::as_str)),
                }
            })
            .collect();
        PollFacts {
            id: poll.id.clone(),
            title: poll.title.clone(),
            description: poll.description.clone(),
            zone: zone.name().to_owned(),
            planned_zone: (zone.name() != poll.time_zone).then(|| poll.time_zone.clone()),
            deadline: poll.deadline.map(|d| when::moment(locale, d, zone)),
            closed: poll.closed_at.is_some(),
            chosen: proposals.iter().find(|p| p.chosen).map(|p| p.when.clone()),
            meeting_id: poll.meeting_id.clone(),
            public_url: poll
                .public_link
                .then(|| links.url(&links.public_token(&poll.id))),
            show_answers: poll.show_answers,
            asked: detail.participants.len(),
            answered: detail
                .participants
                .iter()
                .filter(|p| p.answered_at.is_some())
                .count(),
            proposals,
        }
    }
}

/// Who answered what, in the proposals' order, with the answers' names in `locale`.
pub fn people(detail: &PollDetail, results: &Results, locale: Locale) -> Vec<PersonRow> {
    let label = |key: &str| tera::escape_html(&i18n::text(locale, key));
    let cell = |choice: Choice| {
        format!(
            r#"<td class="poll-{0}">{1}</td>"#,
            choice.as_str(),
            label(&format!("poll-choice-{}", choice.as_str()))
        )
    };
    let [yes, maybe, no] = Choice::ALL.map(cell);
    let open = format!(r#"<td class="muted">{}</td>"#, label("poll-no-answer"));
    detail
        .participants
        .iter()
        .enumerate()
        .map(|(i, person)| {
            let mut cells = String::with_capacity(detail.proposals.len() * 40);
            for answer in results.row(i) {
                cells.push_str(match answer {
                    Some(Choice::Yes) => &yes,
                    Some(Choice::Maybe) => &maybe,
                    Some(Choice::No) => &no,
                    None => &open,
                });
            }
            PersonRow {
                name: person.label().to_owned(),
                email: person.email.clone(),
                guest: person.guest,
                answered: person.answered_at.is_some(),
                cells,
            }
        })
        .collect()
}
