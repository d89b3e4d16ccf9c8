//! `POST /jitsi/events/{room|occupant}/{created|destroyed|joined|left}`: the jitsi-contrib
//! `event_sync` component's posts (its `api_prefix` is `<base URL>/jitsi`).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use serde_json::json;

use super::{bearer, message, unauthorized};
use crate::conference::{self, EventKind, HookTokens, Ingested, RoomEvent};
use crate::db::Db;
use crate::error::AppError;
use crate::joining::Entrance;

/// The route of one kind of event: every post goes through [`receive`].
pub fn route(kind: EventKind) -> actix_web::Route {
    web::post().to(
        move |req: HttpRequest,
              body: web::Bytes,
              db: web::Data<Db>,
              tokens: web::Data<HookTokens>,
              entrance: web::Data<Entrance>| {
            receive(kind, req, body, db, tokens, entrance)
        },
    )
}

/// Records one event. 401 without the server's events token; 400 for a body that is no event
/// (the component does not retry 4xx); 5xx only when it should retry.
async fn receive(
    kind: EventKind,
    req: HttpRequest,
    body: web::Bytes,
    db: web::Data<Db>,
    tokens: web::Data<HookTokens>,
    entrance: web::Data<Entrance>,
) -> Result<HttpResponse, AppError> {
    let Some(digest) = bearer(&req, &tokens) else {
        return Ok(unauthorized());
    };
    let event: RoomEvent = match serde_json::from_slice(&body) {
        Ok(event) => event,
        Err(e) => {
            return Ok(message(
                StatusCode::BAD_REQUEST,
                &format!("not an event_sync event: {e}"),
            ));
        }
    };
    let grace = entrance.grace;
    let outcome = db
        .run(move |conn| {
            let Some(server) = conference::server_for_events_token(conn, &digest)? else {
                return Ok(None);
            };
            conference::ingest(conn, &server, kind, &event, Utc::now(), grace).map(Some)
        })
        .await;
    match outcome {
        Ok(None) => Ok(unauthorized()),
        Ok(Some(ingested)) => Ok(HttpResponse::Ok().json(json!({
            "success": true,
            "recorded": ingested == Ingested::Recorded,
        }))),
        Err(AppError::MalformedJson(detail)) => Ok(message(StatusCode::BAD_REQUEST, &detail)),
        Err(other) => Err(other),
    }
}
