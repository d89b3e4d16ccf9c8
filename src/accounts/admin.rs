//! What administrators do to other people's accounts, within what they administer (an
//! organisation's administrators: its accounts only, and never the installation's role).
//! Every change is audited.

use diesel::{Connection, OptionalExtension};

use super::model::User;
use super::queries;
use super::user::{NewAccount, create_audited};
use crate::audit::{self, Actor, AuditAction, AuditEvent};
use crate::db::{self, AnyConnection};
use crate::error::{AppError, Conflict};
use crate::organisations::{self, Scope};

/// A change an administrator makes to another account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountChange {
    /// Locks the person out of pages and the API at once.
    Disable,
    /// Lets the person in again.
    Enable,
    /// Grants the admin role.
    GrantAdmin,
    /// Takes the admin role away.
    RevokeAdmin,
    /// Makes the account an administrator of its organisation.
    GrantOrganisationAdmin,
    /// Takes the administration of its organisation away.
    RevokeOrganisationAdmin,
}

/// Creates an account for someone else. An organisation's administrator creates accounts in
/// their organisation only, and no installation administrators (403).
pub fn create_account(
    conn: &mut AnyConnection,
    actor: Actor<'_>,
    scope: &Scope,
    mut account: NewAccount,
) -> Result<User, AppError> {
    if let Some(own) = scope.organisation() {
        if account.is_admin {
            return Err(AppError::Forbidden);
        }
        match &account.organisation_id {
            Some(named) => scope.check(named)?,
            None => account.organisation_id = Some(own.to_owned()),
        }
    }
    create_audited(conn, Some(actor), account)
}

/// The accounts an administrator sees: every one, or their organisation's; by address.
pub fn list_users_in(conn: &mut AnyConnection, scope: &Scope) -> Result<Vec<User>, AppError> {
    Ok(match scope.organisation() {
        None => queries::all_users(conn)?,
        Some(organisation) => queries::users_of_organisation(conn, organisation)?,
    })
}

/// Applies one change to another person's account. Administrators cannot disable or demote
/// themselves: the last administrator would lock everyone out of administration.
pub fn change_account(
    conn: &mut AnyConnection,
    actor: Actor<'_>,
    scope: &Scope,
    target_id: &str,
    change: AccountChange,
) -> Result<User, AppError> {
    if actor.user_id == target_id {
        return Err(AppError::Conflict(Conflict::OwnAccount));
    }
    conn.transaction(|conn| {
        let target = queries::find_user(conn, target_id).optional()?;
        let target = target.ok_or(AppError::NotFound)?;
        scope.check(&target.organisation_id)?;
        if matches!(
            change,
            AccountChange::GrantAdmin | AccountChange::RevokeAdmin
        ) || target.is_admin
        {
            // The installation's role, and the accounts that hold it, are the installation's.
            scope.require_installation()?;
        }
        let now = db::now();
        let (changed, action) = match change {
            AccountChange::Disable => (
                queries::update_disabled(conn, target_id, Some(now), now)?,
                AuditAction::UserDisabled,
            ),
            AccountChange::Enable => (
                queries::update_disabled(conn, target_id, None, now)?,
                AuditAction::UserEnabled,
            ),
            AccountChange::GrantAdmin => (
                queries::update_admin(conn, target_id, true, now)?,
                AuditAction::AdminGranted,
            ),
            AccountChange::RevokeAdmin => (
                queries::update_admin(conn, target_id, false, now)?,
                AuditAction::AdminRevoked,
            ),
            AccountChange::GrantOrganisationAdmin | AccountChange::RevokeOrganisationAdmin => {
                let admin = change == AccountChange::GrantOrganisationAdmin;
                organisations::set_organisation_admin(conn, Some(actor), target_id, admin)?;
                return Ok(queries::find_user(conn, target_id)?);
            }
        };
        if changed == 0 {
            return Err(AppError::NotFound);
        }
        audit::record(
            conn,
            AuditEvent::new(action)
                .by(actor.user_id)
                .on(target_id)
                .from_ip(actor.ip),
        )?;
        Ok(queries::find_user(conn, target_id)?)
    })
}
