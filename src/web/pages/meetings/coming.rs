//! Who is coming, as the meeting page shows it beside each person: what became of their mail,
//! what they answered, and the counts at the top.

use serde::Serialize;

use crate::domain::{Locale, TimeZone, parse_recurrence_id};
use crate::meetings::{
    CounterProposal, Delivery, MeetingDetail, Participant, Response, WhoIsComing,
};
use crate::when;

/// Everything the page knows about deliveries and answers, in the viewer's language and zone.
pub struct Coming<'a> {
    pub who: &'a WhoIsComing,
    pub locale: Locale,
    pub zone: TimeZone,
}

/// One mail's fate.
#[derive(Debug, Serialize)]
pub struct DeliveryRow {
    /// `queued`, `sent` or `failed`.
    state: &'static str,
    at: String,
    /// The mail server's answer (failed), or why it is tried again (queued).
    detail: Option<String>,
    /// For a mail about one date of a series: that date.
    date: Option<String>,
}

/// One answer.
#[derive(Debug, Serialize)]
pub struct AnswerRow {
    /// `accepted`, `tentative` or `declined`.
    partstat: &'static str,
    comment: Option<String>,
    at: String,
    /// Given by a calendar program (not on the web).
    by_calendar: bool,
    /// Said "no" to this time in the date poll the meeting was made from: probably absent.
    from_poll: bool,
    /// It answers an earlier version of the invitation than the current one.
    earlier_version: bool,
    /// For an answer about one date of a series: that date.
    date: Option<String>,
}

/// The counts at the top of the list.
#[derive(Debug, Serialize)]
pub struct TallyView {
    accepted: usize,
    tentative: usize,
    declined: usize,
    open: usize,
    /// For a series: the date these counts are for (the next one).
    date: Option<String>,
}

/// One person's delivery and answers.
#[derive(Debug, Serialize)]
pub struct PersonComing {
    pub delivery: Option<DeliveryRow>,
    /// Dates of a series whose mails fared differently.
    pub date_deliveries: Vec<DeliveryRow>,
    pub answer: Option<AnswerRow>,
    /// Answers for single dates of a series.
    pub date_answers: Vec<AnswerRow>,
    /// Other times their calendar proposed (never applied).
    pub proposals: Vec<ProposalRow>,
}

/// Another time someone's calendar proposed.
#[derive(Debug, Serialize)]
pub struct ProposalRow {
    /// The proposed time, when the proposal names one.
    when: Option<String>,
    comment: Option<String>,
    /// For a proposal about one date of a series: that date.
    date: Option<String>,
    received_at: String,
}

impl Coming<'_> {
    /// What the page says beside `participant`.
    pub fn person(&self, participant: &Participant) -> PersonComing {
        let deliveries = self.who.deliveries.get(&participant.id);
        PersonComing {
            delivery: deliveries
                .and_then(|d| d.latest.as_ref())
                .map(|d| self.delivery(d, None)),
            date_deliveries: deliveries
                .map(|d| {
                    d.dates
                        .iter()
                        .map(|(date, d)| self.delivery(d, Some(date)))
                        .collect()
                })
                .unwrap_or_default(),
            answer: self
                .who
                .answers
                .overall
                .get(&participant.id)
                .map(|r| self.answer(r, r.sequence < participant.sequence)),
            date_answers: self
                .who
                .answers
                .dates
                .get(&participant.id)
                .map(|dates| dates.iter().map(|r| self.answer(r, false)).collect())
                .unwrap_or_default(),
            proposals: self
                .who
                .proposals
                .get(&participant.id)
                .map(|all| all.iter().map(|p| self.proposal(p)).collect())
                .unwrap_or_default(),
        }
    }

    /// The counts over the invitees; for a series those of `next_date` (its recurrence id),
    /// where answers for that date count instead of the overall ones.
    pub fn tally(&self, meeting: &MeetingDetail, next_date: Option<&str>) -> TallyView {
        let tally = self.who.answers.tally(meeting, next_date);
        TallyView {
            accepted: tally.accepted,
            tentative: tally.tentative,
            declined: tally.declined,
            open: tally.open,
            date: next_date.and_then(|d| self.date(d)),
        }
    }

    fn delivery(&self, delivery: &Delivery, date: Option<&str>) -> DeliveryRow {
        DeliveryRow {
            state: delivery.state.as_str(),
            at: when::moment(self.locale, delivery.at.naive_utc(), self.zone),
            detail: delivery.detail.clone(),
            date: date.and_then(|d| self.date(d)),
        }
    }

    fn answer(&self, response: &Response, earlier_version: bool) -> AnswerRow {
        AnswerRow {
            partstat: response.partstat().slug(),
            comment: response.comment.clone(),
            at: when::moment(self.locale, response.answered_at, self.zone),
            by_calendar: response.via == crate::meetings::Via::Calendar.as_str(),
            from_poll: response.via == crate::meetings::Via::Poll.as_str(),
            earlier_version,
            date: response.date().and_then(|d| self.date(d)),
        }
    }

    fn proposal(&self, proposal: &CounterProposal) -> ProposalRow {
        let when = match (proposal.starts_at, proposal.ends_at) {
            (Some(starts), Some(ends)) => Some(when::span(self.locale, starts, ends, self.zone)),
            (Some(starts), None) => Some(when::moment(self.locale, starts, self.zone)),
            _ => None,
        };
        ProposalRow {
            when,
            comment: proposal.comment.clone(),
            date: (!proposal.recurrence_id.is_empty())
                .then(|| self.date(&proposal.recurrence_id))
                .flatten(),
            received_at: when::moment(self.locale, proposal.received_at, self.zone),
        }
    }

    /// A recurrence id as people read the date.
    fn date(&self, recurrence_id: &str) -> Option<String> {
        parse_recurrence_id(recurrence_id)
            .map(|at| when::moment(self.locale, at.naive_utc(), self.zone))
    }
}
