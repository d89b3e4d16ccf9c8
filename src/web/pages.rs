//! The start page: a welcome for visitors, the signed-in user's home otherwise.

use actix_web::{HttpResponse, web};

use super::{Templates, Viewer};
use crate::error::AppError;

/// The start page.
pub async fn landing(
    viewer: Viewer,
    templates: web::Data<Templates>,
) -> Result<HttpResponse, AppError> {
    let context = viewer.context(&templates)?;
    let template = if viewer.user.is_some() {
        "home.html"
    } else {
        "landing.html"
    };
    templates.page(template, &context)
}
