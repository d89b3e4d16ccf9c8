//! The span each request runs in, which is also the access-log line: like tracing-actix-web's
//! default, but credentials in URLs (setup links, the OIDC `code` and `state`) never reach it.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::{Error, HttpMessage};
use tracing::Span;
use tracing_actix_web::{DefaultRootSpanBuilder, RequestId, RootSpanBuilder};

/// Query values of the dial-in hooks that must not reach the log: a PIN, a room.
const DIAL_IN_PARAMETERS: [&str; 3] = ["id", "conference", "url"];
/// Query parameters whose values are secrets.
const SECRET_PARAMETERS: &[&str] = &["code", "state", "token", "jwt", "id_token_hint"];
/// Route parameters whose values are secrets.
const SECRET_SEGMENTS: &[&str] = &["{token}"];

/// Builds request spans with the URL's secrets replaced by `…`.
pub struct AccessLog;

impl RootSpanBuilder for AccessLog {
    fn on_request_start(request: &ServiceRequest) -> Span {
        // Patterns carry their segments' classes (`web::route_path`); logs use the names.
        let route = request
            .match_pattern()
            .map(|pattern| crate::web::route_path::plain(&pattern));
        let target = redact(request.path(), request.query_string(), route.as_deref());
        let request_id = request
            .extensions()
            .get::<RequestId>()
            .map(ToString::to_string)
            .unwrap_or_default();
        let user_agent = request
            .headers()
            .get("User-Agent")
            .and_then(|value| value.to_str().ok())
            .unwrap_or("")
            .to_owned();
        tracing::info_span!(
            "HTTP request",
            http.method = %request.method(),
            http.route = %route.as_deref().unwrap_or("default"),
            http.target = %target,
            // Proxy headers only count from TREFFPUNKT_TRUSTED_PROXIES, as everywhere else.
            http.client_ip = %crate::web::client::client_ip(request.request()),
            http.user_agent = %user_agent,
            http.status_code = tracing::field::Empty,
            otel.status_code = tracing::field::Empty,
            request_id = %request_id,
            exception.message = tracing::field::Empty,
            exception.details = tracing::field::Empty,
        )
    }

    fn on_request_end<B: MessageBody>(span: Span, outcome: &Result<ServiceResponse<B>, Error>) {
        DefaultRootSpanBuilder::on_request_end(span, outcome);
    }
}

/// The request target as logged: secret path segments become the route's placeholder, secret
/// query values become `…`.
fn redact(path: &str, query: &str, route: Option<&str>) -> String {
    let path = match route {
        Some(route)
            if SECRET_SEGMENTS
                .iter()
                .any(|segment| route.contains(segment)) =>
        {
            route
        }
        _ => path,
    };
    if query.is_empty() {
        return path.to_owned();
    }
    let query: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, _)) if SECRET_PARAMETERS.contains(&name) => format!("{name}=…"),
            // A PIN, or a room name that opens a room on a server without tokens.
            Some((name, _))
                if path.starts_with("/jitsi/") && DIAL_IN_PARAMETERS.contains(&name) =>
            {
                format!("{name}=…")
            }
            _ => pair.to_owned(),
        })
        .collect();
    format!("{path}?{}", query.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_in_urls_are_not_logged() {
        assert_eq!(
            redact("/setup/s3cr3t", "", Some("/setup/{token}")),
            "/setup/{token}"
        );
        assert_eq!(
            redact(
                "/sign-in/oidc/callback",
                "code=abc&state=def&iss=x",
                Some("/sign-in/oidc/callback")
            ),
            "/sign-in/oidc/callback?code=…&state=…&iss=x"
        );
        assert_eq!(
            redact("/settings", "lang=en", Some("/settings")),
            "/settings?lang=en"
        );
        assert_eq!(
            redact(
                "/jitsi/conference-mapper",
                "conference=room@conference.meet.test&url=https://meet.test/room",
                Some("/jitsi/conference-mapper")
            ),
            "/jitsi/conference-mapper?conference=…&url=…"
        );
        assert_eq!(
            redact("/jitsi/conference-mapper", "id=123456789", None),
            "/jitsi/conference-mapper?id=…"
        );
    }
}
