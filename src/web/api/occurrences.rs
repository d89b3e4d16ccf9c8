//! `/api/v1/meetings/{id}/occurrences/{recurrence_id}`: one date of a series changed or
//! cancelled alone. `recurrence_id` is the date's original start in UTC, as lists give it
//! (`20270105T090000Z`; RFC 3339 is accepted too).

use actix_web::{HttpResponse, web};
use chrono::Utc;
use serde::Deserialize;
use utoipa::ToSchema;

use super::json::ApiJson;
use super::meeting_input::{end_of, parse_instant};
use super::meeting_views::OccurrenceView;
use crate::db::Db;
use crate::domain::{Description, MeetingTitle, Schedule, parse_recurrence_id};
use crate::error::{AppError, FieldErrors};
use crate::meetings::{self, Meeting, Occurrence, OccurrenceChanges};
use crate::web::extractors::api_user::ApiUser;

/// Path of one occurrence of one meeting.
type OccurrencePath = web::Path<(String, String)>;

/// Changes to one date of a series; absent fields stay as the series has them.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateOccurrence {
    /// This date's own title.
    pub title: Option<String>,
    /// This date's own description.
    pub description: Option<String>,
    /// This date's new start (RFC 3339 with offset); the length is kept unless `ends_at` or
    /// `duration_minutes` is given.
    pub starts_at: Option<String>,
    pub duration_minutes: Option<i64>,
    pub ends_at: Option<String>,
}

impl UpdateOccurrence {
    /// The checked changes to `occurrence` of `meeting`, or every refused field at once.
    fn into_changes(
        self,
        meeting: &Meeting,
        occurrence: &Occurrence,
    ) -> Result<OccurrenceChanges, FieldErrors> {
        let mut errors = FieldErrors::new();
        let zone = meeting.zone();
        let mut changes = OccurrenceChanges {
            title: self
                .title
                .as_deref()
                .and_then(|raw| errors.check("title", MeetingTitle::parse(raw))),
            description: self
                .description
                .as_deref()
                .and_then(|raw| errors.check("description", Description::parse(raw))),
            schedule: None,
        };
        if self.starts_at.is_some() || self.ends_at.is_some() || self.duration_minutes.is_some() {
            let starts_at = match self.starts_at.as_deref() {
                Some(raw) => errors.check("starts_at", parse_instant(raw, Some(zone))),
                None => Some(occurrence.starts_at),
            };
            let end = if self.ends_at.is_none() && self.duration_minutes.is_none() {
                let length = occurrence.ends_at - occurrence.starts_at;
                starts_at.map(|s| (s + length, "starts_at"))
            } else {
                end_of(
                    starts_at,
                    self.ends_at.as_deref(),
                    self.duration_minutes,
                    Some(zone),
                    &mut errors,
                )
            };
            if let (Some(starts_at), Some((ends_at, end_field))) = (starts_at, end) {
                let keep_past_start = starts_at == occurrence.starts_at;
                changes.schedule = errors.check_schedule(
                    Schedule::new(starts_at, ends_at, zone, Utc::now(), keep_past_start),
                    "starts_at",
                    end_field,
                );
            }
        }
        if errors.is_empty() {
            Ok(changes)
        } else {
            Err(errors)
        }
    }
}

/// The occurrence's identity from the path; a malformed one names no date (404).
fn recurrence_id(raw: &str) -> Result<chrono::DateTime<Utc>, AppError> {
    parse_recurrence_id(raw).ok_or(AppError::NotFound)
}

/// Changes one date of a series alone (time, title, description); its invitees get an update
/// for that date only (iTIP REQUEST with its RECURRENCE-ID).
#[utoipa::path(
    patch, path = "/api/v1/meetings/{id}/occurrences/{recurrence_id}", tag = "meetings",
    params(
        ("id" = String, Path, description = "Meeting id"),
        ("recurrence_id" = String, Path, description = "The date's original start in UTC, e.g. 20270105T090000Z"),
    ),
    request_body = UpdateOccurrence,
    responses(
        (status = 200, description = "The date as it now is", body = OccurrenceView),
        (status = 404, description = "No such meeting or date, or not the caller's to change"),
        (status = 409, description = "The meeting or this date was cancelled"),
        (status = 422, description = "Every refused field, by name"),
    ),
    security(("api_token" = []))
)]
pub async fn update(
    ApiUser(user): ApiUser,
    db: web::Data<Db>,
    path: OccurrencePath,
    ApiJson(body): ApiJson<UpdateOccurrence>,
) -> Result<HttpResponse, AppError> {
    let (id, raw) = path.into_inner();
    let at = recurrence_id(&raw)?;
    let (meeting, occurrence) = db
        .run(move |conn| {
            let occurrence = meetings::change_occurrence(conn, &user, &id, at, |m, o| {
                Ok(body.into_changes(m, o)?)
            })?;
            Ok::<_, AppError>((meetings::meeting_for_editor(conn, &user, &id)?, occurrence))
        })
        .await?;
    Ok(HttpResponse::Ok().json(OccurrenceView::new(&occurrence, &meeting.meeting)))
}

/// Cancels one date of a series alone; the series goes on. Its invitees get a cancellation
/// for that date only (iTIP CANCEL with its RECURRENCE-ID). Cancelling again changes nothing.
#[utoipa::path(
    delete, path = "/api/v1/meetings/{id}/occurrences/{recurrence_id}", tag = "meetings",
    params(
        ("id" = String, Path, description = "Meeting id"),
        ("recurrence_id" = String, Path, description = "The date's original start in UTC, e.g. 20270105T090000Z"),
    ),
    responses(
        (status = 200, description = "The cancelled date", body = OccurrenceView),
        (status = 404, description = "No such meeting or date, or not the caller's to cancel"),
        (status = 409, description = "The whole meeting was cancelled"),
    ),
    security(("api_token" = []))
)]
pub async fn cancel(
    ApiUser(user): ApiUser,
    db: web::Data<Db>,
    path: OccurrencePath,
) -> Result<HttpResponse, AppError> {
    let (id, raw) = path.into_inner();
    let at = recurrence_id(&raw)?;
    let (meeting, occurrence) = db
        .run(move |conn| {
            let occurrence = meetings::cancel_occurrence(conn, &user, &id, at)?;
            Ok::<_, AppError>((meetings::meeting_for_editor(conn, &user, &id)?, occurrence))
        })
        .await?;
    Ok(HttpResponse::Ok().json(OccurrenceView::new(&occurrence, &meeting.meeting)))
}
