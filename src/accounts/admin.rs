//! What administrators do to other people's accounts. Every change is audited.

use diesel::Connection;

use super::model::User;
use super::queries;
use super::user::{NewAccount, create_audited};
use crate::audit::{self, Actor, AuditAction, AuditEvent};
use crate::db::{self, AnyConnection};
use crate::error::{AppError, Conflict};

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
}

/// Creates an account for someone else.
pub fn create_account(
    conn: &mut AnyConnection,
    actor: Actor<'_>,
    account: NewAccount,
) -> Result<User, AppError> {
    create_audited(conn, Some(actor), account)
}

/// Applies one change to another person's account. Administrators cannot disable or demote
/// themselves: the last administrator would lock everyone out of administration.
pub fn change_account(
    conn: &mut AnyConnection,
    actor: Actor<'_>,
    target_id: &str,
    change: AccountChange,
) -> Result<User, AppError> {
    if actor.user_id == target_id {
        return Err(AppError::Conflict(Conflict::OwnAccount));
    }
    conn.transaction(|conn| {
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
