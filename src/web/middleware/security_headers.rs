//! Headers every answer carries.

use actix_web::middleware::DefaultHeaders;

/// Our pages load only our own scripts, styles and images, and may not be framed.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/// The policy with forms allowed to lead to us and to `form_target`, an origin such as the
/// single sign-on provider's or a Jitsi server's (browsers apply `form-action` to the redirect
/// after a form too).
pub fn content_security_policy(form_target: Option<&str>) -> String {
    match form_target {
        Some(origin) => format!("{CONTENT_SECURITY_POLICY}; form-action 'self' {origin}"),
        None => format!("{CONTENT_SECURITY_POLICY}; form-action 'self'"),
    }
}

/// Security headers for every response; a handler that sets one itself keeps its own.
/// Forms may lead only to us, and to the single sign-on provider's origin when there is one
/// (sign-in and sign-out redirect there).
pub fn security_headers(https: bool, provider_origin: Option<&str>) -> DefaultHeaders {
    let headers = DefaultHeaders::new()
        .add((
            "Content-Security-Policy",
            content_security_policy(provider_origin),
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
