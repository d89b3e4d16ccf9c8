//! HTTP: routes in one place; handlers stay thin (parse, authorize, call a service, shape the answer).

mod access_log;
mod admin;
mod admin_outbox;
mod admin_servers;
mod api;
mod assets;
mod calendar_file;
mod client;
mod csrf;
mod error_pages;
mod health;
mod join;
mod language;
mod linkify;
mod meetings;
mod metrics;
mod oidc;
mod pages;
mod request_id;
mod request_locale;
mod security_headers;
mod session;
mod settings;
mod setup;
mod sign_in;
mod templates;
mod viewer;

use actix_web::web;

pub use access_log::AccessLog;
pub use error_pages::render_errors;
pub use join::JoinServices;
pub use metrics::record_requests;
pub use request_id::expose_request_id;
pub use request_locale::RequestLocale;
pub use security_headers::security_headers;
pub use session::{SESSION_COOKIE, identity_middleware, session_middleware};
pub use sign_in::SignInServices;
pub use templates::Templates;
pub use viewer::{SignedIn, Viewer};

use crate::error::AppError;

/// Every route of the application. Every POST takes a `CsrfForm`; nothing changes on GET.
pub fn routes(cfg: &mut web::ServiceConfig) {
    // Routes are tried in order: the busiest (joining, at the start of every meeting) go first.
    cfg.route("/j/{token}", web::get().to(join::page))
        .route("/j/{token}", web::post().to(join::join))
        .route("/", web::get().to(pages::landing))
        .route("/healthz", web::get().to(health::healthz))
        .route("/readyz", web::get().to(health::readyz))
        .route("/metrics", web::get().to(metrics::metrics))
        .route("/assets/{name}", web::get().to(assets::serve))
        .route("/language", web::post().to(language::switch))
        .route("/sign-in", web::get().to(sign_in::page))
        .route("/sign-in", web::post().to(sign_in::submit))
        .route("/sign-in/oidc", web::post().to(oidc::start))
        .route(
            crate::accounts::CALLBACK_PATH,
            web::get().to(oidc::callback),
        )
        .route("/sign-out", web::post().to(sign_in::sign_out))
        .route("/setup/{token}", web::get().to(setup::page))
        .route("/setup/{token}", web::post().to(setup::submit))
        .route("/settings", web::get().to(settings::page))
        .route("/settings/profile", web::post().to(settings::save_profile))
        .route(
            "/settings/password",
            web::post().to(settings::change_password),
        )
        .route("/settings/tokens", web::post().to(settings::create_token))
        .route(
            "/settings/tokens/{id}/revoke",
            web::post().to(settings::revoke_token),
        )
        .route("/admin/users", web::get().to(admin::users))
        .route("/admin/users", web::post().to(admin::create_user))
        .route(
            "/admin/users/{id}/{action}",
            web::post().to(admin::change_user),
        )
        .route("/admin/audit", web::get().to(admin::audit_log))
        .route("/admin/outbox", web::get().to(admin_outbox::page))
        .route(
            "/admin/outbox/{id}/{action}",
            web::post().to(admin_outbox::change),
        )
        .route("/admin/servers", web::get().to(admin_servers::list))
        .route("/admin/servers", web::post().to(admin_servers::add))
        .route(
            "/admin/servers/{id}",
            web::get().to(admin_servers::edit_form),
        )
        .route("/admin/servers/{id}", web::post().to(admin_servers::update))
        .route(
            "/admin/servers/{id}/{action}",
            web::post().to(admin_servers::change),
        )
        .configure(meetings::routes)
        .configure(api::routes);
}

/// The answer for any path no route claims; rendered as JSON or HTML by [`render_errors`].
pub async fn not_found() -> Result<actix_web::HttpResponse, AppError> {
    Err(AppError::NotFound)
}
