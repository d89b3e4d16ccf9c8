//! One error type for the whole application, with a stable machine `code`.
//!
//! Handlers return `Result<_, AppError>`. Under `/api` the answer is
//! `{"error":{"code":…,"message":…,"fields":{"title":"…"},"field_codes":{"title":"too_long"}}}`;
//! elsewhere the web layer renders the same error as a friendly page (see `web::error_pages`).

use std::borrow::Cow;
use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde_json::json;

use crate::domain::{FieldError, Locale, Schedule, ScheduleError};
use crate::i18n;

mod conflict;

pub use conflict::Conflict;

/// Everything that can go wrong while answering a request or running a command.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Input was refused; every bad field says why (422).
    #[error("invalid input: {0:?}")]
    Validation(FieldErrors),
    /// The thing does not exist, or exists but is not the caller's to see (404).
    #[error("not found")]
    NotFound,
    /// The request contradicts the current state, e.g. a duplicate (409).
    #[error("conflict: {0}")]
    Conflict(Conflict),
    /// Too many attempts; try again after the given number of seconds (429).
    #[error("rate limited for {retry_after} s")]
    RateLimited {
        /// Seconds until the next attempt may succeed.
        retry_after: u64,
    },
    /// The caller must sign in or present a token (401).
    #[error("unauthorized")]
    Unauthorized,
    /// The caller is known but may not do this (403).
    #[error("forbidden")]
    Forbidden,
    /// A form came without the CSRF token of this browser's session (403); nothing was changed.
    #[error("CSRF token missing or wrong")]
    CsrfRejected,
    /// A request body is not JSON at all (400); `detail` says where parsing stopped.
    #[error("malformed JSON: {0}")]
    MalformedJson(String),
    /// A request body is larger than the API accepts (413).
    #[error("request body too large")]
    PayloadTooLarge,
    /// A request body is not `application/json` (415).
    #[error("unsupported media type")]
    UnsupportedMediaType,
    /// A dependency such as the database cannot be reached right now (503).
    #[error("service unavailable: {0:#}")]
    Unavailable(anyhow::Error),
    /// A bug or an unexpected failure; logged with the request id, never shown (500).
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl AppError {
    /// The stable machine-readable code clients may match on.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Validation(_) => "validation",
            AppError::NotFound => "not_found",
            AppError::Conflict(conflict) => conflict.code(),
            AppError::RateLimited { .. } => "rate_limited",
            AppError::Unauthorized => "unauthorized",
            AppError::Forbidden => "forbidden",
            AppError::CsrfRejected => "csrf_rejected",
            AppError::MalformedJson(_) => "malformed_json",
            AppError::PayloadTooLarge => "payload_too_large",
            AppError::UnsupportedMediaType => "unsupported_media_type",
            AppError::Unavailable(_) => "unavailable",
            AppError::Internal(_) => "internal",
        }
    }

    /// A sentence for people, in their language; never contains internal details.
    pub fn message(&self, locale: Locale) -> String {
        match self {
            AppError::RateLimited { retry_after } => i18n::text_with(
                locale,
                "error-rate_limited",
                &[("seconds", retry_after.to_string())],
            ),
            other => i18n::text(locale, &format!("error-{}", other.code())),
        }
    }

    /// The full JSON body for API clients.
    pub fn to_json(&self, locale: Locale) -> serde_json::Value {
        let mut error = json!({ "code": self.code(), "message": self.message(locale) });
        match self {
            AppError::Validation(fields) => {
                error["fields"] = fields.messages_json(locale);
                error["field_codes"] = fields.codes_json();
            }
            AppError::MalformedJson(detail) => error["detail"] = detail.as_str().into(),
            _ => {}
        }
        json!({ "error": error })
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Forbidden | AppError::CsrfRejected => StatusCode::FORBIDDEN,
            AppError::MalformedJson(_) => StatusCode::BAD_REQUEST,
            AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The JSON form in the default language; `web::error_pages` re-renders it per request.
    fn error_response(&self) -> HttpResponse {
        match self {
            AppError::Internal(e) => tracing::error!(error = format!("{e:#}"), "request failed"),
            AppError::Unavailable(e) => {
                tracing::warn!(error = format!("{e:#}"), "dependency unavailable")
            }
            _ => {}
        }
        let mut response = HttpResponse::build(self.status_code());
        match self {
            AppError::RateLimited { retry_after } => {
                response.insert_header(("Retry-After", retry_after.to_string()));
            }
            AppError::Unauthorized => {
                response.insert_header(("WWW-Authenticate", "Bearer realm=\"treffpunkt\""));
            }
            _ => {}
        }
        response.json(self.to_json(Locale::En))
    }
}

/// The one place where a database "no row" becomes 404; every other database error stays an error.
impl From<diesel::result::Error> for AppError {
    fn from(error: diesel::result::Error) -> Self {
        match error {
            diesel::result::Error::NotFound => AppError::NotFound,
            other => AppError::Internal(anyhow::Error::new(other).context("database query failed")),
        }
    }
}

