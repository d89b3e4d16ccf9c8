//! Accounts behind single sign-on: find, link or create the account for a provider's identity.

use diesel::Connection;

use super::model::{OidcIdentity, User};
use super::queries;
use super::user::{NewAccount, insert_account};
use crate::audit::{self, AuditAction, AuditEvent};
use crate::db::{self, AnyConnection};
use crate::domain::{DisplayName, Email, Locale, TimeZone};
use crate::error::{AppError, Conflict};
use crate::organisations;

/// What the provider vouched for (from the verified ID token and the userinfo endpoint).
#[derive(Debug, Clone)]
pub struct FederatedIdentity {
    /// The provider's issuer URL.
    pub issuer: String,
    /// The provider's stable id for the person.
    pub subject: String,
    /// The person's address, if the provider shared it.
    pub email: Option<Email>,
    /// Whether the provider says it checked the address.
    pub email_verified: bool,
    /// The person's name, if shared.
    pub name: Option<String>,
    /// The person's preferred language, if shared.
    pub locale: Option<Locale>,
    /// The values of the organisation claim (`TREFFPUNKT_OIDC_ORGANISATION_CLAIM`), if any.
    pub organisations: Vec<String>,
}

/// Why a single sign-on identity could not be let in.
#[derive(Debug)]
pub enum FederatedRefusal {
    /// No account matches and creating one is not allowed (or the provider gave no address).
    NoAccount,
    /// The matching account is disabled.
    Disabled,
    /// Something broke.
    Failed(AppError),
}

impl From<AppError> for FederatedRefusal {
    fn from(error: AppError) -> Self {
        FederatedRefusal::Failed(error)
    }
}

impl From<diesel::result::Error> for FederatedRefusal {
    fn from(error: diesel::result::Error) -> Self {
        FederatedRefusal::Failed(error.into())
    }
}

/// Finds the account by (issuer, subject); else by a *verified* e-mail address, linking it;
/// else creates it when `allow_create`. Audits the sign-in (and the creation).
pub fn sign_in_federated(
    conn: &mut AnyConnection,
    identity: &FederatedIdentity,
    allow_create: bool,
    ip: Option<&str>,
) -> Result<User, FederatedRefusal> {
    conn.transaction(|conn| {
        let claimed = organisations::organisation_by_claim(conn, &identity.organisations)?;
        let mut user = match queries::find_user_by_oidc(conn, &identity.issuer, &identity.subject)?
        {
            Some(user) => follow_verification(conn, user, identity)?,
            None => match link_by_email(conn, identity)? {
                Some(user) => user,
                None if allow_create => create(conn, identity, claimed.clone(), ip)?,
                None => return Ok(Err(FederatedRefusal::NoAccount)),
            },
        };
        // The provider decides where its people work: a claim naming another organisation
        // moves the account there at this sign-in.
        if let Some(organisation) = claimed
            && organisation != user.organisation_id
        {
            organisations::move_account(conn, None, &user.id, &organisation)?;
            user = queries::find_user(conn, &user.id)?;
        }
        if !user.is_enabled() {
            return Ok(Err(FederatedRefusal::Disabled));
        }
        audit::record(
            conn,
            AuditEvent::new(AuditAction::SignedIn)
                .by(&user.id)
                .from_ip(ip)
                .detail("single sign-on"),
        )?;
        Ok::<_, FederatedRefusal>(Ok(user))
    })?
}

/// A linked account's address is as verified as the provider says today: a provider that
/// stops vouching for it takes the claim on invitations away, one that starts gives it.
fn follow_verification(
    conn: &mut AnyConnection,
    mut user: User,
    identity: &FederatedIdentity,
) -> Result<User, FederatedRefusal> {
    let same_address = identity
        .email
        .as_ref()
        .is_some_and(|email| email.as_str() == user.email);
    let verified = same_address && identity.email_verified;
    if user.email_verified != verified {
        queries::set_email_verified(conn, &user.id, verified, db::now())?;
        user.email_verified = verified;
    }
    Ok(user)
}

/// An unverified address is never trusted to take over an existing account.
fn link_by_email(
    conn: &mut AnyConnection,
    identity: &FederatedIdentity,
) -> Result<Option<User>, FederatedRefusal> {
    let Some(email) = identity.email.as_ref().filter(|_| identity.email_verified) else {
        return Ok(None);
    };
    let Some(user) = queries::find_user_by_email(conn, email.as_str())? else {
        return Ok(None);
    };
    // Already tied to another identity of this or another provider: do not re-link silently.
    if queries::oidc_linked(conn, &user.id)? {
        return Err(FederatedRefusal::NoAccount);
    }
    queries::link_oidc(
        conn,
        &user.id,
        &identity.issuer,
        &identity.subject,
        db::now(),
    )?;
    Ok(Some(user))
}

fn create(
    conn: &mut AnyConnection,
    identity: &FederatedIdentity,
    organisation_id: Option<String>,
    ip: Option<&str>,
) -> Result<User, FederatedRefusal> {
    let Some(email) = identity.email.clone() else {
        return Err(FederatedRefusal::NoAccount);
    };
    let display_name = identity
        .name
        .as_deref()
        .and_then(|name| DisplayName::parse(name).ok())
        .or_else(|| DisplayName::parse(email.as_str().split('@').next().unwrap_or_default()).ok())
        .ok_or(FederatedRefusal::NoAccount)?;
    let account = NewAccount {
        email,
        display_name,
        password: None,
        is_admin: false,
        locale: identity.locale.unwrap_or_default(),
        time_zone: TimeZone::DEFAULT,
        organisation_id,
    };
    let user = insert_account(
        conn,
        &account,
        None,
        Some(OidcIdentity {
            issuer: &identity.issuer,
            subject: &identity.subject,
            email_verified: identity.email_verified,
        }),
    )
    .map_err(|e| match e {
        // The address belongs to an account we may not link (unverified address).
        AppError::Conflict(Conflict::EmailTaken) => FederatedRefusal::NoAccount,
        other => FederatedRefusal::Failed(other),
    })?;
    audit::record(
        conn,
        AuditEvent::new(AuditAction::UserCreated)
            .on(&user.id)
            .from_ip(ip)
            .detail("single sign-on"),
    )?;
    Ok(user)
}
