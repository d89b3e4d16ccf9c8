//! CSRF protection for every form: a synchronizer token in the session, repeated in a hidden field.

use std::future::Future;
use std::pin::Pin;

use actix_session::{Session, SessionExt};
use actix_web::dev::Payload;
use actix_web::web::Bytes;
use actix_web::{FromRequest, HttpRequest};
use serde::de::DeserializeOwned;
use subtle::ConstantTimeEq;

use crate::accounts;
use crate::error::AppError;
use crate::web::session::{self, keys};

/// The hidden field every form carries.
pub const FIELD: &str = "csrf_token";

/// The session's CSRF token, created on first use.
pub fn token(session: &Session) -> Result<String, AppError> {
    if let Some(token) = session::read::<String>(session, keys::CSRF) {
        return Ok(token);
    }
    let token = accounts::random_token("")?;
    session::write(session, keys::CSRF, &token)?;
    Ok(token)
}

/// Whether `sent` is the session's token (for forms that are not URL-encoded: uploads).
pub fn matches(session: &Session, sent: &str) -> bool {
    session::read::<String>(session, keys::CSRF)
        .is_some_and(|expected| bool::from(expected.as_bytes().ct_eq(sent.as_bytes())))
}

/// A new token after signing in, so one planted before sign-in is worthless afterwards.
pub fn rotate(session: &Session) -> Result<(), AppError> {
    session::write(session, keys::CSRF, accounts::random_token("")?)
}

/// A URL-encoded form whose CSRF token matched; anything else is refused with 403 before the
/// form is even read, so a forged request changes nothing.
#[derive(Debug)]
pub struct CsrfForm<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for CsrfForm<T> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let body = Bytes::from_request(req, payload);
        let session = req.get_session();
        Box::pin(async move {
            let body = body.await?;
            let expected = session::read::<String>(&session, keys::CSRF);
            let sent = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&body)
                .ok()
                .and_then(|pairs| {
                    pairs
                        .into_iter()
                        .find_map(|(name, value)| (name == FIELD).then_some(value))
                });
            let matches = match (expected, sent) {
                (Some(expected), Some(sent)) => {
                    bool::from(expected.as_bytes().ct_eq(sent.as_bytes()))
                }
                _ => false,
            };
            if !matches {
                return Err(AppError::CsrfRejected.into());
            }
            let form = serde_urlencoded::from_bytes::<T>(&body).map_err(|e| {
                actix_web::error::ErrorBadRequest(format!("the form does not parse: {e}"))
            })?;
            Ok(CsrfForm(form))
        })
    }
}

/// A form that carries nothing but its CSRF token (a button such as "sign out").
#[derive(Debug, serde::Deserialize)]
pub struct NoFields {}