/// No free connection within the pool's timeout: the database is down or overloaded.
impl From<diesel::r2d2::PoolError> for AppError {
    fn from(error: diesel::r2d2::PoolError) -> Self {
        AppError::Unavailable(anyhow::Error::new(error).context("no database connection"))
    }
}

impl From<FieldErrors> for AppError {
    fn from(errors: FieldErrors) -> Self {
        AppError::Validation(errors)
    }
}

/// The refused fields of one form or request body, by field name.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FieldErrors(BTreeMap<Cow<'static, str>, FieldError>);

impl FieldErrors {
    /// No errors yet.
    pub fn new() -> FieldErrors {
        FieldErrors::default()
    }

    /// Records why `field` was refused (the first reason per field wins).
    /// Fields inside lists are named by path, such as `participants.3.email`.
    pub fn add(&mut self, field: impl Into<Cow<'static, str>>, error: FieldError) {
        self.0.entry(field.into()).or_insert(error);
    }

    /// Keeps a parsed value, or records why `field` was refused and returns `None`.
    pub fn check<T>(
        &mut self,
        field: impl Into<Cow<'static, str>>,
        parsed: Result<T, FieldError>,
    ) -> Option<T> {
        parsed.map_err(|error| self.add(field, error)).ok()
    }

    /// Keeps a checked schedule, or records its problem on `start_field` or `end_field` (the
    /// names differ between the form and the API; the mapping is the same).
    pub fn check_schedule(
        &mut self,
        checked: Result<Schedule, ScheduleError>,
        start_field: &'static str,
        end_field: &'static str,
    ) -> Option<Schedule> {
        match checked {
            Ok(schedule) => Some(schedule),
            Err(ScheduleError::Start(error)) => {
                self.add(start_field, error);
                None
            }
            Err(ScheduleError::End(error)) => {
                self.add(end_field, error);
                None
            }
        }
    }

    /// Each refused field with its reason, in field order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &FieldError)> {
        self.0.iter().map(|(field, error)| (field.as_ref(), error))
    }

    /// Whether any field was refused.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `{"field": "message"}`, messages in `locale`.
    pub fn messages_json(&self, locale: Locale) -> serde_json::Value {
        self.0
            .iter()
            .map(|(field, error)| (field.to_string(), field_message(locale, error).into()))
            .collect::<serde_json::Map<_, _>>()
            .into()
    }

    /// `{"field": "code"}`: the stable reasons, for clients that react per field.
    pub fn codes_json(&self) -> serde_json::Value {
        self.0
            .iter()
            .map(|(field, error)| (field.to_string(), error.code.into()))
            .collect::<serde_json::Map<_, _>>()
            .into()
    }
}

/// The human sentence for one refused field.
pub fn field_message(locale: Locale, error: &FieldError) -> String {
    i18n::text_with(locale, &format!("field-{}", error.code), &error.params)
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::body::MessageBody;

    #[test]
    fn a_missing_row_is_not_found_but_other_database_errors_are_not() {
        assert!(matches!(
            AppError::from(diesel::result::Error::NotFound),
            AppError::NotFound
        ));
        let broken = diesel::result::Error::QueryBuilderError("boom".into());
        assert!(matches!(AppError::from(broken), AppError::Internal(_)));
    }

    #[test]
    fn validation_errors_list_every_field_with_a_message() {
        let mut errors = FieldErrors::new();
        errors.add("email", FieldError::new("email_invalid"));
        errors.add("name", FieldError::new("too_long").with("max", 100));
        let body = AppError::from(errors).to_json(Locale::De);
        assert_eq!(body["error"]["code"], "validation");
        assert_eq!(body["error"]["field_codes"]["email"], "email_invalid");
        assert_eq!(
            body["error"]["fields"]["email"],
            "Das ist keine gültige E-Mail-Adresse."
        );
        let message = body["error"]["fields"]["name"].as_str().unwrap();
        assert!(message.contains("100"), "{message}");
    }

    #[test]
    fn internal_details_never_reach_the_client() {
        let error = AppError::Internal(anyhow::anyhow!(
            "password authentication failed for user app"
        ));
        let response = error.error_response();
        assert_eq!(response.status(), 500);
        let body = response.into_body().try_into_bytes().unwrap();
        let text = String::from_utf8_lossy(&body);
        assert!(text.contains("\"internal\""), "{text}");
        assert!(!text.contains("password"), "{text}");
    }

    #[test]
    fn rate_limits_say_when_to_try_again() {
        let response = AppError::RateLimited { retry_after: 30 }.error_response();
        assert_eq!(response.status(), 429);
        assert_eq!(response.headers().get("Retry-After").unwrap(), "30");
    }
}
