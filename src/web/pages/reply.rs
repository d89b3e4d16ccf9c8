//! The reply page behind the answer links in invitations and on the join page:
//! `GET /j/<token>/reply?answer=accepted[&date=20270105T090000Z]` shows the choice preselected
//! with a confirm button; only `POST` records it. Mail security scanners open every link in a
//! mail, so following one never answers for anyone.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::join::with_admission;
use crate::db::Db;
use crate::domain::{PartStat, parse_recurrence_id, recurrence_id_text};
use crate::error::{AppError, FieldErrors};
use crate::joining::{self, Admission, Entrance};
use crate::meetings::{self, Answer, Response, Via, exceptions_of, occurrence_at};
use crate::web::client::{form_errors, see_other};
use crate::web::extractors::csrf::CsrfForm;
use crate::web::extractors::viewer::Viewer;
use crate::web::templates::Templates;
use crate::when;

/// `?answer=…&date=…&recorded=…` of the reply page.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReplyQuery {
    /// The choice to preselect: `accepted`, `tentative` or `declined`.
    answer: Option<String>,
    /// One date of a series (its recurrence id).
    date: Option<String>,
    /// Set after an answer was recorded: the page says so.
    recorded: Option<String>,
}

/// The reply form as posted.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReplyForm {
    answer: String,
    comment: String,
    /// One date of a series (its recurrence id), as the page offered it.
    date: String,
    /// `date` (only that date) or `series` (every date).
    scope: String,
}

/// The reply page, the choice preselected; nothing is recorded.
pub async fn page(
    req: HttpRequest,
    viewer: Viewer,
    token: web::Path<String>,
    query: web::Query<ReplyQuery>,
    db: web::Data<Db>,
    templates: web::Data<Templates>,
    entrance: web::Data<Entrance>,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    // A date that is no recurrence id is left out: the page then answers for the whole series.
    let date = query.date.as_deref().and_then(parse_recurrence_id);
    let found = with_admission(&req, &db, &entrance, &token, move |conn, admission| {
        let facts = ReplyFacts::read(conn, admission, date)?;
        Ok(facts)
    })
    .await?;
    let chosen = query
        .answer
        .as_deref()
        .and_then(|a| PartStat::parse(a).ok())
        .or_else(|| found.current().map(Response::partstat));
    let comment = found
        .current()
        .and_then(|r| r.comment.clone())
        .unwrap_or_default();
    let view = ReplyPage::new(&viewer, &found, chosen, &comment, &FieldErrors::new())
        .recorded(query.recorded.is_some());
    templates.render_page(&viewer, "reply.html", &view)
}

/// Records the answer and shows the page again saying so (303, so a reload sends nothing).
pub async fn record(
    req: HttpRequest,
    viewer: Viewer,
    token: web::Path<String>,
    CsrfForm(form): CsrfForm<ReplyForm>,
    db: web::Data<Db>,
    templates: web::Data<Templates>,
    entrance: web::Data<Entrance>,
) -> Result<HttpResponse, AppError> {
    let token = token.into_inner();
    let page_date = parse_recurrence_id(&form.date);
    let date = page_date.filter(|_| form.scope != "series");
    let answer = Answer::parse(&form.answer, &form.comment, date);
    let checked = answer.clone();
    let outcome = with_admission(&req, &db, &entrance, &token, move |conn, admission| {
        let facts = ReplyFacts::read(conn, admission, page_date)?;
        let recorded = match &checked {
            Ok(answer) => {
                match meetings::record_answer(
                    conn,
                    &facts.admission.participant.id,
                    answer,
                    Via::Web,
                    None,
                ) {
                    Ok(response) => Ok(response),
                    Err(AppError::Validation(errors)) => Err(errors),
                    Err(other) => return Err(other),
                }
            }
            Err(errors) => Err(errors.clone()),
        };
        Ok((facts, recorded))
    })
    .await?;
    match outcome {
        (facts, Ok(response)) => {
            let mut location = format!(
                "/j/{token}/reply?recorded=1&answer={}",
                response.partstat().slug()
            );
            if let Some(date) = response.date() {
                location.push_str("&date=");
                location.push_str(date);
            } else if let Some(date) = facts.date {
                // Answered for every date from a date's page: stay on that date's page.
                location.push_str("&date=");
                location.push_str(&recurrence_id_text(date));
            }
            Ok(see_other(&location))
        }
        (facts, Err(errors)) => {
            let chosen = PartStat::parse(&form.answer).ok();
            let view = ReplyPage::new(&viewer, &facts, chosen, &form.comment, &errors);
            let mut response = templates.render_page(&viewer, "reply.html", &view)?;
            *response.status_mut() = actix_web::http::StatusCode::UNPROCESSABLE_ENTITY;
            Ok(response)
        }
    }
}

