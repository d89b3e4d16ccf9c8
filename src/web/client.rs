//! Small things handlers share: the client's address, redirects, and form errors for templates.

use actix_web::http::header::LOCATION;
use actix_web::{HttpRequest, HttpResponse, web};

use std::net::IpAddr;

use crate::config::{Config, TrustedProxies};
use crate::domain::Locale;
use crate::error::FieldErrors;

/// The client's IP address. The TCP peer, unless the peer is a trusted proxy
/// (`TREFFPUNKT_TRUSTED_PROXIES`): then `X-Forwarded-For` is read from the right — each proxy
/// appends the address it saw — skipping trusted hops, and the first address no trusted proxy
/// owns is the client. Entries a client wrote itself sit further left and are never reached;
/// an entry that is not an IP address ends the walk. A directly exposed server trusts no
/// header, or anyone could pick an address and dodge per-address limits.
pub fn client_ip(req: &HttpRequest) -> String {
    let Some(peer) = req.peer_addr().map(|peer| peer.ip()) else {
        return "unknown".to_owned();
    };
    let Some(proxies) = req
        .app_data::<web::Data<Config>>()
        .map(|config| &config.trusted_proxies)
        .filter(|proxies| !proxies.is_empty())
    else {
        return peer.to_string();
    };
    forwarded_client(peer, forwarded_for(req), proxies).to_string()
}

/// Whether the request comes straight from this machine: a loopback peer with no forwarding
/// header at all (a proxy on the same host makes every request look local otherwise).
pub fn is_local_request(req: &HttpRequest) -> bool {
    let forwarded = ["forwarded", "x-forwarded-for", "x-real-ip"]
        .iter()
        .any(|name| req.headers().contains_key(*name));
    !forwarded && req.peer_addr().is_some_and(|peer| peer.ip().is_loopback())
}

/// Every `X-Forwarded-For` entry, in order, over all such headers.
fn forwarded_for(req: &HttpRequest) -> Vec<String> {
    req.headers()
        .get_all("x-forwarded-for")
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(|entry| entry.trim().to_owned())
        .collect()
}

fn forwarded_client(peer: IpAddr, hops: Vec<String>, proxies: &TrustedProxies) -> IpAddr {
    let mut client = peer;
    for hop in hops.iter().rev() {
        if !proxies.trusts(client) {
            break;
        }
        match hop.parse::<IpAddr>() {
            Ok(address) => client = address,
            Err(_) => break,
        }
    }
    client
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
    fn the_client_is_the_first_address_no_trusted_proxy_owns() {
        let proxies = TrustedProxies::loopback();
        let hops = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let peer: IpAddr = "127.0.0.1".parse().unwrap();
        // The proxy appended the address it saw; what the client wrote to the left is ignored.
        assert_eq!(
            forwarded_client(peer, hops(&["127.0.0.1", "198.51.100.9"]), &proxies),
            "198.51.100.9".parse::<IpAddr>().unwrap()
        );
        assert_eq!(
            forwarded_client(peer, hops(&["203.0.113.5", "127.0.0.2"]), &proxies),
            "203.0.113.5".parse::<IpAddr>().unwrap()
        );
        // Not an address: the walk stops at the last trusted hop.
        assert_eq!(
            forwarded_client(peer, hops(&["198.51.100.9", "unknown"]), &proxies),
            peer
        );
        // An untrusted peer is the client, whatever it claims.
        let stranger: IpAddr = "198.51.100.1".parse().unwrap();
        assert_eq!(
            forwarded_client(stranger, hops(&["127.0.0.1"]), &proxies),
            stranger
        );
    }
}
