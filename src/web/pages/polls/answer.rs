//! The page behind a poll link, `/p/<token>`: the proposed times in the visitor's zone, each
//! with yes / if need be / no, for someone asked (their personal link) or a guest (the public
//! link, who gives a name and, optionally, an address). A GET shows; only the POST (with the
//! session's CSRF token) records, so a mail scanner following the link answers nothing.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::view::{PersonRow, PollFacts, people};
use crate::attempts::{AttemptCounter, address_key};
use crate::db::Db;
use crate::domain::{DisplayName, Email, TimeZone};
use crate::error::{AppError, FieldErrors};
use crate::polls::{self, Choice, Guest, PollLinks, PollVisitor};
use crate::web::client::{client_ip, form_errors, see_other};
use crate::web::extractors::csrf::CsrfForm;
use crate::web::extractors::viewer::Viewer;
use crate::web::templates::Templates;

/// Counts the guests each client address adds through public links
/// (`GUESTS_PER_ADDRESS_PER_HOUR`); shared by every instance through the database.
#[derive(Debug, Clone)]
pub struct PollGuests(pub AttemptCounter);

/// `?tz=<zone>&saved=1`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AnswerQuery {
    /// Show the times in this zone.
    tz: Option<String>,
    /// Set after answers were recorded: the page says so.
    saved: Option<String>,
}

#[derive(Serialize)]
struct AnswerView {
    poll: PollFacts,
    organizer_name: String,
    /// The outcome names the meeting without a link (participants join through their mail).
    meeting_link: bool,
    /// Someone on the public link who has not answered yet.
    guest: bool,
    /// The name the person is known by (asked people).
    name: Option<String>,
    /// Others' answers, when the poll shows them.
    people: Option<Vec<PersonRow>>,
    saved: bool,
    /// This page's own address (a guest keeps it to change their answers).
    own_url: Option<String>,
    /// The guest form's values, given back when refused.
    guest_name: String,
    guest_email: String,
    errors: serde_json::Value,
}

/// The poll page of a link.
pub async fn page(
    viewer: Viewer,
    token: web::Path<String>,
    query: web::Query<AnswerQuery>,
    db: web::Data<Db>,
    links: web::Data<PollLinks>,
    templates: web::Data<Templates>,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    let zone = visitor_zone(&viewer, query.tz.as_deref());
    let page = Page {
        viewer: &viewer,
        token: &token,
        links: &links,
        zone,
    };
    let view = page
        .view(&db, query.saved.is_some(), Submitted::default())
        .await?;
    templates.render_page(&viewer, "poll_answer.html", &view)
}

/// What was posted and why it was refused, to show the form again.
#[derive(Default)]
struct Submitted {
    answers: HashMap<String, String>,
    guest_name: String,
    guest_email: String,
    errors: Option<FieldErrors>,
}

/// Records the answers and shows the page again saying so (303, so a reload sends nothing);
/// a guest is sent on to their own personal link.
#[allow(clippy::too_many_arguments)] // the extractors of one handler
pub async fn record(
    req: HttpRequest,
    viewer: Viewer,
    token: web::Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
    db: web::Data<Db>,
    links: web::Data<PollLinks>,
    guests: web::Data<PollGuests>,
    templates: web::Data<Templates>,
) -> Result<HttpResponse, AppError> {
    let address = address_key(&client_ip(&req));
    let mut submitted = Submitted::default();
    let mut tz = None;
    for (name, value) in pairs {
        match name.strip_prefix("a.") {
            Some(proposal_id) => {
                submitted.answers.insert(proposal_id.to_owned(), value);
            }
            None => match name.as_str() {
                "guest_name" => submitted.guest_name = value,
                "guest_email" => submitted.guest_email = value,
                "tz" => tz = Some(value),
                _ => {}
            },
        }
    }
    let zone = visitor_zone(&viewer, tz.as_deref());
    let token = token.into_inner();
    let locale = viewer.locale;
    let answers = submitted.answers.clone();
    let (guest_name, guest_email) = (submitted.guest_name.clone(), submitted.guest_email.clone());
    let poll_links = links.clone().into_inner();
    let visited = token.clone();
    let outcome = db
        .run(move |conn| {
            let recorded = match polls::visitor(conn, &visited)? {
                PollVisitor::Participant(participant, _) => {
                    polls::answer(conn, &participant, &answers).map(|()| None)
                }
                PollVisitor::Guest(poll) => match guest(&guest_name, &guest_email, locale) {
                    Ok(guest) => {
                        if let Some(blocked) = guests.0.count_failure(conn, &address)? {
                            return Err(blocked.into());
                        }
                        polls::answer_as_guest(conn, &poll, &guest, &answers, &poll_links).map(Some)
                    }
                    Err(errors) => Err(errors.into()),
                },
            };
            match recorded {
                Ok(guest_id) => Ok(Ok(guest_id)),
                Err(AppError::Validation(errors)) => Ok(Err(errors)),
                Err(other) => Err(other),
            }
        })
        .await?;
    let back = |token: &str| {
        let mut location = format!("/p/{token}?saved=1");
        if let Some(tz) = &tz {
            location.push_str("&tz=");
            location.push_str(&urlencoding(tz));
        }
        location
    };
    match outcome {
        Ok(None) => Ok(see_other(&back(&token))),
        Ok(Some(guest_id)) => Ok(see_other(&back(&links.personal_token(&guest_id)))),
        Err(errors) => {
            submitted.errors = Some(errors);
            let page = Page {
                viewer: &viewer,
                token: &token,
                links: &links,
                zone,
            };
            let view = page.view(&db, false, submitted).await?;
            let mut response = templates.render_page(&viewer, "poll_answer.html", &view)?;
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(response)
        }
    }
}

