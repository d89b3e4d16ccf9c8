//! HTTP: routes in one place; handlers stay thin (parse, authorize, call a service, shape the answer).

mod assets;
mod error_pages;
mod health;
mod pages;
mod request_id;
mod request_locale;
mod security_headers;
mod templates;

use actix_web::web;

pub use error_pages::render_errors;
pub use request_id::expose_request_id;
pub use request_locale::RequestLocale;
pub use security_headers::security_headers;
pub use templates::Templates;

use crate::error::AppError;

/// Every route of the application.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(pages::landing))
        .route("/healthz", web::get().to(health::healthz))
        .route("/readyz", web::get().to(health::readyz))
        .route("/assets/{name}", web::get().to(assets::serve));
}

/// The answer for any path no route claims; rendered as JSON or HTML by [`render_errors`].
pub async fn not_found() -> Result<actix_web::HttpResponse, AppError> {
    Err(AppError::NotFound)
}
