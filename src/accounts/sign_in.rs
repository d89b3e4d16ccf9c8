//! Signing in with e-mail and password, with limits on failed attempts.

use std::sync::LazyLock;

use super::hashing;
use super::model::User;
use super::password::{hash_password, verify_password};
use super::queries;
use crate::attempts::{Attempt, AttemptCounter, Blocked, Counted, address_key};
use crate::audit::{self, AuditAction, AuditEvent};
use crate::config::AttemptLimits;
use crate::db::{AnyConnection, Db};
use crate::domain::{Email, Password};
use crate::error::AppError;

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

/// Failed attempts per account and per client address, shared by every instance.
#[derive(Debug, Clone)]
pub struct SignInGuard {
    per_account: AttemptCounter,
    per_address: AttemptCounter,
}

/// A password check begun under both limits.
#[derive(Debug)]
pub struct PasswordAttempt {
    address: Attempt,
    account: Option<Attempt>,
}

impl SignInGuard {
    /// Limits as configured.
    pub fn new(limits: AttemptLimits) -> SignInGuard {
        SignInGuard {
            per_account: AttemptCounter::new(
                Counted::SignInAccount,
                limits.per_account,
                limits.window,
            ),
            per_address: AttemptCounter::new(Counted::SignInAddress, limits.per_ip, limits.window),
        }
    }

    /// Before a password is checked: refuses when the address (IPv6 by its /64) or the account
    /// has used up its failures, and otherwise holds one failure of each while the check runs,
    /// so parallel attempts cannot all pass while the first is hashing. Reads, never writes.
    pub fn begin(
        &self,
        conn: &mut AnyConnection,
        ip: &str,
        account: Option<&str>,
    ) -> Result<Result<PasswordAttempt, Blocked>, AppError> {
        let address = match self.per_address.begin(conn, &address_key(ip))? {
            Ok(address) => address,
            Err(blocked) => return Ok(Err(blocked)),
        };
        let account = match account {
            Some(account) => match self.per_account.begin(conn, account)? {
                Ok(attempt) => Some(attempt),
                Err(blocked) => return Ok(Err(blocked)),
            },
            None => None,
        };
        Ok(Ok(PasswordAttempt { address, account }))
    }

    /// The password was wrong: counted against the address and the account.
    pub fn failed(
        &self,
        conn: &mut AnyConnection,
        attempt: PasswordAttempt,
    ) -> Result<(), AppError> {
        self.per_address.failed(conn, attempt.address)?;
        if let Some(account) = attempt.account {
            self.per_account.failed(conn, account)?;
        }
        Ok(())
    }

    /// The password was right: the account's failures are forgotten (a write only if it had
    /// any). The address keeps its earlier failures: it may be an attacker who guessed one
    /// account among many.
    pub fn succeeded(
        &self,
        conn: &mut AnyConnection,
        attempt: PasswordAttempt,
    ) -> Result<(), AppError> {
        if let Some(account) = attempt.account {
            self.per_account.succeeded(conn, account)?;
        }
        Ok(())
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
    let ip = ip.to_owned();

    let (looking, attempted, address) = (guard.clone(), account_key.clone(), ip.clone());
    let (attempt, found) = db
        .run(move |conn| {
            let attempt = match looking.begin(conn, &address, attempted.as_deref())? {
                Ok(attempt) => attempt,
                Err(blocked) => return Ok(Err(blocked)),
            };
            let Some(email) = email else {
                return Ok(Ok((attempt, None)));
            };
            let Some(user) = queries::find_user_by_email(conn, email.as_str())? else {
                return Ok(Ok((attempt, None)));
            };
            let hash = queries::password_hash(conn, &user.id)?;
            Ok(Ok((attempt, Some((user, hash)))))
        })
        .await?
        .map_err(|blocked| SignInRefused::TooManyAttempts(blocked.retry_after))?;

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

    let guard = guard.clone();
    match found {
        Some((user, _)) if password_ok && user.is_enabled() => {
            let user_id = user.id.clone();
            db.run(move |conn| {
                guard.succeeded(conn, attempt)?;
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
            let target = found.map(|(user, _)| user.id);
            db.run(move |conn| {
                guard.failed(conn, attempt)?;
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
