//! `GET /api/v1/meetings/{id}/attendance`: who was in a meeting's room, from the room events
//! the video server posts (`/jitsi/events/…`). For the meeting's editors only.

use actix_web::{HttpResponse, web};
use chrono::{NaiveDateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::conference::{self, Attendee};
use crate::db::Db;
use crate::error::AppError;
use crate::meetings;
use crate::web::extractors::api_user::ApiUser;

/// Everyone who was in the room, and how many are in it now.
#[derive(Debug, Serialize, ToSchema)]
pub struct AttendanceView {
    pub meeting_id: String,
    /// People in the room now (recorders not counted).
    pub present_now: i64,
    /// In the order they first came.
    pub attendees: Vec<AttendeeView>,
}

/// One person's time in the rooms (main and breakout rooms together).
#[derive(Debug, Serialize, ToSchema)]
pub struct AttendeeView {
    /// The invitee it was (matched by the token's `context.user.id`); `null` for people who
    /// came without an invitation of ours.
    pub participant_id: Option<String>,
    pub name: String,
    /// The invitee's address; `null` for others.
    pub email: Option<String>,
    /// `person` (browser or app) or `phone` (a caller through Jigasi).
    pub kind: &'static str,
    /// First join (UTC, RFC 3339).
    pub first_joined_at: String,
    /// Last leave (UTC, RFC 3339); `null` while still in the room.
    pub last_left_at: Option<String>,
    /// Minutes in the rooms, overlapping stays counted once.
    pub minutes: i64,
    /// Separate stays (a dropped connection makes two).
    pub stays: usize,
}

impl AttendeeView {
    fn new(attendee: Attendee) -> AttendeeView {
        AttendeeView {
            participant_id: attendee.participant_id,
            name: attendee.name,
            email: attendee.email,
            kind: attendee.kind,
            first_joined_at: rfc3339(attendee.first_joined_at),
            last_left_at: attendee.last_left_at.map(rfc3339),
            minutes: attendee.minutes,
            stays: attendee.stays,
        }
    }
}

fn rfc3339(at: NaiveDateTime) -> String {
    at.and_utc()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// The meeting's attendance.
#[utoipa::path(
    get, path = "/api/v1/meetings/{id}/attendance", tag = "meetings",
    params(("id" = String, Path, description = "Meeting id")),
    responses(
        (status = 200, description = "Who was in the room", body = AttendanceView),
        (status = 404, description = "No such meeting, or not the caller's to edit"),
    ),
    security(("api_token" = []))
)]
pub async fn show(
    ApiUser(user): ApiUser,
    id: web::Path<String>,
    db: web::Data<Db>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let (meeting_id, present, list) = db
        .run(move |conn| {
            let detail = meetings::meeting_for_editor(conn, &user, &id)?;
            let meeting_id = detail.meeting.id;
            let now = Utc::now().naive_utc();
            let present = conference::present_now(conn, &[meeting_id.as_str()], now)?
                .get(&meeting_id)
                .copied()
                .unwrap_or_default();
            let list = conference::attendance(conn, &meeting_id, now)?;
            Ok((meeting_id, present, list))
        })
        .await?;
    Ok(HttpResponse::Ok().json(AttendanceView {
        meeting_id,
        present_now: present,
        attendees: list.into_iter().map(AttendeeView::new).collect(),
    }))
}
