//! `/api/v1/polls`: make, list, read and close date polls. Answering goes through the personal
//! link's page only.

use actix_web::{HttpResponse, web};
use chrono::Utc;

use super::json::ApiJson;
use super::poll_input::{ClosePoll, CreatePoll};
use super::poll_views::{ClosedPoll, PollList, PollSummary, PollView};
use crate::db::Db;
use crate::error::AppError;
use crate::meetings::JoinLinks;
use crate::polls::{self, PollLinks};
use crate::web::extractors::api_user::ApiUser;

/// Makes a poll and queues a mail with a personal link to everyone asked.
#[utoipa::path(
    post, path = "/api/v1/polls", tag = "polls",
    request_body = CreatePoll,
    responses(
        (status = 201, description = "Made; the mails are queued", body = PollView),
        (status = 401, description = "No valid API token"),
        (status = 422, description = "Every refused field, by name"),
    ),
    security(("api_token" = []))
)]
pub async fn create(
    ApiUser(user): ApiUser,
    db: web::Data<Db>,
    links: web::Data<PollLinks>,
    ApiJson(body): ApiJson<CreatePoll>,
) -> Result<HttpResponse, AppError> {
    let plan = body.into_plan(&user, Utc::now())?;
    let links = links.into_inner();
    let made = links.clone();
    let detail = db
        .run(move |conn| polls::create_poll(conn, &user, plan, &made))
        .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/polls/{}", detail.poll.id)))
        .json(PollView::new(&detail, None, &links)))
}

/// The polls the caller made or is asked in, newest first (at most 200).
#[utoipa::path(
    get, path = "/api/v1/polls", tag = "polls",
    responses((status = 200, body = PollList), (status = 401, description = "No valid API token")),
    security(("api_token" = []))
)]
pub async fn list(ApiUser(user): ApiUser, db: web::Data<Db>) -> Result<HttpResponse, AppError> {
    let viewer = user.clone();
    let found = db.run(move |conn| polls::list_polls(conn, &viewer)).await?;
    Ok(HttpResponse::Ok().json(PollList {
        polls: found
            .iter()
            .map(|poll| PollSummary::new(poll, &user.id))
            .collect(),
    }))
}

/// One poll with its counts and answers (for someone asked: answers only when the poll shows
/// them, and always their own).
#[utoipa::path(
    get, path = "/api/v1/polls/{id}", tag = "polls",
    params(("id" = String, Path, description = "Poll id")),
    responses(
        (status = 200, body = PollView),
        (status = 404, description = "No such poll, or neither made by nor asking the caller"),
    ),
    security(("api_token" = []))
)]
pub async fn show(
    ApiUser(user): ApiUser,
    id: web::Path<String>,
    db: web::Data<Db>,
    links: web::Data<PollLinks>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let (detail, own) = db
        .run(move |conn| polls::poll_for_user(conn, &user, &id))
        .await?;
    Ok(HttpResponse::Ok().json(PollView::new(&detail, own.as_ref(), &links)))
}

/// Closes a poll: with `proposal_id` the meeting is planned at that time with everyone asked
/// (whoever said "no" to it marked as probably absent); `{}` closes without a date. Everyone
/// is told the outcome.
#[utoipa::path(
    post, path = "/api/v1/polls/{id}/close", tag = "polls",
    params(("id" = String, Path, description = "Poll id")),
    request_body = ClosePoll,
    responses(
        (status = 200, body = ClosedPoll),
        (status = 404, description = "No such poll, or not the caller's"),
        (status = 409, description = "Already closed (`poll_closed`)"),
        (status = 422, description = "An unknown proposal, or one already begun"),
    ),
    security(("api_token" = []))
)]
pub async fn close(
    ApiUser(user): ApiUser,
    id: web::Path<String>,
    db: web::Data<Db>,
    join_links: web::Data<JoinLinks>,
    ApiJson(body): ApiJson<ClosePoll>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let join_links = join_links.into_inner();
    let meeting_id = db
        .run(move |conn| {
            polls::close_poll(
                conn,
                &user,
                &id,
                body.proposal_id.as_deref(),
                &join_links,
                Utc::now(),
            )
        })
        .await?;
    Ok(HttpResponse::Ok().json(ClosedPoll { meeting_id }))
}
