//! `ApiJson<T>`: a JSON body whose problems are answered in the API's error shape.
//!
//! Unlike actix's `Json`, a wrong type names the field it is in (`participants.2.email`), a body
//! over the size limit is 413, and a body that is not JSON at all is 400 with where it broke.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::error::PayloadError;
use actix_web::http::header::CONTENT_TYPE;
use actix_web::{FromRequest, HttpRequest, web};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};

use crate::domain::FieldError;
use crate::error::{AppError, FieldErrors};

/// The largest body the API reads; a meeting with 500 invitees fits several times over.
pub const BODY_LIMIT: usize = 256 * 1024;

/// A request body parsed from JSON.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for ApiJson<T> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let is_json = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("application/json"));
        let body = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            if !is_json {
                return Err(AppError::UnsupportedMediaType.into());
            }
            let bytes = body.await.map_err(|e| match e.as_error::<PayloadError>() {
                Some(PayloadError::Overflow) => AppError::PayloadTooLarge,
                _ => AppError::MalformedJson("the body could not be read".to_owned()),
            })?;
            parse(&bytes).map(ApiJson).map_err(Into::into)
        })
    }
}

fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let parsed: Result<T, _> = serde_path_to_error::deserialize(&mut deserializer);
    if parsed.is_ok() {
        // Text after the JSON value is as broken as a missing bracket.
        deserializer
            .end()
            .map_err(|e| AppError::MalformedJson(e.to_string()))?;
    }
    parsed.map_err(|error| {
        // serde_path_to_error writes `items[1].email`, or `.` for the top level.
        let path = match error.path().to_string() {
            root if root == "." => String::new(),
            path => path.replace('[', ".").replace(']', ""),
        };
        let inner = error.into_inner();
        if inner.is_syntax() || inner.is_eof() {
            return AppError::MalformedJson(inner.to_string());
        }
        let message = inner.to_string();
        let mut errors = FieldErrors::new();
        // serde names an unknown field in backticks: "unknown field `colour`, expected …".
        // The path already ends in that field's name.
        let unknown = message.starts_with("unknown field `");
        let field = if path.is_empty() {
            "body".to_owned()
        } else {
            path
        };
        let code = if unknown {
            "unknown_field"
        } else {
            "wrong_type"
        };
        errors.add(field, FieldError::new(code));
        AppError::Validation(errors)
    })
}

/// Distinguishes an absent field (`None`) from an explicit `null` (`Some(None)`).
pub(super) fn present<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Body {
        title: Option<String>,
        items: Option<Vec<Item>>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Item {
        email: Option<String>,
    }

    fn refused_fields(json: &str) -> Vec<(String, &'static str)> {
        match parse::<Body>(json.as_bytes()) {
            Err(AppError::Validation(errors)) => errors
                .iter()
                .map(|(field, error)| (field.to_owned(), error.code))
                .collect(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn unknown_fields_and_wrong_types_are_named() {
        assert_eq!(
            refused_fields(r#"{"title": "x", "colour": "red"}"#),
            [("colour".to_owned(), "unknown_field")]
        );
        assert_eq!(
            refused_fields(r#"{"items": [{"email": "a@b.c"}, {"email": 5}]}"#),
            [("items.1.email".to_owned(), "wrong_type")]
        );
        assert_eq!(
            refused_fields(r#"{"items": [{"mail": "a@b.c"}]}"#),
            [("items.0.mail".to_owned(), "unknown_field")]
        );
    }

    #[test]
    fn broken_json_is_malformed_not_invalid() {
        assert!(matches!(
            parse::<Body>(br#"{"title": "#),
            Err(AppError::MalformedJson(_))
        ));
        assert!(matches!(
            parse::<Body>(br#"{"title": "x"} trailing"#),
            Err(AppError::MalformedJson(_))
        ));
    }
}
