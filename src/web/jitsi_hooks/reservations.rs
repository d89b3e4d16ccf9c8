//! `/jitsi/reservations/conference[/{id}]`: Jitsi's `mod_reservations` asks before it creates
//! a room (its `reservations_api_prefix` is `<base URL>/jitsi/reservations`).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use serde_json::json;

use super::{bearer, message, unauthorized};
use crate::conference::{self, HookServer, HookTokens, ReservationAnswer, RoomRequest};
use crate::db::{AnyConnection, Db};
use crate::error::AppError;
use crate::joining::Entrance;

/// `POST …/conference` with the form fields `name`, `start_time`, `mail_owner`.
pub async fn create(
    req: HttpRequest,
    body: web::Bytes,
    db: web::Data<Db>,
    tokens: web::Data<HookTokens>,
    entrance: web::Data<Entrance>,
) -> Result<HttpResponse, AppError> {
    let Some(digest) = bearer(&req, &tokens) else {
        return Ok(unauthorized());
    };
    let field = |name: &str| {
        url::form_urlencoded::parse(&body)
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.into_owned())
            .filter(|value| !value.trim().is_empty())
    };
    let (Some(name), Some(_start_time), Some(mail_owner)) =
        (field("name"), field("start_time"), field("mail_owner"))
    else {
        return Ok(message(
            StatusCode::BAD_REQUEST,
            "the form fields name, start_time and mail_owner are required",
        ));
    };
    let grace = entrance.grace;
    let answer = with_server(&db, digest, move |conn, server| {
        let request = RoomRequest {
            name: &name,
            mail_owner: &mail_owner,
        };
        conference::reserve(conn, server, &request, Utc::now(), grace)
    })
    .await?;
    Ok(respond(answer))
}

/// `GET …/conference/{id}`: the reservation Jitsi holds (asked after a 409).
pub async fn show(
    req: HttpRequest,
    id: web::Path<String>,
    db: web::Data<Db>,
    tokens: web::Data<HookTokens>,
    entrance: web::Data<Entrance>,
) -> Result<HttpResponse, AppError> {
    let Some(digest) = bearer(&req, &tokens) else {
        return Ok(unauthorized());
    };
    let Ok(id) = id.parse::<i64>() else {
        return Ok(respond(Some(ReservationAnswer::Unknown)));
    };
    let grace = entrance.grace;
    let answer = with_server(&db, digest, move |conn, server| {
        conference::reservation(conn, server, id, Utc::now(), grace)
    })
    .await?;
    Ok(respond(answer))
}

/// `DELETE …/conference/{id}`: Jitsi let the room go.
pub async fn delete(
    req: HttpRequest,
    id: web::Path<String>,
    db: web::Data<Db>,
    tokens: web::Data<HookTokens>,
) -> Result<HttpResponse, AppError> {
    let Some(digest) = bearer(&req, &tokens) else {
        return Ok(unauthorized());
    };
    let Ok(id) = id.parse::<i64>() else {
        return Ok(respond(Some(ReservationAnswer::Unknown)));
    };
    let answer = with_server(&db, digest, move |conn, server| {
        conference::release(conn, server, id, Utc::now())
    })
    .await?;
    Ok(respond(answer))
}

/// Runs `work` for the server the token belongs to; `None` when it belongs to none.
async fn with_server<F>(
    db: &Db,
    digest: String,
    work: F,
) -> Result<Option<ReservationAnswer>, AppError>
where
    F: FnOnce(&mut AnyConnection, &HookServer) -> Result<ReservationAnswer, AppError>
        + Send
        + 'static,
{
    db.run(move |conn| {
        let Some(server) = conference::server_for_reservations_token(conn, &digest)? else {
            return Ok(None);
        };
        work(conn, &server).map(Some)
    })
    .await
}

fn respond(answer: Option<ReservationAnswer>) -> HttpResponse {
    match answer {
        None => unauthorized(),
        Some(ReservationAnswer::Granted(granted)) => HttpResponse::Ok().json(granted),
        Some(ReservationAnswer::Conflict(id)) => {
            HttpResponse::Conflict().json(json!({ "conflict_id": id }))
        }
        Some(ReservationAnswer::Refused(text)) => message(StatusCode::FORBIDDEN, &text),
        Some(ReservationAnswer::Unknown) => message(StatusCode::NOT_FOUND, "no such reservation"),
        Some(ReservationAnswer::Released) => HttpResponse::Ok().json(json!({})),
    }
}
