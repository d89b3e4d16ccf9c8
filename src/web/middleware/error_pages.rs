//! Turns every error answer into our one shape: JSON under `/api`, a friendly page elsewhere,
//! both in the request's language.

use actix_web::HttpMessage;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::{CONTENT_LENGTH, CONTENT_TYPE, HeaderValue, LOCATION};
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::json;
use tracing_actix_web::RequestId;

use crate::domain::Locale;
use crate::error::AppError;
use crate::i18n;
use crate::web::extractors::request_locale::RequestLocale;
use crate::web::templates::Templates;

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
    // A page that needs a signed-in user sends the browser to sign in, and back afterwards.
    if !is_api(&request) && matches!(error.as_error::<AppError>(), Some(AppError::Unauthorized)) {
        let next = request
            .uri()
            .path_and_query()
            .map_or("/", |path| path.as_str());
        let location = if request.method() == actix_web::http::Method::GET {
            format!(
                "/sign-in?next={}",
                url::form_urlencoded::byte_serialize(next.as_bytes()).collect::<String>()
            )
        } else {
            "/sign-in".to_owned()
        };
        let (req, _) = res.into_parts();
        return Ok(ServiceResponse::new(
            req,
            HttpResponse::SeeOther()
                .insert_header((LOCATION, location))
                .finish(),
        ));
    }
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
            let key = match status {
                StatusCode::NOT_FOUND => "error-not_found",
                s if s.is_client_error() => "error-validation",
                _ => "error-internal",
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
    // The Jitsi hooks answer machines too.
    req.path() == "/api" || req.path().starts_with("/api/") || req.path().starts_with("/jitsi/")
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
    let title_key = if status == StatusCode::NOT_FOUND {
        "error-title-not_found"
    } else {
        "error-page-title"
    };
    context.insert("title_key", title_key);
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

#[cfg(test)]
mod tests {
    use actix_web::middleware::from_fn;
    use actix_web::test::{TestRequest, call_service, init_service, read_body};
    use actix_web::{App, HttpResponse, web};
    use tracing_actix_web::TracingLogger;

    use super::*;

    async fn broken() -> Result<HttpResponse, AppError> {
        Err(AppError::Internal(anyhow::anyhow!(
            "password authentication failed for user app"
        )))
    }

    async fn refused() -> Result<HttpResponse, AppError> {
        let mut fields = crate::error::FieldErrors::new();
        fields.add(
            "title",
            crate::domain::FieldError::new("too_long").with("max", 200),
        );
        Err(fields.into())
    }

    macro_rules! app {
        () => {
            init_service(
                App::new()
                    .wrap(from_fn(render_errors))
                    .wrap(TracingLogger::default())
                    .app_data(web::Data::new(Templates::load().unwrap()))
                    .route("/broken", web::get().to(broken))
                    .route("/api/v1/broken", web::get().to(broken))
                    .route("/api/v1/refused", web::get().to(refused)),
            )
            .await
        };
    }

    fn get(path: &str, language: &str) -> TestRequest {
        TestRequest::get()
            .uri(path)
            .insert_header(("Accept-Language", language))
    }

    #[actix_web::test]
    async fn a_server_error_page_gives_the_request_id_and_hides_the_cause() {
        let app = app!();
        let response = call_service(&app, get("/broken", "en").to_request()).await;
        assert_eq!(response.status(), 500);
        assert_eq!(
            response.headers().get(CONTENT_TYPE).unwrap(),
            "text/html; charset=utf-8"
        );
        let html = String::from_utf8(read_body(response).await.to_vec()).unwrap();
        assert!(html.contains("Request ID"), "{html}");
        assert!(html.contains("An unexpected error occurred"), "{html}");
        assert!(!html.contains("password"), "{html}");
    }

    #[actix_web::test]
    async fn an_api_server_error_is_json_and_hides_the_cause() {
        let app = app!();
        let response = call_service(&app, get("/api/v1/broken", "de").to_request()).await;
        assert_eq!(response.status(), 500);
        let body: serde_json::Value = serde_json::from_slice(&read_body(response).await).unwrap();
        assert_eq!(body["error"]["code"], "internal");
        assert!(!body.to_string().contains("password"), "{body}");
    }

    #[actix_web::test]
    async fn an_api_validation_error_names_each_field_in_the_clients_language() {
        let app = app!();
        let response = call_service(&app, get("/api/v1/refused", "en").to_request()).await;
        assert_eq!(response.status(), 422);
        let body: serde_json::Value = serde_json::from_slice(&read_body(response).await).unwrap();
        assert_eq!(body["error"]["code"], "validation");
        assert_eq!(
            body["error"]["fields"]["title"],
            "Please use at most 200 characters."
        );
        assert_eq!(body["error"]["field_codes"]["title"], "too_long");
    }
}
