//! Which language to answer in.

use std::future::{Ready, ready};

use actix_session::SessionExt;
use actix_web::dev::Payload;
use actix_web::http::header::ACCEPT_LANGUAGE;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};

use crate::config::Config;
use crate::domain::Locale;
use crate::web::session::{self, keys};

/// The signed-in user's language, left in the request's extensions by `Viewer` for the
/// extractors and error pages that run after it.
#[derive(Debug, Clone, Copy)]
pub struct UserLocale(pub Locale);

/// The request's language: `?lang=` if given, else the signed-in user's setting, else a language
/// chosen in this browser session, else the browser's `Accept-Language`, else
/// `TREFFPUNKT_DEFAULT_LOCALE`.
#[derive(Debug, Clone, Copy)]
pub struct RequestLocale(pub Locale);

impl RequestLocale {
    /// Reads the language from the request's query, user, session and headers.
    pub fn of(req: &HttpRequest) -> RequestLocale {
        let from_query = || {
            req.query_string()
                .split('&')
                .find_map(|pair| match pair.split_once('=') {
                    Some(("lang", value)) => Locale::from_tag(value),
                    _ => None,
                })
        };
        let from_user = || req.extensions().get::<UserLocale>().map(|locale| locale.0);
        let from_session = || {
            session::read::<String>(&req.get_session(), keys::LOCALE)
                .and_then(|tag| Locale::from_tag(&tag))
        };
        let from_header = || {
            req.headers()
                .get(ACCEPT_LANGUAGE)
                .and_then(|value| value.to_str().ok())
                .and_then(Locale::negotiate)
        };
        let default = || {
            req.app_data::<web::Data<Config>>()
                .map(|config| config.accounts.default_locale)
                .unwrap_or_default()
        };
        RequestLocale(
            from_query()
                .or_else(from_user)
                .or_else(from_session)
                .or_else(from_header)
                .unwrap_or_else(default),
        )
    }
}

impl FromRequest for RequestLocale {
    type Error = actix_web::Error;
    type Future = Ready<Result<RequestLocale, actix_web::Error>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        ready(Ok(RequestLocale::of(req)))
    }
}
