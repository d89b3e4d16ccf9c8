//! "Running now · 4 people": who is in a meeting's room, from the room events Jitsi posts. The
//! pages show it when they load; their script asks again every little while.

use std::collections::HashMap;

use actix_web::{HttpResponse, web};
use chrono::Utc;
use serde_json::{Map, Value};

use crate::conference;
use crate::db::Db;
use crate::domain::Locale;
use crate::error::AppError;
use crate::i18n;
use crate::meetings;
use crate::web::extractors::viewer::SignedIn;

/// The words for `people` in the room; empty for nobody (or no events at all).
pub fn running_now(people: Option<i64>, locale: Locale) -> String {
    match people {
        Some(count) if count > 0 => i18n::text_with_count(locale, "presence-running", count),
        _ => String::new(),
    }
}

/// `GET /presence?meeting=<id>` (one meeting, for its editors) or `GET /presence` (the viewer's
/// meetings of today, for the dashboard): `{"<id>": "Running now · 4 people"}`.
pub async fn answer(
    signed_in: SignedIn,
    query: web::Query<PresenceQuery>,
    db: web::Data<Db>,
) -> Result<HttpResponse, AppError> {
    match query.into_inner().meeting {
        Some(id) => meeting(signed_in, id, db).await,
        None => today(signed_in, db).await,
    }
}

/// `?meeting=<id>`.
#[derive(Debug, serde::Deserialize)]
pub struct PresenceQuery {
    meeting: Option<String>,
}

async fn meeting(
    signed_in: SignedIn,
    id: String,
    db: web::Data<Db>,
) -> Result<HttpResponse, AppError> {
    let user = signed_in.user.clone();
    let present = db
        .run(move |conn| {
            let detail = meetings::meeting_for_editor(conn, &user, &id)?;
            let ids = [detail.meeting.id.as_str()];
            conference::present_now(conn, &ids, Utc::now().naive_utc())
                .map(|present| (detail.meeting.id.clone(), present))
        })
        .await?;
    let (id, present) = present;
    Ok(body_of(&[id], &present, signed_in.viewer.locale))
}

async fn today(signed_in: SignedIn, db: web::Data<Db>) -> Result<HttpResponse, AppError> {
    let user = signed_in.user.clone();
    let (ids, present) = db
        .run(move |conn| {
            let now = Utc::now();
            let dashboard = meetings::dashboard(conn, &user, now, 1)?;
            let ids: Vec<String> = dashboard
                .today
                .iter()
                .map(|e| e.meeting.id.clone())
                .collect();
            let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
            let present = conference::present_now(conn, &refs, now.naive_utc())?;
            Ok::<_, AppError>((ids, present))
        })
        .await?;
    Ok(body_of(&ids, &present, signed_in.viewer.locale))
}

fn body_of(ids: &[String], present: &HashMap<String, i64>, locale: Locale) -> HttpResponse {
    let body: Map<String, Value> = ids
        .iter()
        .map(|id| {
            let text = running_now(present.get(id).copied(), locale);
            (id.clone(), Value::String(text))
        })
        .collect();
    HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(body)
}
