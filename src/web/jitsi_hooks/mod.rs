//! `/jitsi/…`: the hooks a self-hosted Jitsi calls (no sign-in; see `crate::conference`).
//! Answers are JSON in the shapes the Jitsi sources read; refusals carry a readable `message`.

mod dial_in;
mod events;
mod reservations;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::json;

use super::route_path::ascii;
use crate::attempts::AttemptCounter;
use crate::conference::{EventKind, HookServer, HookTokens};

pub use dial_in::DialInLimit;

/// Misses one network may ask the mapper for in [`DIAL_IN_WINDOW`]: a phone system asks for
/// every caller from one address, and callers mistype; a PIN guesser needs millions.
pub const DIAL_IN_MISSES: u32 = 100;
/// The window of [`DIAL_IN_MISSES`].
pub const DIAL_IN_WINDOW: std::time::Duration = std::time::Duration::from_secs(600);

/// The counter behind [`DialInLimit`].
pub fn dial_in_limit() -> DialInLimit {
    DialInLimit(AttemptCounter::new(
        crate::attempts::Counted::DialInAddress,
        DIAL_IN_MISSES,
        DIAL_IN_WINDOW,
    ))
}

/// The hooks' routes.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/jitsi/conference-mapper",
        web::get().to(dial_in::conference_mapper),
    )
    .route("/jitsi/dial-in-numbers", web::get().to(dial_in::numbers))
    // Four plain paths, not one pattern: a pattern costs a compiled regex in every HTTP worker.
    .route(
        "/jitsi/events/room/created",
        events::route(EventKind::RoomCreated),
    )
    .route(
        "/jitsi/events/room/destroyed",
        events::route(EventKind::RoomDestroyed),
    )
    .route(
        "/jitsi/events/occupant/joined",
        events::route(EventKind::OccupantJoined),
    )
    .route(
        "/jitsi/events/occupant/left",
        events::route(EventKind::OccupantLeft),
    )
    .route(
        "/jitsi/reservations/conference",
        web::post().to(reservations::create),
    )
    .service(
        web::resource(ascii("/jitsi/reservations/conference/{id}"))
            .route(web::get().to(reservations::show))
            .route(web::delete().to(reservations::delete)),
    );
}

/// A JSON answer with a `message`.
fn message(status: StatusCode, text: &str) -> HttpResponse {
    HttpResponse::build(status).json(json!({ "message": text }))
}

/// The digest of the request's bearer token.
fn bearer(req: &HttpRequest, tokens: &HookTokens) -> Option<String> {
    let header = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    tokens.of_header(header)
}

/// 401 for a missing or unknown token.
fn unauthorized() -> HttpResponse {
    message(
        StatusCode::UNAUTHORIZED,
        "missing or unknown bearer token for this hook",
    )
}

/// Lets Jitsi's web client read the answer when it runs at the server's own origin.
fn allow_origin(req: &HttpRequest, server: Option<&HookServer>, answer: &mut HttpResponse) {
    let asked = req
        .headers()
        .get(actix_web::http::header::ORIGIN)
        .and_then(|v| v.to_str().ok());
    let allowed = server.and_then(HookServer::web_origin);
    if let (Some(asked), Some(allowed)) = (asked, allowed)
        && asked == allowed
        && let Ok(value) = actix_web::http::header::HeaderValue::from_str(asked)
    {
        answer
            .headers_mut()
            .insert(actix_web::http::header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
    }
    answer.headers_mut().insert(
        actix_web::http::header::VARY,
        actix_web::http::header::HeaderValue::from_static("Origin"),
    );
}

/// The query's parameters, read leniently: Jitsi does not encode `conference` or `url`.
fn query_param(req: &HttpRequest, name: &str) -> Option<String> {
    url::form_urlencoded::parse(req.query_string().as_bytes())
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
        .filter(|value| !value.trim().is_empty())
}
