//! Sessions: an encrypted, signed cookie holding who is signed in, when, and the CSRF token.
//!
//! Cookie-only sessions keep every instance stateless (see DESIGN.md, "Scaling out"); what must
//! end at once — a disabled account — is checked against the database on every request.

use actix_identity::IdentityMiddleware;
use actix_session::config::{BrowserSession, CookieContentSecurity};
use actix_session::storage::CookieSessionStore;
use actix_session::{Session, SessionMiddleware};
use actix_web::cookie::{Key, SameSite};

use crate::config::{AccountsConfig, SecretKey};
use crate::error::AppError;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "treffpunkt_session";

/// Session keys, in one place so two handlers never disagree about a name.
pub mod keys {
    /// The synchronizer CSRF token.
    pub const CSRF: &str = "csrf";
    /// A language chosen before signing in.
    pub const LOCALE: &str = "locale";
    /// The OpenID Connect state, nonce and PKCE verifier while the browser is at the provider.
    pub const OIDC_PENDING: &str = "oidc_pending";
    /// Where to go after signing in with the provider.
    pub const OIDC_NEXT: &str = "oidc_next";
    /// The ID token, to end the provider's session at sign-out.
    pub const OIDC_ID_TOKEN: &str = "oidc_id_token";
    /// When this session signed in (UTC), compared with the account's `sessions_valid_after`.
    pub const SIGNED_IN_AT: &str = "signed_in_at";
    /// A one-time confirmation ("saved") shown on the next page, as a message key.
    pub const NOTICE: &str = "notice";
    /// The secret of this browser's row in `sessions` (signing out deletes the row).
    pub const SESSION_SECRET: &str = "session_secret";
}

/// The cookie session: private (encrypted and signed), `HttpOnly`, `SameSite=Lax`, `Secure` on https,
/// gone when the browser closes.
pub fn session_middleware(
    secret: &SecretKey,
    https: bool,
) -> SessionMiddleware<CookieSessionStore> {
    SessionMiddleware::builder(CookieSessionStore::default(), cookie_key(secret))
        .cookie_name(SESSION_COOKIE.to_owned())
        .cookie_secure(https)
        .cookie_http_only(true)
        .cookie_same_site(SameSite::Lax)
        .cookie_content_security(CookieContentSecurity::Private)
        .session_lifecycle(BrowserSession::default())
        .build()
}

/// Who is signed in, with the idle and absolute timeouts enforced on every request.
pub fn identity_middleware(accounts: &AccountsConfig) -> IdentityMiddleware {
    IdentityMiddleware::builder()
        .visit_deadline(Some(accounts.session_idle))
        .login_deadline(Some(accounts.session_max))
        .build()
}

/// The cookie key, derived (HKDF) from `TREFFPUNKT_SECRET_KEY` so other uses of that key stay independent.
fn cookie_key(secret: &SecretKey) -> Key {
    Key::derive_from(secret.as_bytes())
}

/// A value from the session; a value that does not decode counts as absent.
pub fn read<T: serde::de::DeserializeOwned>(session: &Session, key: &str) -> Option<T> {
    session.get::<T>(key).ok().flatten()
}

/// Stores a value in the session.
pub fn write<T: serde::Serialize>(session: &Session, key: &str, value: T) -> Result<(), AppError> {
    session
        .insert(key, value)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("cannot store {key} in the session: {e}")))
}

/// Leaves a one-time notice (a message key such as `settings-saved`) for the next page.
pub fn set_notice(session: &Session, key: &str) -> Result<(), AppError> {
    write(session, keys::NOTICE, key)
}

/// The one-time notice left by the previous request (a message key), read and cleared at once
/// so it shows exactly once.
pub fn take_notice(session: &Session) -> Option<String> {
    let notice = read::<String>(session, keys::NOTICE);
    session.remove(keys::NOTICE);
    notice
}
