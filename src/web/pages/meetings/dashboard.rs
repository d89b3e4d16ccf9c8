//! The signed-in start page: today's, upcoming and past meetings.

use actix_web::{HttpResponse, web};
use chrono::Utc;
use serde::{Deserialize, Serialize};

use super::presence::running_now;
use super::view::MeetingCard;
use crate::conference;
use crate::db::Db;
use crate::error::AppError;
use crate::meetings::{self, AgendaEntry, JoinLinks};
use crate::web::extractors::viewer::SignedIn;
use crate::web::session;
use crate::web::templates::Templates;

/// The dashboard's query string.
#[derive(Debug, Deserialize)]
pub struct DashboardQuery {
    /// Which page of past meetings (from 1).
    past_page: Option<i64>,
}

/// The dashboard.
pub async fn page(
    signed_in: SignedIn,
    query: web::Query<DashboardQuery>,
    db: web::Data<Db>,
    links: web::Data<JoinLinks>,
    templates: web::Data<Templates>,
) -> Result<HttpResponse, AppError> {
    let past_page = query.past_page.unwrap_or(1).clamp(1, 100_000);
    let user = signed_in.user.clone();
    let (dashboard, failures, present) = db
        .run(move |conn| {
            let now = Utc::now();
            let dashboard = meetings::dashboard(conn, &user, now, past_page)?;
            let failures = meetings::unseen_failures(conn, &user)?;
            let today: Vec<&str> = dashboard
                .today
                .iter()
                .map(|e| e.meeting.id.as_str())
                .collect();
            let present = conference::present_now(conn, &today, now.naive_utc())?;
            Ok::<_, AppError>((dashboard, failures, present))
        })
        .await?;
    let viewer = &signed_in.viewer;
    let cards = |entries: &[AgendaEntry]| -> Vec<MeetingCard> {
        entries
            .iter()
            .map(|e| MeetingCard::new(e, &signed_in.user, viewer.locale, &links))
            .collect()
    };
    let view = DashboardView {
        failures: failures
            .into_iter()
            .map(|f| FailureView {
                meeting_id: f.meeting_id,
                title: f.title,
                email: f.email,
                error: f.error.unwrap_or_default(),
            })
            .collect(),
        today: cards(&dashboard.today)
            .into_iter()
            .map(|mut card| {
                card.live = true;
                card.running_now = running_now(present.get(card.id()).copied(), viewer.locale);
                card
            })
            .collect(),
        upcoming: cards(&dashboard.upcoming),
        past: cards(&dashboard.past),
        past_page,
        more_past: dashboard.more_past,
        notice_key: session::take_notice(&viewer.session),
        presence_url: "/presence",
    };
    templates.render_page(viewer, "dashboard.html", &view)
}

#[derive(Serialize)]
struct DashboardView {
    /// Mails on the viewer's meetings that failed since they last opened the meeting.
    failures: Vec<FailureView>,
    today: Vec<MeetingCard>,
    upcoming: Vec<MeetingCard>,
    past: Vec<MeetingCard>,
    past_page: i64,
    more_past: bool,
    notice_key: Option<String>,
    /// Where the script asks who is in today's rooms.
    presence_url: &'static str,
}

/// A failed mail the organizer has not looked at yet.
#[derive(Serialize)]
struct FailureView {
    meeting_id: String,
    title: String,
    email: String,
    /// The mail server's answer.
    error: String,
}
