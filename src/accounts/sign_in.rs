//! Signing in with e-mail and password, with limits on failed attempts.

use std::sync::LazyLock;

use super::hashing;
use super::model::User;
use super::password::{hash_password, verify_password};
use super::queries;
use crate::audit::{self, AuditAction, AuditEvent};
use crate::config::AttemptLimits;
use crate::db::{AnyConnection, Db};
use crate::domain::{Email, Password};
use crate::error::AppError;
use crate::throttle::{Throttle, address_key};

/// Why a sign-in did not succeed. People see one sentence for every refusal, so the page
/// never tells whether an account exists.
#[derive(Debug)]
pub enum SignInRefused {
    /// Unknown address, wrong password, no local password, or a disabled account.
    Credentials,
    /// Too many failures; try again in this many seconds.
    TooManyAttempts(u64),
    /// Something broke; not the person's fault.
    Failed(AppError),
}

impl From<AppError> for SignInRefused {
    fn from(error: AppError) -> Self {
        SignInRefused::Failed(error)
    }
}

impl From<diesel::result::Error> for SignInRefused {
    fn from(error: diesel::result::Error) -> Self {
        SignInRefused::Failed(error.into())
    }
}

/// Failed attempts per account and per client address.
#[derive(Debug)]
pub struct SignInGuard {
    per_account: Throttle,
    per_ip: Throttle,
}

impl SignInGuard {
    /// Limits as configured.
    pub fn new(limits: AttemptLimits) -> SignInGuard {
        SignInGuard {
            per_account: Throttle::new(limits.per_account, limits.window),
            per_ip: Throttle::new(limits.per_ip, limits.window),
        }
    }

    /// Counts an attempt against the address (IPv6 by its /64) and the account *before* the
    /// password is checked, so parallel attempts cannot all pass while the first is hashing;
    /// `Err(seconds)` when either has used up its attempts (nothing is counted then).
    pub fn begin(&self, ip: &str, account: Option<&str>) -> Result<(), u64> {
        let address = address_key(ip);
        self.per_ip.take(&address)?;
        if let Some(account) = account
            && let Err(wait) = self.per_account.take(account)
        {
            self.per_ip.give_back(&address);
            return Err(wait);
        }
        Ok(())
    }

    /// The attempt begun succeeded: it no longer counts against the address, and the
    /// account's failures are forgotten (the address keeps its earlier failures: it may be an
    /// attacker who guessed one account among many).
    pub fn succeeded(&self, ip: &str, account: &str) {
        self.per_ip.give_back(&address_key(ip));
        self.per_account.clear(account);
    }
}

/// A hash to verify against when the account does not exist, so unknown addresses take as long
/// as wrong passwords and timing does not reveal which accounts exist.
static DUMMY_HASH: LazyLock<Option<String>> = LazyLock::new(|| {
    Password::parse("not the password of anyone at all")
        .ok()
        .and_then(|password| hash_password(&password).ok())
});

/// Checks e-mail and password, counts failures, and audits the outcome.
///
/// The argon2 check (tens of milliseconds, by design) runs on hashing threads of its own
/// *between* two short database visits, so a burst of sign-in attempts holds neither pooled
/// connections nor the blocking threads other requests need.
pub async fn sign_in_with_password(
    db: &Db,
    guard: &SignInGuard,
    raw_email: &str,
    password: String,
    ip: &str,
) -> Result<User, SignInRefused> {
    // An address that does not parse cannot have an account, but is still an attempt.
    let email = Email::parse(raw_email).ok();
    let account_key = email.as_ref().map(|email| email.as_str().to_owned());
    guard
        .begin(ip, account_key.as_deref())
        .map_err(SignInRefused::TooManyAttempts)?;

    let found = match email {
        Some(email) => {
            db.run(move |conn| {
                let Some(user) = queries::find_user_by_email(conn, email.as_str())? else {
                    return Ok(None);
                };
                let hash = queries::password_hash(conn, &user.id)?;
                Ok(Some((user, hash)))
            })
            .await?
        }
        None => None,
    };
    let stored = found.as_ref().and_then(|(_, hash)| hash.clone());
    let password_ok = hashing::off_the_pool(move || match stored {
        Some(hash) => verify_password(&password, &hash),
        None => {
            if let Some(dummy) = DUMMY_HASH.as_deref() {
                verify_password(&password, dummy);
            }
            false
        }
    })
    .await?;

    let ip = ip.to_owned();
    match found {
        Some((user, _)) if password_ok && user.is_enabled() => {
            guard.succeeded(&ip, &user.email);
            let user_id = user.id.clone();
            db.run(move |conn| {
                Ok(audit::record(
                    conn,
                    AuditEvent::new(AuditAction::SignedIn)
                        .by(&user_id)
                        .from_ip(Some(&ip))
                        .detail("password"),
                )?)
            })
            .await?;
            Ok(user)
        }
        found => {
            // Counted already, in `begin`.
            let target = found.map(|(user, _)| user.id);
            db.run(move |conn| {
                // Only a well-formed address is kept: text that is not one may be a password
                // typed into the wrong field.
                let attempted = account_key.as_deref().unwrap_or("(not an e-mail address)");
                Ok(audit::record(
                    conn,
                    AuditEvent {
                        target_user_id: target.as_deref(),
                        ..AuditEvent::new(AuditAction::SignInFailed)
                            .from_ip(Some(&ip))
                            .detail(attempted)
                    },
                )?)
            })
            .await?;
            Err(SignInRefused::Credentials)
        }
    }
}

/// Records a sign-out.
pub fn record_sign_out(
    conn: &mut AnyConnection,
    user_id: &str,
    ip: Option<&str>,
) -> Result<(), AppError> {
    audit::record(
        conn,
        AuditEvent::new(AuditAction::SignedOut)
            .by(user_id)
            .from_ip(ip),
    )?;
    Ok(())
}
