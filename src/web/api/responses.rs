//! `POST /api/v1/meetings/{id}/response`: the signed-in invitee answers an invitation
//! (accept, maybe, decline), for the whole meeting or series or for one date of a series.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use utoipa::ToSchema;

use super::json::ApiJson;
use super::meeting_views::ResponseView;
use crate::db::Db;
use crate::domain::{FieldError, parse_recurrence_id};
use crate::error::{AppError, FieldErrors};
use crate::meetings::{self, Answer};
use crate::web::extractors::api_user::ApiUser;

/// An answer to an invitation.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GiveResponse {
    /// `ACCEPTED`, `TENTATIVE` or `DECLINED`.
    pub partstat: String,
    /// A word to the organizer (at most 1,000 characters).
    #[serde(default)]
    pub comment: Option<String>,
    /// For one date of a series: its recurrence id (`20270105T090000Z`); absent: every date.
    #[serde(default)]
    pub recurrence_id: Option<String>,
}

impl GiveResponse {
    fn into_answer(self) -> Result<Answer, FieldErrors> {
        let date = match self.recurrence_id.as_deref() {
            None => None,
            Some(raw) => match parse_recurrence_id(raw) {
                Some(at) => Some(at),
                None => {
                    let mut errors = FieldErrors::new();
                    errors.add("recurrence_id", FieldError::new("date_not_in_series"));
                    return Err(errors);
                }
            },
        };
        Answer::parse(&self.partstat, self.comment.as_deref().unwrap_or(""), date)
    }
}

/// Records the caller's answer to a meeting they are invited to; a later answer replaces it.
#[utoipa::path(
    post, path = "/api/v1/meetings/{id}/response", tag = "meetings",
    params(("id" = String, Path, description = "Meeting id")),
    request_body = GiveResponse,
    responses(
        (status = 200, description = "The recorded answer", body = ResponseView),
        (status = 404, description = "No such meeting, or the caller is not invited to it"),
        (status = 409, description = "The meeting or date is cancelled, or the caller is its organizer"),
        (status = 422, description = "Every refused field, by name"),
    ),
    security(("api_token" = []))
)]
pub async fn respond(
    ApiUser(user): ApiUser,
    db: web::Data<Db>,
    id: web::Path<String>,
    ApiJson(body): ApiJson<GiveResponse>,
) -> Result<HttpResponse, AppError> {
    let answer = body.into_answer()?;
    let id = id.into_inner();
    let response = db
        .run(move |conn| meetings::answer_as_user(conn, &user, &id, &answer))
        .await?;
    Ok(HttpResponse::Ok().json(ResponseView::new(&response)))
}