/// The page of one link for one visitor.
struct Page<'a> {
    viewer: &'a Viewer,
    token: &'a str,
    links: &'a PollLinks,
    zone: Option<TimeZone>,
}

impl Page<'_> {
    async fn view(
        &self,
        db: &Db,
        saved: bool,
        submitted: Submitted,
    ) -> Result<AnswerView, AppError> {
        let token = self.token.to_owned();
        let (visitor, detail, organizer) = db
            .run(move |conn| {
                let visitor = polls::visitor(conn, &token)?;
                let detail = polls::poll_detail(conn, visitor.poll().clone())?;
                let organizer = crate::accounts::find_user(conn, &detail.poll.organizer_id)?;
                Ok::<_, AppError>((visitor, detail, organizer))
            })
            .await?;
        let own = match &visitor {
            PollVisitor::Participant(participant, _) => Some(participant),
            PollVisitor::Guest(_) => None,
        };
        let zone = self
            .zone
            .unwrap_or_else(|| TimeZone::parse(&detail.poll.time_zone).unwrap_or_default());
        let results = detail.results();
        let mut poll = PollFacts::new(&detail, &results, self.viewer.locale, zone, self.links, own);
        // A refused form shows the choices as posted.
        for proposal in &mut poll.proposals {
            if let Some(posted) = submitted.answers.get(&proposal.id) {
                proposal.own = Choice::parse(posted).ok().map(Choice::as_str);
            }
        }
        let show = detail.poll.show_answers;
        if !show {
            // Hidden answers: no counts either (with two people, counts are answers).
            for proposal in &mut poll.proposals {
                (proposal.yes, proposal.maybe, proposal.no, proposal.best) = (0, 0, 0, false);
            }
        }
        Ok(AnswerView {
            organizer_name: organizer.display_name,
            meeting_link: false,
            guest: own.is_none(),
            name: own.map(|o| o.label().to_owned()),
            people: show.then(|| people(&detail, &results, self.viewer.locale)),
            saved,
            own_url: own.map(|_| self.links.url(self.token)),
            guest_name: submitted.guest_name,
            guest_email: submitted.guest_email,
            errors: submitted
                .errors
                .map(|e| form_errors(&e, self.viewer.locale))
                .unwrap_or_else(|| serde_json::json!({})),
            poll,
        })
    }
}

/// The zone to show times in: the one asked for, else the signed-in viewer's; `None`: the
/// poll's own.
fn visitor_zone(viewer: &Viewer, asked: Option<&str>) -> Option<TimeZone> {
    asked
        .and_then(|z| TimeZone::parse(z.trim()).ok())
        .or_else(|| {
            viewer
                .user
                .as_ref()
                .and_then(|u| TimeZone::parse(&u.time_zone).ok())
        })
}

/// A guest's name (required) and address (optional), checked.
fn guest(name: &str, email: &str, locale: crate::domain::Locale) -> Result<Guest, FieldErrors> {
    let mut errors = FieldErrors::new();
    let name = if name.trim().is_empty() {
        errors.add("guest_name", crate::domain::FieldError::new("required"));
        None
    } else {
        errors.check("guest_name", DisplayName::parse(name))
    };
    let email = match email.trim() {
        "" => Some(None),
        raw => errors.check("guest_email", Email::parse(raw)).map(Some),
    };
    match (name, email) {
        (Some(name), Some(email)) if errors.is_empty() => Ok(Guest {
            name,
            email,
            locale,
        }),
        _ => Err(errors),
    }
}

/// A zone name in a query string (`America/New_York`, `Etc/GMT+5`).
fn urlencoding(zone: &str) -> String {
    url::form_urlencoded::byte_serialize(zone.as_bytes()).collect()
}
