//! The JSON API under `/api/v1`, authenticated with personal API tokens (`Authorization: Bearer …`).
//! Cookies are ignored here, so the API needs no CSRF protection.

mod attendance;
mod calendar_feed;
mod json;
mod list_query;
mod meeting_input;
mod meeting_views;
mod meetings;
mod occurrences;
mod openapi;
mod participant_input;
mod poll_input;
mod poll_views;
mod polls;
mod recurrence_input;
mod responses;
mod room_settings_input;

use actix_web::{HttpResponse, web};
use serde_json::json;

use crate::db::Db;
use crate::error::AppError;
use crate::organisations;

use crate::web::extractors::api_user::ApiUser;
use crate::web::route_path::ascii;

/// The API's routes, its OpenAPI document and the interactive documentation page.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/api/v1/me", web::get().to(me))
        .route(
            "/api/v1/me/calendar-feed",
            web::get().to(calendar_feed::show),
        )
        .route(
            "/api/v1/me/calendar-feed/rotate",
            web::post().to(calendar_feed::rotate),
        )
        .route("/api/v1/polls", web::post().to(polls::create))
        .route("/api/v1/polls", web::get().to(polls::list))
        .route(&ascii("/api/v1/polls/{id}"), web::get().to(polls::show))
        .route(
            &ascii("/api/v1/polls/{id}/close"),
            web::post().to(polls::close),
        )
        .route(
            &ascii("/api/v1/meetings/{id}/attendance"),
            web::get().to(attendance::show),
        )
        .route("/api/v1/meetings", web::post().to(meetings::create))
        .route("/api/v1/meetings", web::get().to(meetings::list))
        .route(
            &ascii("/api/v1/meetings/{id}"),
            web::get().to(meetings::show),
        )
        .route(
            &ascii("/api/v1/meetings/{id}/invite.ics"),
            web::get().to(meetings::calendar_file),
        )
        .service(
            web::resource(ascii("/api/v1/meetings/{id}"))
                .route(web::patch().to(meetings::update))
                .route(web::delete().to(meetings::cancel)),
        )
        .service(
            web::resource(ascii("/api/v1/meetings/{id}/occurrences/{recurrence_id}"))
                .route(web::patch().to(occurrences::update))
                .route(web::delete().to(occurrences::cancel)),
        )
        .route(
            &ascii("/api/v1/meetings/{id}/response"),
            web::post().to(responses::respond),
        )
        .route(
            &ascii("/api/v1/meetings/{id}/participants"),
            web::post().to(meetings::add_participants),
        )
        .service(
            web::resource(ascii("/api/v1/meetings/{id}/participants/{participant_id}"))
                .route(web::patch().to(meetings::update_participant))
                .route(web::delete().to(meetings::remove_participant)),
        )
        .route(
            &ascii("/api/v1/meetings/{id}/participants/{participant_id}/invitation"),
            web::post().to(meetings::resend_invitation),
        )
        .route(
            &ascii("/api/v1/meetings/{id}/participants/{participant_id}/link"),
            web::post().to(meetings::regenerate_link),
        )
        .app_data(web::PayloadConfig::new(json::BODY_LIMIT))
        .route(
            "/api/docs",
            web::get().to(|| async { crate::web::client::see_other("/api/docs/") }),
        )
        .route("/api/v1/openapi.json", web::get().to(openapi_json))
        // The page fetches the document from its route; it is not built for every HTTP worker at
        // start (idle memory, BENCHMARKS.md).
        .service(
            utoipa_swagger_ui::SwaggerUi::new("/api/docs/{_:[!-~]*}")
                .config(utoipa_swagger_ui::Config::from("/api/v1/openapi.json")),
        );
}

/// `GET /api/v1/openapi.json`: the document, made on first use and kept.
async fn openapi_json() -> HttpResponse {
    static DOCUMENT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let document = DOCUMENT.get_or_init(|| {
        use utoipa::OpenApi;
        openapi::ApiDoc::openapi()
            .to_json()
            .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    });
    HttpResponse::Ok()
        .content_type("application/json")
        .body(document.as_str())
}

/// `GET /api/v1/me`: the account the token belongs to, and its organisation.
pub async fn me(ApiUser(user): ApiUser, db: web::Data<Db>) -> Result<HttpResponse, AppError> {
    let organisation_id = user.organisation_id.clone();
    let organisation = db
        .run(move |conn| organisations::find_organisation(conn, &organisation_id))
        .await?;
    Ok(HttpResponse::Ok().json(json!({
        "id": user.id,
        "email": user.email,
        "display_name": user.display_name,
        "is_admin": user.is_admin,
        "organisation_admin": user.organisation_admin,
        "language": user.locale,
        "time_zone": user.time_zone,
        "organisation": {
            "id": organisation.id,
            "slug": organisation.slug,
            "name": organisation.name,
        },
    })))
}
