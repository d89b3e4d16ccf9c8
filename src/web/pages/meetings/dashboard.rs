//! The signed-in start page: today's, upcoming and past meetings.

use actix_web::{HttpResponse, web};
use chrono::Utc;
use serde::Deserialize;
use serde_json::Value;

use super::view;
use crate::db::Db;
use crate::error::AppError;
use crate::meetings::{self, JoinLinks};
use crate::web::session;
use crate::web::{SignedIn, Templates};

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
    let cards = |entries: &[meetings::AgendaEntry]| -> Vec<Value> {
        entries
            .iter()
            .map(|e| view::card(e, &signed_in.user, viewer.locale, &links))
            .collect()
    };
    let mut context = viewer.context(&templates)?;
    context.insert("today", &cards(&dashboard.today));
    context.insert("upcoming", &cards(&dashboard.upcoming));
    context.insert("past", &cards(&dashboard.past));
    context.insert("past_page", &past_page);
    context.insert("more_past", &dashboard.more_past);
    let notice = session::take_notice(&viewer.session);
    context.insert("notice_key", &notice);
    templates.page("dashboard.html", &context)
}
