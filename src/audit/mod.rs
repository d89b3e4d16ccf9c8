//! The audit log: who signed in, who failed to, and what administrators changed.
//!
//! Written in the same transaction as the change it records, so the log cannot claim
//! a change that was rolled back, nor miss one that was made.

mod privacy;
mod retention;

pub use privacy::{entries_export, forget_mentions};
pub use retention::{
    delete_entries, entries_before, truncate_addresses, truncated_address, whole_addresses_before,
};

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{audit_events, users};
use crate::db::{self, AnyConnection};

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditAction {
    /// The first administrator was created through the setup link.
    SetupCompleted,
    /// Someone signed in (detail: `password` or `oidc`).
    SignedIn,
    /// A sign-in was refused (detail: the address tried).
    SignInFailed,
    /// Someone signed out.
    SignedOut,
    /// An account was created (by an administrator, the CLI or single sign-on).
    UserCreated,
    /// An administrator disabled an account.
    UserDisabled,
    /// An administrator enabled an account again.
    UserEnabled,
    /// An administrator granted the admin role.
    AdminGranted,
    /// An administrator took the admin role away.
    AdminRevoked,
    /// A user changed their password.
    PasswordChanged,
    /// A wrong current password was given while changing the password.
    PasswordCheckFailed,
    /// A user created an API token (detail: its name).
    ApiTokenCreated,
    /// A user revoked an API token (detail: its name).
    ApiTokenRevoked,
    /// A Jitsi server was added (detail: its name).
    ServerAdded,
    /// A Jitsi server's settings changed (detail: its name).
    ServerChanged,
    /// A Jitsi server became the default (detail: its name).
    ServerDefault,
    /// A Jitsi server was retired (detail: its name).
    ServerRetired,
    /// A Jitsi server was removed (detail: its name).
    ServerRemoved,
    /// An organisation was added (detail: its slug).
    OrganisationAdded,
    /// An organisation's name, slug, domains or sign-in alias changed (detail: its slug).
    OrganisationChanged,
    /// An account became an administrator of its organisation.
    OrganisationAdminGranted,
    /// An account stopped being an administrator of its organisation.
    OrganisationAdminRevoked,
    /// An account moved to another organisation (detail: the new one's slug).
    UserMoved,
    /// Everything stored about someone was handed out (GDPR Art. 15; detail: how many rows).
    DataExported,
    /// Every trace of an address was removed (GDPR Art. 17); whose is not recorded.
    PersonErased,
    /// An organisation's branding changed (detail: its id).
    BrandingChanged,
}

impl AuditAction {
    /// Every action, for the check that each has a name on the audit page in every language.
    pub const ALL: [AuditAction; 26] = [
        AuditAction::SetupCompleted,
        AuditAction::SignedIn,
        AuditAction::SignInFailed,
        AuditAction::SignedOut,
        AuditAction::PasswordCheckFailed,
        AuditAction::UserCreated,
        AuditAction::UserDisabled,
        AuditAction::UserEnabled,
        AuditAction::AdminGranted,
        AuditAction::AdminRevoked,
        AuditAction::PasswordChanged,
        AuditAction::ApiTokenCreated,
        AuditAction::ApiTokenRevoked,
        AuditAction::ServerAdded,
        AuditAction::ServerChanged,
        AuditAction::ServerDefault,
        AuditAction::ServerRetired,
        AuditAction::ServerRemoved,
        AuditAction::OrganisationAdded,
        AuditAction::OrganisationChanged,
        AuditAction::OrganisationAdminGranted,
        AuditAction::OrganisationAdminRevoked,
        AuditAction::UserMoved,
        AuditAction::DataExported,
        AuditAction::PersonErased,
        AuditAction::BrandingChanged,
    ];

    /// The stable name stored in the table.
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::SetupCompleted => "setup_completed",
            AuditAction::SignedIn => "signed_in",
            AuditAction::SignInFailed => "sign_in_failed",
            AuditAction::SignedOut => "signed_out",
            AuditAction::PasswordCheckFailed => "password_check_failed",
            AuditAction::UserCreated => "user_created",
            AuditAction::UserDisabled => "user_disabled",
            AuditAction::UserEnabled => "user_enabled",
            AuditAction::AdminGranted => "admin_granted",
            AuditAction::AdminRevoked => "admin_revoked",
            AuditAction::PasswordChanged => "password_changed",
            AuditAction::ApiTokenCreated => "api_token_created",
            AuditAction::ApiTokenRevoked => "api_token_revoked",
            AuditAction::ServerAdded => "server_added",
            AuditAction::ServerChanged => "server_changed",
            AuditAction::ServerDefault => "server_default",
            AuditAction::ServerRetired => "server_retired",
            AuditAction::ServerRemoved => "server_removed",
            AuditAction::OrganisationAdded => "organisation_added",
            AuditAction::OrganisationChanged => "organisation_changed",
            AuditAction::OrganisationAdminGranted => "organisation_admin_granted",
            AuditAction::OrganisationAdminRevoked => "organisation_admin_revoked",
            AuditAction::UserMoved => "user_moved",
            AuditAction::DataExported => "data_exported",
            AuditAction::PersonErased => "person_erased",
            AuditAction::BrandingChanged => "branding_changed",
        }
    }
}

