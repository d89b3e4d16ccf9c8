//! Turns every error answer into our one shape: JSON under `/api`, a friendly page elsewhere,
//! both in the request's language.

use actix_web::HttpMessage;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::{CONTENT_LENGTH, CONTENT_TYPE, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{HttpRequest, web};
use serde_json::json;
use tracing_actix_web::RequestId;

use super::{RequestLocale, Templates};
use crate::domain::Locale;
use crate::error::AppError;
use crate::i18n;

/// Re-renders answers that carry an error; answers a handler shaped itself pass untouched.
pub async fn render_errors(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let res = next.call(req).await?;
    let Some(error) = res.response().error() else {
        return Ok(res.map_into_boxed_body());
    };
    let status = res.status();
    let request = res.request().clone();
    let locale = RequestLocale::of(&request).0;
    let (content_type, body) = match error.as_error::<AppError>() {
        Some(app_error) if is_api(&request) => {
            ("application/json", app_error.to_json(locale).to_string())
        }
        Some(app_error) => (
            "text/html; charset=utf-8",
            html_page(&request, locale, status, &app_error.message(locale)),
        ),
        // Errors raised by actix itself (a malformed body, an unknown method) get the same shape.
        None if is_api(&request) => {
            let message = if status.is_client_error() {
                error.to_string()
            } else {
                i18n::text(locale, "error-internal")
            };
            let body = json!({ "error": { "code": code_for(status), "message": message } });
            ("application/json", body.to_string())
        }
        None => {
            let key = if status.is_client_error() {
                "error-validation"
            } else {
                "error-internal"
            };
            let key = if status == StatusCode::NOT_FOUND {
                "error-not_found"
            } else {
                key
            };
            (
                "text/html; charset=utf-8",
                html_page(&request, locale, status, &i18n::text(locale, key)),
            )
        }
    };
    Ok(res.map_body(|head, _old| {
        head.headers
            .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        head.headers.remove(CONTENT_LENGTH);
        BoxBody::new(body)
    }))
}

fn is_api(req: &HttpRequest) -> bool {
    req.path() == "/api" || req.path().starts_with("/api/")
}

fn code_for(status: StatusCode) -> &'static str {
    match status {
        StatusCode::BAD_REQUEST => "bad_request",
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
        s if s.is_client_error() => "bad_request",
        _ => "internal",
    }
}

/// The error page; if even that fails to render, a plain sentence still reaches the person.
fn html_page(req: &HttpRequest, locale: Locale, status: StatusCode, message: &str) -> String {
    let Some(templates) = req.app_data::<web::Data<Templates>>() else {
        return message.to_owned();
    };
    let mut context = templates.context(locale);
    context.insert("status", &status.as_u16());
    context.insert("message", message);
    if status.is_server_error()
        && let Some(id) = req.extensions().get::<RequestId>()
    {
        context.insert("request_id", &id.to_string());
    }
    templates
        .render("error.html", &context)
        .unwrap_or_else(|e| {
            tracing::error!(
                error = format!("{e:#}"),
                "the error page itself failed to render"
            );
            message.to_owned()
        })
}
