//! The language switch in every page's header.

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::accounts;
use crate::db::Db;
use crate::domain::Locale;
use crate::error::AppError;
use crate::web::client::{local_path, see_other};
use crate::web::extractors::csrf::CsrfForm;
use crate::web::extractors::viewer::Viewer;
use crate::web::session::{self, keys};

#[derive(Debug, Deserialize)]
pub struct LanguageForm {
    lang: String,
    next: Option<String>,
}

/// Remembers the language: in the account for a signed-in user, else in the browser session.
pub async fn switch(
    viewer: Viewer,
    CsrfForm(form): CsrfForm<LanguageForm>,
    db: web::Data<Db>,
) -> Result<HttpResponse, AppError> {
    let locale = Locale::from_tag(&form.lang).ok_or(AppError::NotFound)?;
    match viewer.user {
        Some(user) => {
            db.run(move |conn| accounts::set_locale(conn, &user.id, locale))
                .await?;
        }
        None => session::write(&viewer.session, keys::LOCALE, locale.tag())?,
    }
    // Drop a `lang=` from the page we came from, or it would override the new choice.
    let next = local_path(form.next.as_deref());
    let next = match next.split_once('?') {
        Some((path, query)) => {
            let kept: Vec<&str> = query
                .split('&')
                .filter(|pair| !pair.starts_with("lang="))
                .collect();
            if kept.is_empty() {
                path.to_owned()
            } else {
                format!("{path}?{}", kept.join("&"))
            }
        }
        None => next.to_owned(),
    };
    Ok(see_other(&next))
}
