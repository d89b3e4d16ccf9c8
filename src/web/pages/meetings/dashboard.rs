//! The signed-in start page: today's, upcoming and past meetings.

use actix_web::{HttpResponse, web};
use chrono::Utc;
use serde::{Deserialize, Serialize};

use super::view::MeetingCard;
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
    let dashboard = db
        .run(move |conn| meetings::dashboard(conn, &user, Utc::now(), past_page))
        .await?;
    let viewer = &signed_in.viewer;
    let cards = |entries: &[AgendaEntry]| -> Vec<MeetingCard> {
        entries
            .iter()
            .map(|e| MeetingCard::new(e, &signed_in.user, viewer.locale, &links))
            .collect()
    };
    let view = DashboardView {
        today: cards(&dashboard.today),
        upcoming: cards(&dashboard.upcoming),
        past: cards(&dashboard.past),
        past_page,
        more_past: dashboard.more_past,
        notice_key: session::take_notice(&viewer.session),
    };
    templates.render_page(viewer, "dashboard.html", &view)
}

#[derive(Serialize)]
struct DashboardView {
    today: Vec<MeetingCard>,
    upcoming: Vec<MeetingCard>,
    past: Vec<MeetingCard>,
    past_page: i64,
    more_past: bool,
    notice_key: Option<String>,
}
