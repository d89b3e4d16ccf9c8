//! The organizer's pages of polls: the list, the form, the results, closing, the CSV export.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::Utc;
use serde::{Deserialize, Serialize};

use super::form::PollForm;
use super::view::{PersonRow, PollFacts, people};
use crate::db::Db;
use crate::domain::TimeZone;
use crate::error::{AppError, FieldErrors};
use crate::meetings::JoinLinks;
use crate::polls::{self, PollLinks};
use crate::web::client::{form_errors, see_other};
use crate::web::extractors::csrf::CsrfForm;
use crate::web::extractors::viewer::SignedIn;
use crate::web::session;
use crate::web::templates::Templates;
use crate::when;

type PollId = web::Path<String>;

/// One poll in the list.
#[derive(Debug, Serialize)]
struct PollCard {
    id: String,
    title: String,
    closed: bool,
    deadline: Option<String>,
    /// The viewer made it (else they are asked).
    own: bool,
}

#[derive(Serialize)]
struct ListView {
    polls: Vec<PollCard>,
}

/// The polls the user made or is asked in.
pub async fn list(
    signed_in: SignedIn,
    db: web::Data<Db>,
    templates: web::Data<Templates>,
) -> Result<HttpResponse, AppError> {
    let user = signed_in.user.clone();
    let found = db.run(move |conn| polls::list_polls(conn, &user)).await?;
    let zone = TimeZone::parse(&signed_in.user.time_zone).unwrap_or_default();
    let locale = signed_in.viewer.locale;
    let view = ListView {
        polls: found
            .into_iter()
            .map(|poll| PollCard {
                own: poll.organizer_id == signed_in.user.id,
                deadline: poll.deadline.map(|d| when::moment(locale, d, zone)),
                closed: poll.closed_at.is_some(),
                id: poll.id,
                title: poll.title,
            })
            .collect(),
    };
    templates.render_page(&signed_in.viewer, "polls.html", &view)
}

#[derive(Serialize)]
struct FormView<'a> {
    form: &'a PollForm,
    errors: serde_json::Value,
}

/// The form for a new poll.
pub async fn new_form(
    signed_in: SignedIn,
    templates: web::Data<Templates>,
) -> Result<HttpResponse, AppError> {
    let form = PollForm::blank(&signed_in.user);
    render_form(&signed_in, &templates, &form, None)
}

/// Makes the poll (or gives the form back with more rows) and goes to its page.
pub async fn create(
    signed_in: SignedIn,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
    db: web::Data<Db>,
    links: web::Data<PollLinks>,
    templates: web::Data<Templates>,
) -> Result<HttpResponse, AppError> {
    let mut form = PollForm::from_pairs(pairs);
    if form.apply_action() {
        return render_form(&signed_in, &templates, &form, None);
    }
    let plan = match form.plan(Utc::now()) {
        Ok(plan) => plan,
        Err(errors) => return render_form(&signed_in, &templates, &form, Some(&errors)),
    };
    let user = signed_in.user.clone();
    let links = links.into_inner();
    let detail = db
        .run(move |conn| polls::create_poll(conn, &user, plan, &links))
        .await?;
    session::set_notice(&signed_in.viewer.session, "poll-created")?;
    Ok(see_other(&format!("/polls/{}", detail.poll.id)))
}

