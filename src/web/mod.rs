//! HTTP: routes in one place; handlers stay thin (parse, authorize, call a service, shape the answer).

mod api;
pub mod brandings;
mod client;
mod csv_rows;
mod extractors;
pub mod jitsi_hooks;
mod linkify;
mod middleware;
mod pages;
pub(crate) mod route_path;
mod session;
mod templates;

use actix_web::web;

pub use extractors::request_locale::RequestLocale;
pub use extractors::viewer::{SignedIn, Viewer};
pub use middleware::access_log::AccessLog;
pub use middleware::error_pages::render_errors;
pub use middleware::methods::{answer_head_as_get, refuse_unknown_methods};
pub use middleware::metrics::record_requests;
pub use middleware::request_id::expose_request_id;
pub use middleware::security_headers::security_headers;
pub use pages::polls::PollGuests;
pub use pages::sign_in::SignInServices;
pub use session::{SESSION_COOKIE, identity_middleware, session_middleware};
pub use templates::Templates;

use pages::{
    admin_organisations, admin_outbox, admin_server_hooks, admin_servers, admin_users, assets,
    branding, calendar_feed, health, join, landing, language, meetings, metrics, oidc, polls,
    privacy, reply, settings, setup, sign_in,
};

use crate::error::AppError;
use route_path::ascii;

/// Every route of the application. Every POST takes a `CsrfForm`; nothing changes on GET.
pub fn routes(cfg: &mut web::ServiceConfig) {
    // Routes are tried in order: the busiest (joining, at the start of every meeting) go first.
    cfg.service(
        web::resource(ascii("/j/{token}"))
            .route(web::get().to(join::page))
            .route(web::post().to(join::join)),
    )
    .service(
        web::resource(ascii("/j/{token}/reply"))
            .route(web::get().to(reply::page))
            .route(web::post().to(reply::record)),
    )
    .route(&ascii("/j/{token}/wait"), web::get().to(join::wait))
    .route(
        &ascii("/j/{token}/wait/state"),
        web::get().to(join::wait_state),
    )
    .route("/", web::get().to(landing::landing))
    .route("/healthz", web::get().to(health::healthz))
    .route("/readyz", web::get().to(health::readyz))
    .route("/metrics", web::get().to(metrics::metrics))
    .route(&ascii("/assets/{name}"), web::get().to(assets::serve))
    .route("/language", web::post().to(language::switch))
    .route("/sign-in", web::get().to(sign_in::page))
    .route("/sign-in", web::post().to(sign_in::submit))
    .route("/sign-in/oidc", web::post().to(oidc::start))
    .route(
        crate::accounts::CALLBACK_PATH,
        web::get().to(oidc::callback),
    )
    .route("/sign-out", web::post().to(sign_in::sign_out))
    .service(
        web::resource(ascii("/setup/{token}"))
            .route(web::get().to(setup::page))
            .route(web::post().to(setup::submit)),
    )
    .route("/settings", web::get().to(settings::page))
    .route(
        "/settings/calendar",
        web::get().to(calendar_feed::settings_page),
    )
    .route(
        "/settings/calendar/rotate",
        web::post().to(calendar_feed::rotate),
    )
    .route(
        &ascii("/calendar/{file}"),
        web::get().to(calendar_feed::feed),
    )
    .route("/settings/profile", web::post().to(settings::save_profile))
    .route("/settings/digest", web::post().to(settings::save_digest))
    .route("/settings/export", web::post().to(privacy::own_export))
    .route("/admin/privacy", web::get().to(privacy::page))
    .route(
        "/admin/privacy/export",
        web::post().to(privacy::admin_export),
    )
    .route("/admin/privacy/erase", web::post().to(privacy::admin_erase))
    .route(
        "/settings/password",
        web::post().to(settings::change_password),
    )
    .route("/settings/tokens", web::post().to(settings::create_token))
    .route(
        "/settings/sessions/end",
        web::post().to(settings::sign_out_everywhere),
    )
    .route(
        &ascii("/settings/tokens/{id}/revoke"),
        web::post().to(settings::revoke_token),
    )
    .route("/admin/users", web::get().to(admin_users::users))
    .route("/admin/users", web::post().to(admin_users::create_user))
    .route("/admin/users/move", web::post().to(admin_users::move_user))
    .route(
        &ascii("/admin/users/{id}/{action}"),
        web::post().to(admin_users::change_user),
    )
    .route("/admin/audit", web::get().to(admin_users::audit_log))
    .route("/admin/outbox", web::get().to(admin_outbox::page))
    .route(
        &ascii("/admin/outbox/{id}/{action}"),
        web::post().to(admin_outbox::change),
    )
    .service(
        web::resource("/admin/organisations")
            .route(web::get().to(admin_organisations::list))
            .route(web::post().to(admin_organisations::add)),
    )
    .service(
        web::resource("/admin/organisations/edit")
            .route(web::get().to(admin_organisations::edit_form))
            .route(web::post().to(admin_organisations::update)),
    )
    // Static paths with the organisation in the query: a dynamic route costs a regex per
    // worker, and idle memory is tight.
    .service(
        web::resource("/admin/branding")
            .route(web::get().to(branding::form))
            .route(web::post().to(branding::save)),
    )
    .route(
        "/admin/branding/logo",
        web::post().to(branding::upload_logo),
    )
    .route(
        "/admin/branding/logo/remove",
        web::post().to(branding::remove_logo),
    )
    .route("/branding/logo", web::get().to(branding::logo))
    .route("/branding/accent.css", web::get().to(branding::accent))
    .route("/admin/servers", web::get().to(admin_servers::list))
    .route("/admin/servers", web::post().to(admin_servers::add))
    .service(
        web::resource(ascii("/admin/servers/{id}"))
            .route(web::get().to(admin_servers::edit_form))
            .route(web::post().to(admin_servers::update)),
    )
    // Before `{action}`, which would take "hooks" for one.
    .service(
        web::resource(ascii("/admin/servers/{id}/hooks"))
            .route(web::get().to(admin_server_hooks::page))
            .route(web::post().to(admin_server_hooks::save)),
    )
    .route(
        &ascii("/admin/servers/{id}/{action}"),
        web::post().to(admin_servers::change),
    )
    .configure(meetings::routes)
    .configure(polls::routes)
    .configure(api::routes)
    .configure(jitsi_hooks::routes);
}

/// The answer for any path no route claims; rendered as JSON or HTML by [`render_errors`].
pub async fn not_found() -> Result<actix_web::HttpResponse, AppError> {
    Err(AppError::NotFound)
}