/// What the page knows: the link's meeting, the date asked about, and earlier answers.
struct ReplyFacts {
    admission: Admission,
    zone: crate::domain::TimeZone,
    organizer_name: String,
    /// For one date of a series: its recurrence id, start and end.
    date: Option<DateTime<Utc>>,
    date_span: Option<(DateTime<Utc>, DateTime<Utc>)>,
    answers: Vec<Response>,
}

impl ReplyFacts {
    fn read(
        conn: &mut crate::db::AnyConnection,
        admission: Admission,
        date: Option<DateTime<Utc>>,
    ) -> Result<ReplyFacts, AppError> {
        let facts = joining::page_facts(conn, &admission)?;
        // Only a date of this series is offered; another is left out.
        let occurrence = match date {
            Some(at) if admission.meeting.recurrence.is_some() => {
                let exceptions = exceptions_of(conn, &[admission.meeting.id.as_str()])?;
                occurrence_at(&admission.meeting, &exceptions, at)
            }
            _ => None,
        };
        let answers = meetings::own_answers(conn, &admission.participant.id)?;
        Ok(ReplyFacts {
            zone: facts.zone,
            organizer_name: facts.organizer_name,
            date: occurrence.as_ref().map(|o| o.recurrence_id),
            date_span: occurrence.map(|o| (o.starts_at, o.ends_at)),
            answers,
            admission,
        })
    }

    /// Their answer that counts for the date asked about (or for the whole meeting).
    fn current(&self) -> Option<&Response> {
        let date = self.date.map(recurrence_id_text);
        date.as_deref()
            .and_then(|d| self.answers.iter().find(|r| r.recurrence_id == d))
            .or_else(|| self.answers.iter().find(|r| r.date().is_none()))
    }
}

#[derive(Serialize)]
struct ReplyPage {
    title: String,
    when: String,
    organizer_name: String,
    series: bool,
    /// The date asked about, in words, and its recurrence id for the form.
    date: Option<String>,
    date_id: String,
    /// `accepted`, `tentative` or `declined`, if one is chosen.
    chosen: Option<&'static str>,
    comment: String,
    /// The answer that counts now, in words (`accepted`, …), and when it was given.
    current: Option<CurrentAnswer>,
    cancelled: bool,
    recorded: bool,
    errors: Value,
}

#[derive(Serialize)]
struct CurrentAnswer {
    partstat: &'static str,
    at: String,
    /// It was given for every date of the series (not this date alone).
    for_series: bool,
}

impl ReplyPage {
    fn new(
        viewer: &Viewer,
        facts: &ReplyFacts,
        chosen: Option<PartStat>,
        comment: &str,
        errors: &FieldErrors,
    ) -> ReplyPage {
        let locale = viewer.locale;
        let meeting = &facts.admission.meeting;
        let (starts, ends) = facts
            .date_span
            .unwrap_or((meeting.starts_at.and_utc(), meeting.ends_at.and_utc()));
        let when = when::span(locale, starts.naive_utc(), ends.naive_utc(), facts.zone);
        ReplyPage {
            title: meeting.title.clone(),
            date: facts.date.map(|_| when.clone()),
            when,
            organizer_name: facts.organizer_name.clone(),
            series: meeting.recurrence.is_some(),
            date_id: facts.date.map(recurrence_id_text).unwrap_or_default(),
            chosen: chosen.map(PartStat::slug),
            comment: comment.to_owned(),
            current: facts.current().map(|r| CurrentAnswer {
                partstat: r.partstat().slug(),
                at: when::moment(locale, r.answered_at, facts.zone),
                for_series: r.date().is_none() && meeting.recurrence.is_some(),
            }),
            cancelled: meeting.cancelled_at.is_some(),
            recorded: false,
            errors: form_errors(errors, locale),
        }
    }

    fn recorded(self, recorded: bool) -> ReplyPage {
        ReplyPage { recorded, ..self }
    }
}