fn render_form(
    signed_in: &SignedIn,
    templates: &Templates,
    form: &PollForm,
    errors: Option<&FieldErrors>,
) -> Result<HttpResponse, AppError> {
    let view = FormView {
        form,
        errors: errors
            .map(|e| form_errors(e, signed_in.viewer.locale))
            .unwrap_or_else(|| serde_json::json!({})),
    };
    let mut response = templates.render_page(&signed_in.viewer, "poll_form.html", &view)?;
    if errors.is_some() {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

#[derive(Serialize)]
struct ResultsView {
    poll: PollFacts,
    /// The outcome links to the meeting (its organizer may open it).
    meeting_link: bool,
    people: Vec<PersonRow>,
    notice_key: Option<String>,
    errors: serde_json::Value,
}

/// The results for the organizer; someone asked is led to their personal link.
pub async fn show(
    signed_in: SignedIn,
    id: PollId,
    db: web::Data<Db>,
    links: web::Data<PollLinks>,
    templates: web::Data<Templates>,
) -> Result<HttpResponse, AppError> {
    render_results(&signed_in, &db, &links, &templates, &id, None).await
}

async fn render_results(
    signed_in: &SignedIn,
    db: &Db,
    links: &PollLinks,
    templates: &Templates,
    id: &str,
    errors: Option<&FieldErrors>,
) -> Result<HttpResponse, AppError> {
    let user = signed_in.user.clone();
    let id = id.to_owned();
    let (detail, own) = db
        .run(move |conn| polls::poll_for_user(conn, &user, &id))
        .await?;
    if let Some(own) = own {
        return Ok(see_other(&links.url(&links.personal_token(&own.id))));
    }
    let results = detail.results();
    let zone = TimeZone::parse(&signed_in.user.time_zone).unwrap_or_default();
    let locale = signed_in.viewer.locale;
    let view = ResultsView {
        poll: PollFacts::new(&detail, &results, locale, zone, links, None),
        meeting_link: true,
        people: people(&detail, &results, locale),
        notice_key: session::take_notice(&signed_in.viewer.session),
        errors: errors
            .map(|e| form_errors(e, locale))
            .unwrap_or_else(|| serde_json::json!({})),
    };
    let mut response = templates.render_page(&signed_in.viewer, "poll.html", &view)?;
    if errors.is_some() {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

/// The closing form: the chosen proposal, or none (close without a meeting).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CloseForm {
    proposal_id: String,
    /// `meeting` (plan the chosen time) or `none`.
    outcome: String,
}

/// Closes the poll; with a chosen time the meeting is planned and its page opens.
pub async fn close(
    signed_in: SignedIn,
    id: PollId,
    CsrfForm(form): CsrfForm<CloseForm>,
    db: web::Data<Db>,
    links: web::Data<PollLinks>,
    join_links: web::Data<JoinLinks>,
    templates: web::Data<Templates>,
) -> Result<HttpResponse, AppError> {
    let user = signed_in.user.clone();
    let poll_id = id.into_inner();
    let chosen = (form.outcome != "none").then(|| form.proposal_id.trim().to_owned());
    let join_links = join_links.into_inner();
    let closing = poll_id.clone();
    let outcome = db
        .run(move |conn| {
            polls::close_poll(
                conn,
                &user,
                &closing,
                chosen.as_deref(),
                &join_links,
                Utc::now(),
            )
        })
        .await;
    match outcome {
        Ok(Some(meeting_id)) => {
            session::set_notice(&signed_in.viewer.session, "poll-closed-meeting")?;
            Ok(see_other(&format!("/meetings/{meeting_id}")))
        }
        Ok(None) => {
            session::set_notice(&signed_in.viewer.session, "poll-closed")?;
            Ok(see_other(&format!("/polls/{poll_id}")))
        }
        Err(AppError::Validation(errors)) => {
            render_results(&signed_in, &db, &links, &templates, &poll_id, Some(&errors)).await
        }
        Err(other) => Err(other),
    }
}

/// The results as CSV: one line per person, one column per proposed time (in the organizer's
/// zone), and a last line of counts.
pub async fn export(
    signed_in: SignedIn,
    id: PollId,
    db: web::Data<Db>,
) -> Result<HttpResponse, AppError> {
    let user = signed_in.user.clone();
    let id = id.into_inner();
    let detail = db
        .run(move |conn| polls::poll_for_organizer(conn, &user, &id))
        .await?;
    let zone = TimeZone::parse(&signed_in.user.time_zone).unwrap_or_default();
    let csv = super::export::results_csv(&detail, signed_in.viewer.locale, zone)?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            "attachment; filename=\"poll-results.csv\"",
        ))
        .body(csv))
}
