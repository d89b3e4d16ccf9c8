//! A server's hook settings: stored from the admin page and the command line, read by the
//! hooks. The bearer tokens Prosody sends are kept only as keyed digests.

use super::model::{HookServer, ServerHooks};
use super::queries::{self, ServerBy};
use super::settings::{HookSettings, ReservationPolicy, TokenChange};
use crate::audit::{self, Actor, AuditAction, AuditEvent};
use crate::config::SecretKey;
use crate::db::{self, AnyConnection};
use crate::digest::TokenKey;
use crate::error::AppError;
use diesel::Connection;

const KEY_PURPOSE: &[u8] = b"treffpunkt/jitsi-hook-tokens/v1";

/// Turns a bearer token into the digest it is stored and looked up as: an HMAC under a key
/// derived from the server key, so a copy of the database alone cannot test guesses.
#[derive(Clone, Debug)]
pub struct HookTokens {
    key: TokenKey,
}

impl HookTokens {
    /// The digests under `secret`.
    pub fn new(secret: &SecretKey) -> HookTokens {
        HookTokens {
            key: TokenKey::derive(secret.as_bytes(), KEY_PURPOSE),
        }
    }

    /// The stored form of `token`.
    pub fn digest(&self, token: &str) -> String {
        self.key.token(token)
    }

    /// The token of an `Authorization: Bearer <token>` header value, as stored; `None` for any
    /// other header.
    pub fn of_header(&self, header: Option<&str>) -> Option<String> {
        let token = header?.strip_prefix("Bearer ")?.trim();
        (!token.is_empty()).then(|| self.digest(token))
    }
}

/// What the admin page shows of a server's hooks: settings, and whether each token is set
/// (never the token).
#[derive(Debug, Clone, serde::Serialize)]
pub struct HookView {
    pub muc_domain: String,
    /// Pretty JSON, as typed back into the form.
    pub dial_in_numbers: String,
    pub events_token_set: bool,
    pub reservations: &'static str,
    pub reservations_token_set: bool,
    pub reservations_lobby: bool,
    /// Pretty JSON, as typed back into the form.
    pub room_presets: String,
}

impl HookView {
    /// The view of stored settings, or of none.
    pub fn of(hooks: Option<&ServerHooks>) -> HookView {
        let numbers = hooks.map(ServerHooks::numbers).unwrap_or_default();
        HookView {
            muc_domain: hooks.and_then(|h| h.muc_domain.clone()).unwrap_or_default(),
            dial_in_numbers: if numbers.is_empty() {
                String::new()
            } else {
                serde_json::to_string_pretty(&numbers).unwrap_or_default()
            },
            events_token_set: hooks.is_some_and(|h| h.events_token_digest.is_some()),
            reservations: hooks
                .map_or(ReservationPolicy::Off, ServerHooks::policy)
                .as_str(),
            reservations_token_set: hooks.is_some_and(|h| h.reservations_token_digest.is_some()),
            reservations_lobby: hooks.is_some_and(|h| h.reservations_lobby),
            room_presets: hooks
                .map(|h| {
                    serde_json::from_str::<Vec<super::presets::RoomPreset>>(&h.room_presets)
                        .unwrap_or_default()
                })
                .filter(|presets| !presets.is_empty())
                .map(|presets| serde_json::to_string_pretty(&presets).unwrap_or_default())
                .unwrap_or_default(),
        }
    }
}

/// A server's hook settings as stored, if any.
pub fn server_hooks(
    conn: &mut AnyConnection,
    server_id: &str,
) -> Result<Option<ServerHooks>, AppError> {
    Ok(queries::hooks_of(conn, server_id)?)
}

/// Stores a server's hook settings (the server must exist: the caller found it) and records
/// the change in the audit log.
pub fn save_server_hooks(
    conn: &mut AnyConnection,
    tokens: &HookTokens,
    server_id: &str,
    server_name: &str,
    settings: HookSettings,
    actor: Option<Actor<'_>>,
) -> Result<ServerHooks, AppError> {
    conn.transaction(|conn| {
        let stored = queries::hooks_of(conn, server_id)?;
        let keep = |change: &TokenChange, old: Option<String>| match change {
            TokenChange::Keep => old,
            TokenChange::Set(token) => Some(tokens.digest(token)),
            TokenChange::Clear => None,
        };
        let hooks = ServerHooks {
            server_id: server_id.to_owned(),
            muc_domain: settings.muc_domain,
            dial_in_numbers: serde_json::to_string(&settings.dial_in_numbers)
                .map_err(|e| AppError::Internal(e.into()))?,
            events_token_digest: keep(
                &settings.events_token,
                stored.as_ref().and_then(|s| s.events_token_digest.clone()),
            ),
            reservations: settings.reservations.as_str().to_owned(),
            reservations_token_digest: keep(
                &settings.reservations_token,
                stored.and_then(|s| s.reservations_token_digest),
            ),
            reservations_lobby: settings.reservations_lobby,
            room_presets: serde_json::to_string(&settings.room_presets)
                .map_err(|e| AppError::Internal(e.into()))?,
            updated_at: db::now(),
        };
        queries::save_hooks(conn, &hooks).map_err(taken_as_field)?;
        let detail = format!("{server_name}: Jitsi hooks");
        audit::record(
            conn,
            AuditEvent::new(AuditAction::ServerChanged)
                .detail(&detail)
                .by_actor(actor),
        )?;
        Ok(hooks)
    })
}

/// A MUC domain or token another server already has is the administrator's mistake, named.
fn taken_as_field(error: diesel::result::Error) -> AppError {
    use diesel::result::{DatabaseErrorKind, Error};
    match &error {
        Error::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => {
            let field = if info.message().contains("muc_domain")
                || info
                    .constraint_name()
                    .is_some_and(|c| c.contains("muc_domain"))
            {
                "muc_domain"
            } else {
                "events_token"
            };
            let mut errors = crate::error::FieldErrors::new();
            errors.add(field, crate::domain::FieldError::new("hook_setting_taken"));
            errors.into()
        }
        _ => error.into(),
    }
}

/// Finds the server a hook request belongs to by its bearer token.
pub(super) fn server_for_events(
    conn: &mut AnyConnection,
    digest: &str,
) -> Result<Option<HookServer>, AppError> {
    Ok(queries::hook_server(conn, ServerBy::EventsToken(digest))?)
}
