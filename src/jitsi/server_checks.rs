//! Checking each field of a server as typed, and what Jitsi and 8x8 will check of them
//! together: the rules behind `ServerInput::parse`.

use jsonwebtoken::EncodingKey;

use super::token_policy::{Features, TokenMode};
use crate::domain::FieldError;
use crate::error::FieldErrors;

/// Reconnects and overrunning meetings keep working this long after the planned end.
pub const DEFAULT_TOKEN_MARGIN_MINUTES: i32 = 60;

/// 8x8 JaaS tenants are named so; their tokens follow JaaS's rules.
const JAAS_TENANT_PREFIX: &str = "vpaas-magic-cookie-";

pub(super) fn parse_line(raw: &str, max: usize) -> Result<String, FieldError> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(FieldError::new("required"));
    }
    if value.chars().count() > max {
        return Err(FieldError::new("too_long").with("max", max));
    }
    if value.chars().any(char::is_control) {
        return Err(FieldError::new("control_characters"));
    }
    Ok(value.to_owned())
}

/// One word without spaces (audience, subject); empty means "the default".
pub(super) fn parse_word(raw: &str) -> Result<Option<String>, FieldError> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(None);
    }
    if value.len() > 200 || value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(FieldError::new("one_word"));
    }
    Ok(Some(value.to_owned()))
}

pub(super) fn parse_base_url(raw: &str) -> Result<String, FieldError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(FieldError::new("required"));
    }
    let invalid = || FieldError::new("server_url_invalid");
    let url = url::Url::parse(raw).map_err(|_| invalid())?;
    if !matches!(url.scheme(), "http" | "https")
        || url.host().is_none()
        || url.query().is_some()
        || url.fragment().is_some()
        || !url.username().is_empty()
        || url.password().is_some()
    {
        return Err(invalid());
    }
    // Jitsi knows one tenant level: `https://host/<tenant>/<room>`.
    let levels = url
        .path_segments()
        .map_or(0, |segments| segments.filter(|s| !s.is_empty()).count());
    if levels > 1 {
        return Err(FieldError::new("server_url_one_tenant"));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

pub(super) fn parse_margin(raw: &str) -> Result<i32, FieldError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(DEFAULT_TOKEN_MARGIN_MINUTES);
    }
    match raw.parse::<i32>() {
        Ok(minutes) if (0..=1440).contains(&minutes) => Ok(minutes),
        _ => Err(FieldError::new("minutes_range")
            .with("min", 0)
            .with("max", 1440)),
    }
}

/// An empty secret field keeps the stored secret when editing, and is missing when adding.
pub(super) fn kept_when_editing(editing: bool) -> Result<Option<String>, FieldError> {
    if editing {
        Ok(None)
    } else {
        Err(FieldError::new("required"))
    }
}

/// A shared secret at least as long as the hash (RFC 7518 §3.2: 32, 48 or 64 bytes for HS256,
/// HS384, HS512), as Prosody's JWT library will insist.
pub(super) fn parse_secret(
    raw: &str,
    editing: bool,
    min_bytes: usize,
) -> Result<Option<String>, FieldError> {
    let secret = raw.trim();
    if secret.is_empty() {
        return kept_when_editing(editing);
    }
    if secret.len() < min_bytes {
        return Err(FieldError::new("secret_too_short").with("min", min_bytes));
    }
    Ok(Some(secret.to_owned()))
}

/// What 8x8 checks for a JaaS tenant (`https://8x8.vc/vpaas-magic-cookie-…`): RS256 tokens whose
/// `kid` starts with the tenant and a slash (the same case), and features granted explicitly.
pub(super) fn check_jaas(
    base_url: &str,
    mode: Option<TokenMode>,
    key_id: &str,
    features: &Features,
    errors: &mut FieldErrors,
) {
    let Some(tenant) = tenant_of(base_url).filter(|t| t.starts_with(JAAS_TENANT_PREFIX)) else {
        return;
    };
    let key_id = key_id.trim();
    match mode {
        // An empty key id is reported as missing by the signing check.
        Some(TokenMode::Rsa)
            if !key_id.is_empty() && !key_id.starts_with(&format!("{tenant}/")) =>
        {
            errors.add(
                "key_id",
                FieldError::new("jaas_kid_tenant").with("tenant", &tenant),
            );
        }
        Some(TokenMode::Rsa) | None => {}
        Some(_) => errors.add("token_mode", FieldError::new("jaas_needs_rsa")),
    }
    if features.is_empty() {
        errors.add("features", FieldError::new("jaas_features_required"));
    }
}

/// The tenant of `https://host/<tenant>`, if there is one.
pub(super) fn tenant_of(base_url: &str) -> Option<String> {
    let url = url::Url::parse(base_url).ok()?;
    let tenant = url.path_segments()?.find(|s| !s.is_empty())?;
    Some(tenant.to_owned())
}

pub(super) fn parse_private_key(raw: &str, editing: bool) -> Result<Option<String>, FieldError> {
    let pem = raw.trim();
    if pem.is_empty() {
        return kept_when_editing(editing);
    }
    EncodingKey::from_rsa_pem(pem.as_bytes())
        .map_err(|_| FieldError::new("private_key_invalid"))?;
    Ok(Some(pem.to_owned()))
}
