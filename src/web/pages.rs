//! Public pages.

use actix_web::{HttpResponse, web};

use super::{RequestLocale, Templates};
use crate::error::AppError;

/// The start page.
pub async fn landing(
    templates: web::Data<Templates>,
    locale: RequestLocale,
) -> Result<HttpResponse, AppError> {
    let context = templates.context(locale.0);
    templates.page("landing.html", &context)
}
