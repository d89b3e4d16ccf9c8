//! Methods: one HTTP does not define is refused first, before anything records it (a method is
//! free text on the wire, and as a metrics label or log field it would let anyone grow memory
//! and logs at will); `HEAD` is answered like `GET`.

use actix_web::HttpResponse;
use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;

/// How much of a refused method the warning shows.
const LOGGED_METHOD_CHARS: usize = 16;

/// Whether `method` is one of the methods of RFC 9110 (and PATCH).
pub fn is_standard(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET
            | Method::HEAD
            | Method::POST
            | Method::PUT
            | Method::PATCH
            | Method::DELETE
            | Method::OPTIONS
            | Method::TRACE
            | Method::CONNECT
    )
}

/// Answers 501 Not Implemented to any other method, logging a short, printable form of it.
pub async fn refuse_unknown_methods(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody, BoxBody>>, actix_web::Error> {
    if is_standard(req.method()) {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_left_body);
    }
    let method = req.method().as_str();
    tracing::warn!(
        method = %sanitised(method),
        length = method.len(),
        "refused a request with a method HTTP does not define"
    );
    let response = HttpResponse::new(StatusCode::NOT_IMPLEMENTED);
    Ok(req.into_response(response).map_into_right_body())
}

/// Answers `HEAD` like `GET` on every `GET` route (probes and link checkers ask with `HEAD`):
/// the route sees `GET`; actix-web's HTTP/1 codec, which noted the `HEAD` on the wire, sends the
/// answer's headers (with the length the body would have) and leaves the body out. Like `GET`,
/// `HEAD` never changes state. Innermost, so logs and metrics still say `HEAD`.
pub async fn answer_head_as_get(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if req.method() == Method::HEAD {
        req.head_mut().method = Method::GET;
    }
    next.call(req).await
}

/// At most [`LOGGED_METHOD_CHARS`] characters, anything but letters, digits, `-` and `_` as `?`.
fn sanitised(method: &str) -> String {
    let mut shown: String = method
        .chars()
        .take(LOGGED_METHOD_CHARS)
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '?'
            }
        })
        .collect();
    if method.chars().count() > LOGGED_METHOD_CHARS {
        shown.push('…');
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_method_is_logged_short_and_printable() {
        assert_eq!(sanitised("PROPFIND"), "PROPFIND");
        assert_eq!(sanitised("A\u{1b}[31mB"), "A??31mB");
        assert_eq!(sanitised(&"X".repeat(16_000)).chars().count(), 17);
    }

    #[test]
    fn only_the_methods_of_http_pass() {
        assert!(is_standard(&Method::GET));
        assert!(is_standard(&Method::PATCH));
        assert!(!is_standard(&Method::from_bytes(b"PROPFIND").unwrap()));
    }
}
