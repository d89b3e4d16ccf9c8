//! Small things handlers share: the client's address, redirects, and form errors for templates.

use actix_web::http::header::LOCATION;
use actix_web::{HttpRequest, HttpResponse, web};

use crate::config::Config;
use crate::domain::Locale;
use crate::error::FieldErrors;

/// The client's IP address: the TCP peer, or — only with `TREFFPUNKT_TRUST_PROXY_HEADERS` — the
/// address the reverse proxy reports (a directly exposed server must not trust those headers,
/// or anyone could pick an address and dodge per-address limits).
pub fn client_ip(req: &HttpRequest) -> String {
    let trust_proxy = req
        .app_data::<web::Data<Config>>()
        .is_some_and(|config| config.accounts.trust_proxy_headers);
    if trust_proxy && let Some(address) = req.connection_info().realip_remote_addr() {
        return strip_port(address).to_owned();
    }
    req.peer_addr()
        .map_or_else(|| "unknown".to_owned(), |peer| peer.ip().to_string())
}

fn strip_port(address: &str) -> &str {
    if let Some(rest) = address.strip_prefix('[') {
        return rest.split(']').next().unwrap_or(rest);
    }
    match address.rsplit_once(':') {
        // One colon: host:port. More: a bare IPv6 address.
        Some((host, _port)) if !host.contains(':') => host,
        _ => address,
    }
}

/// `303 See Other` to a path or URL: the browser follows with GET, so a reload never re-posts.
pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((LOCATION, location))
        .finish()
}

/// A "come back here" target that stays on this site: a path, never `//host` or a URL.
pub fn local_path(next: Option<&str>) -> &str {
    match next {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.starts_with("/\\")
                && !path.chars().any(char::is_control) =>
        {
            path
        }
        _ => "/",
    }
}

/// A UTC time as the viewer reads it: `2026-11-28 14:05` in their zone.
pub fn local_time(utc: chrono::NaiveDateTime, time_zone: &str) -> String {
    let zone = crate::domain::TimeZone::parse(time_zone).unwrap_or_default();
    utc.and_utc()
        .with_timezone(&zone.tz())
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// `{field: message}` for a form template.
pub fn form_errors(errors: &FieldErrors, locale: Locale) -> serde_json::Value {
    errors.messages_json(locale)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(local_path(Some("/settings?tab=1")), "/settings?tab=1");
        for evil in [
            "//evil.example",
            "https://evil.example",
            "/\\evil.example",
            "",
            "settings",
        ] {
            assert_eq!(local_path(Some(evil)), "/", "{evil}");
        }
        assert_eq!(local_path(None), "/");
    }

    #[test]
    fn ports_are_stripped_from_forwarded_addresses() {
        assert_eq!(strip_port("203.0.113.7:5555"), "203.0.113.7");
        assert_eq!(strip_port("203.0.113.7"), "203.0.113.7");
        assert_eq!(strip_port("[2001:db8::1]:443"), "2001:db8::1");
        assert_eq!(strip_port("2001:db8::1"), "2001:db8::1");
    }
}
