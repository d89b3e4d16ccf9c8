//! The start page: a welcome for visitors, the dashboard for signed-in people.

use actix_web::{HttpResponse, web};

use crate::db::Db;
use crate::error::AppError;
use crate::meetings::JoinLinks;
use crate::web::extractors::viewer::SignedIn;
use crate::web::extractors::viewer::Viewer;
use crate::web::pages::meetings;
use crate::web::templates::Templates;

/// The start page.
pub async fn landing(
    viewer: Viewer,
    query: web::Query<meetings::DashboardQuery>,
    db: web::Data<Db>,
    links: web::Data<JoinLinks>,
    templates: web::Data<Templates>,
) -> Result<HttpResponse, AppError> {
    match viewer.user.clone() {
        Some(user) => {
            let signed_in = SignedIn { user, viewer };
            meetings::dashboard(signed_in, query, db, links, templates).await
        }
        None => templates.page("landing.html", &viewer.context(&templates)?),
    }
}
