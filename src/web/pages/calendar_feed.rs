//! The calendar feed: `GET /calendar/<secret>.ics`, fetched by calendar programs again and
//! again (with `ETag` and `Last-Modified`, answered `304` while nothing changed), and the
//! settings page that shows its address and replaces it.

use actix_web::http::header::{
    self, CACHE_CONTROL, CONTENT_TYPE, ETAG, HttpDate, IF_MODIFIED_SINCE, IF_NONE_MATCH,
    LAST_MODIFIED,
};
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, TimeDelta, Utc};
use serde::Serialize;

use crate::accounts::{self, FEED_TOKEN_LEN, FeedLinks};
use crate::db::Db;
use crate::error::AppError;
use crate::joining::Entrance;
use crate::mail::{Composer, last_change};
use crate::meetings::{self, JoinLinks};
use crate::web::client::{client_ip, local_time, see_other};
use crate::web::extractors::csrf::{CsrfForm, NoFields};
use crate::web::extractors::viewer::SignedIn;
use crate::web::session;
use crate::web::templates::Templates;

/// How far back the feed reaches.
const FEED_PAST: TimeDelta = TimeDelta::days(30);

/// The feed behind `file` (`<secret>.ics`). Unknown secrets count against the client like
/// unknown join links (404, then 429).
pub async fn feed(
    req: HttpRequest,
    file: web::Path<String>,
    db: web::Data<Db>,
    links: web::Data<JoinLinks>,
    composer: web::Data<Composer>,
    entrance: web::Data<Entrance>,
) -> Result<HttpResponse, AppError> {
    let token = file
        .strip_suffix(".ics")
        .filter(|t| plausible(t))
        .map(str::to_owned);
    let ip = client_ip(&req);
    let counting = entrance.clone();
    let found = db
        .run(move |conn| {
            let user = match &token {
                Some(token) => accounts::user_by_calendar_feed(conn, token)?,
                None => None,
            };
            let Some(user) = user else {
                let blocked = counting.unknown_links.count(conn, &ip, token.as_deref())?;
                return Ok(Err(blocked));
            };
            let entries = meetings::feed_entries(conn, &user, Utc::now() - FEED_PAST)?;
            Ok(Ok((user, entries)))
        })
        .await?;
    let (user, entries) =
        found.map_err(|blocked| blocked.map_or(AppError::NotFound, AppError::from))?;
    let name = format!("Treffpunkt · {}", user.display_name);
    // The tag comes from what the feed is made of, so a current copy is answered before the
    // feed is made.
    let etag = composer.calendar_feed_tag(&name, &entries, user.locale());
    let modified = entries.iter().map(last_change).max();
    if not_modified(&req, &etag, modified) {
        return Ok(HttpResponse::NotModified()
            .insert_header((ETAG, etag))
            .finish());
    }
    let body = composer.calendar_feed(&name, &entries, &links, user.locale());
    let mut response = HttpResponse::Ok();
    response
        .insert_header((CONTENT_TYPE, "text/calendar; charset=utf-8"))
        // Join links are inside: no shared cache keeps it; clients ask again every time.
        .insert_header((CACHE_CONTROL, "private, no-cache"))
        .insert_header((ETAG, etag));
    if let Some(modified) = modified {
        response.insert_header((LAST_MODIFIED, http_date(modified)));
    }
    Ok(response.body(body))
}

/// Whether the client's copy is current: its `If-None-Match` names this ETag, or (without
/// one) its `If-Modified-Since` is no older than the last change (RFC 9110 §13.1).
fn not_modified(req: &HttpRequest, etag: &str, modified: Option<DateTime<Utc>>) -> bool {
    let headers = req.headers();
    if let Some(wanted) = headers.get(IF_NONE_MATCH).and_then(|v| v.to_str().ok()) {
        return wanted
            .split(',')
            .map(|tag| tag.trim().trim_start_matches("W/"))
            .any(|tag| tag == etag || tag == "*");
    }
    let since = headers
        .get(IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<HttpDate>().ok())
        .map(std::time::SystemTime::from);
    match (since, modified) {
        (Some(since), Some(modified)) => {
            // HTTP dates have whole seconds.
            let modified = std::time::SystemTime::from(modified);
            modified
                .duration_since(since)
                .map_or(true, |later| later.as_secs() == 0)
        }
        _ => false,
    }
}

fn http_date(at: DateTime<Utc>) -> header::HttpDate {
    HttpDate::from(std::time::SystemTime::from(at))
}

fn plausible(token: &str) -> bool {
    token.len() == FEED_TOKEN_LEN
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The settings page of the feed: its address, if made, and the button that makes a new one.
pub async fn settings_page(
    signed_in: SignedIn,
    db: web::Data<Db>,
    feeds: web::Data<FeedLinks>,
    templates: web::Data<Templates>,
) -> Result<HttpResponse, AppError> {
    let user = signed_in.user.clone();
    let feed = db
        .run(move |conn| accounts::calendar_feed(conn, &user))
        .await?;
    let viewer = &signed_in.viewer;
    let page = FeedPage {
        feed: feed.map(|feed| {
            let address = feeds.address(&feed);
            FeedView {
                url: address.url,
                webcal_url: address.webcal_url,
                created_at: local_time(feed.created_at, &signed_in.user.time_zone),
            }
        }),
        notice_key: session::take_notice(&viewer.session),
    };
    templates.render_page(viewer, "calendar_feed.html", &page)
}

/// Makes a new address; the old one stops working at once.
pub async fn rotate(
    signed_in: SignedIn,
    CsrfForm(_): CsrfForm<NoFields>,
    db: web::Data<Db>,
    feeds: web::Data<FeedLinks>,
) -> Result<HttpResponse, AppError> {
    let user = signed_in.user.clone();
    let feeds = feeds.into_inner();
    db.run(move |conn| accounts::rotate_calendar_feed(conn, &user, &feeds))
        .await?;
    session::set_notice(&signed_in.viewer.session, "calendar-feed-new")?;
    Ok(see_other("/settings/calendar"))
}

#[derive(Serialize)]
struct FeedPage {
    feed: Option<FeedView>,
    notice_key: Option<String>,
}

#[derive(Serialize)]
struct FeedView {
    url: String,
    webcal_url: String,
    created_at: String,
}
