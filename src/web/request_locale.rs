//! Which language to answer in.

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::http::header::ACCEPT_LANGUAGE;
use actix_web::{FromRequest, HttpRequest};

use crate::domain::Locale;

/// The request's language: `?lang=` if given, else the browser's `Accept-Language`, else German.
#[derive(Debug, Clone, Copy)]
pub struct RequestLocale(pub Locale);

impl RequestLocale {
    /// Reads the language from a request's query string and headers.
    pub fn of(req: &HttpRequest) -> RequestLocale {
        let from_query =
            req.query_string()
                .split('&')
                .find_map(|pair| match pair.split_once('=') {
                    Some(("lang", value)) => Locale::from_tag(value),
                    _ => None,
                });
        let from_header = || {
            req.headers()
                .get(ACCEPT_LANGUAGE)
                .and_then(|value| value.to_str().ok())
                .and_then(Locale::negotiate)
        };
        RequestLocale(from_query.or_else(from_header).unwrap_or_default())
    }
}

impl FromRequest for RequestLocale {
    type Error = actix_web::Error;
    type Future = Ready<Result<RequestLocale, actix_web::Error>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        ready(Ok(RequestLocale::of(req)))
    }
}