/// Who acts, and from where: a signed-in person. Changes from the command line or the first
/// start have no actor (`Option<Actor>` is `None` there).
#[derive(Debug, Clone, Copy)]
pub struct Actor<'a> {
    pub user_id: &'a str,
    /// The client's address.
    pub ip: Option<&'a str>,
}

/// One entry to write.
#[derive(Debug, Clone, Copy)]
pub struct AuditEvent<'a> {
    /// What happened.
    pub action: AuditAction,
    /// Who did it, when known.
    pub actor_id: Option<&'a str>,
    /// The account it happened to, when it is not the actor's own.
    pub target_user_id: Option<&'a str>,
    /// The client's address.
    pub ip: Option<&'a str>,
    /// A short detail; never a secret.
    pub detail: Option<&'a str>,
}

impl<'a> AuditEvent<'a> {
    /// An event without actor, target, address or detail; add them with the builder methods.
    pub fn new(action: AuditAction) -> Self {
        AuditEvent {
            action,
            actor_id: None,
            target_user_id: None,
            ip: None,
            detail: None,
        }
    }

    /// Who did it.
    pub fn by(self, actor_id: &'a str) -> Self {
        AuditEvent {
            actor_id: Some(actor_id),
            ..self
        }
    }

    /// Who did it and from where, when a person did.
    pub fn by_actor(self, actor: Option<Actor<'a>>) -> Self {
        match actor {
            Some(actor) => self.by(actor.user_id).from_ip(actor.ip),
            None => self,
        }
    }

    /// Whom it concerned.
    pub fn on(self, target_user_id: &'a str) -> Self {
        AuditEvent {
            target_user_id: Some(target_user_id),
            ..self
        }
    }

    /// From which address.
    pub fn from_ip(self, ip: Option<&'a str>) -> Self {
        AuditEvent { ip, ..self }
    }

    /// With a detail.
    pub fn detail(self, detail: &'a str) -> Self {
        AuditEvent {
            detail: Some(detail),
            ..self
        }
    }
}

/// A stored entry, for the administrators' audit page.
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = audit_events)]
pub struct AuditEntry {
    /// Time-ordered UUID.
    pub id: String,
    /// When (UTC).
    pub occurred_at: NaiveDateTime,
    /// The action's stable name.
    pub action: String,
    /// Who did it.
    pub actor_id: Option<String>,
    /// Whom it concerned.
    pub target_user_id: Option<String>,
    /// From which address.
    pub ip: Option<String>,
    /// A short detail.
    pub detail: Option<String>,
}

/// Writes one entry (inside the caller's transaction, when there is one).
pub fn record(conn: &mut AnyConnection, event: AuditEvent<'_>) -> QueryResult<()> {
    diesel::insert_into(audit_events::table)
        .values((
            audit_events::id.eq(db::new_row_id()),
            audit_events::occurred_at.eq(db::now()),
            audit_events::action.eq(event.action.as_str()),
            audit_events::actor_id.eq(event.actor_id),
            audit_events::target_user_id.eq(event.target_user_id),
            audit_events::ip.eq(event.ip),
            audit_events::detail.eq(event.detail),
        ))
        .execute(conn)
        .map(drop)
}

/// The newest entries first: every entry, or (with `organisation_id`) those whose actor or
/// target belongs to that organisation.
pub fn recent(
    conn: &mut AnyConnection,
    organisation_id: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<AuditEntry>> {
    let Some(organisation_id) = organisation_id else {
        return audit_events::table
            .order(audit_events::id.desc())
            .limit(limit)
            .select(AuditEntry::as_select())
            .load(conn);
    };
    let members = || {
        users::table
            .filter(users::organisation_id.eq(organisation_id))
            .select(users::id.nullable())
    };
    audit_events::table
        .filter(
            audit_events::actor_id
                .eq_any(members())
                .or(audit_events::target_user_id.eq_any(members())),
        )
        .order(audit_events::id.desc())
        .limit(limit)
        .select(AuditEntry::as_select())
        .load(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_has_a_name_on_the_audit_page_in_both_languages() {
        for lang in ["de", "en"] {
            let path = format!("{}/locales/{lang}/main.ftl", env!("CARGO_MANIFEST_DIR"));
            let source = std::fs::read_to_string(path).unwrap();
            for action in AuditAction::ALL {
                let key = format!("audit-{} =", action.as_str());
                assert!(
                    source.lines().any(|line| line.starts_with(&key)),
                    "{lang} has no name {key}"
                );
            }
        }
    }
}
