//! `/api/v1/me/calendar-feed`: the caller's calendar subscription address, and a new one.

use actix_web::{HttpResponse, web};
use chrono::SecondsFormat;
use serde::Serialize;
use utoipa::ToSchema;

use crate::accounts::{self, CalendarFeed, FeedLinks};
use crate::db::Db;
use crate::error::AppError;
use crate::web::extractors::api_user::ApiUser;

/// A calendar subscription address.
#[derive(Debug, Serialize, ToSchema)]
pub struct CalendarFeedView {
    /// `https://…/calendar/<secret>.ics`
    pub url: String,
    /// The same as `webcal://…`, which opens a calendar program's subscribe dialog.
    pub webcal_url: String,
    /// When this address was made (RFC 3339, UTC).
    pub created_at: String,
}

impl CalendarFeedView {
    fn new(feed: &CalendarFeed, links: &FeedLinks) -> CalendarFeedView {
        let address = links.address(feed);
        CalendarFeedView {
            url: address.url,
            webcal_url: address.webcal_url,
            created_at: feed
                .created_at
                .and_utc()
                .to_rfc3339_opts(SecondsFormat::Secs, true),
        }
    }
}

/// The caller's subscription address: every meeting they organize or are invited to, from 30
/// days ago on, with their own join links.
#[utoipa::path(
    get, path = "/api/v1/me/calendar-feed", tag = "calendar",
    responses(
        (status = 200, description = "The address", body = CalendarFeedView),
        (status = 404, description = "None made yet: `POST /api/v1/me/calendar-feed/rotate` makes one"),
    ),
    security(("api_token" = []))
)]
pub async fn show(
    ApiUser(user): ApiUser,
    db: web::Data<Db>,
    links: web::Data<FeedLinks>,
) -> Result<HttpResponse, AppError> {
    let feed = db
        .run(move |conn| accounts::calendar_feed(conn, &user))
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(HttpResponse::Ok().json(CalendarFeedView::new(&feed, &links)))
}

/// Makes a new subscription address (the first, or one that replaces the old, which stops
/// working at once).
#[utoipa::path(
    post, path = "/api/v1/me/calendar-feed/rotate", tag = "calendar",
    responses((status = 200, description = "The new address", body = CalendarFeedView)),
    security(("api_token" = []))
)]
pub async fn rotate(
    ApiUser(user): ApiUser,
    db: web::Data<Db>,
    links: web::Data<FeedLinks>,
) -> Result<HttpResponse, AppError> {
    let minting = links.clone().into_inner();
    let feed = db
        .run(move |conn| accounts::rotate_calendar_feed(conn, &user, &minting))
        .await?;
    Ok(HttpResponse::Ok().json(CalendarFeedView::new(&feed, &links)))
}
