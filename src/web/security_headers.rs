//! Headers every answer carries.

use actix_web::middleware::DefaultHeaders;

/// Our pages load only our own scripts, styles and images, and may not be framed.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/// Security headers for every response; a handler that sets one itself keeps its own.
/// Forms may lead only to us, and to the single sign-on provider's origin when there is one
/// (browsers apply `form-action` to the redirect after a form, e.g. sign-in and sign-out).
pub fn security_headers(https: bool, provider_origin: Option<&str>) -> DefaultHeaders {
    let form_action = match provider_origin {
        Some(origin) => format!("form-action 'self' {origin}"),
        None => "form-action 'self'".to_owned(),
    };
    let headers = DefaultHeaders::new()
        .add((
            "Content-Security-Policy",
            format!("{CONTENT_SECURITY_POLICY}; {form_action}"),
        ))
        .add(("X-Content-Type-Options", "nosniff"))
        // Pages carry personal data and CSRF tokens: no cache may keep them. Assets set their own.
        .add(("Cache-Control", "no-store"))
        .add(("Referrer-Policy", "no-referrer"))
        .add(("X-Frame-Options", "DENY"))
        .add((
            "Permissions-Policy",
            "camera=(), microphone=(), geolocation=()",
        ));
    if https {
        headers.add((
            "Strict-Transport-Security",
            "max-age=31536000; includeSubDomains",
        ))
    } else {
        headers
    }
}
