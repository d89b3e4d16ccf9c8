//! Creating, changing and listing organisations; naming the first one; placing accounts.

use diesel::{Connection, OptionalExtension};

use super::input::OrganisationFields;
use super::model::{FIRST_ORGANISATION_ID, Organisation, OrganisationListing};
use super::queries;
use super::scope::Scope;
use crate::audit::{self, Actor, AuditAction, AuditEvent};
use crate::db::{self, AnyConnection};
use crate::domain::{FieldError, Slug};
use crate::error::{AppError, FieldErrors};

/// The organisation name used when `TREFFPUNKT_ORGANISATION_NAME` is not set.
pub const DEFAULT_ORGANISATION_NAME: &str = "Treffpunkt";

/// Names the first organisation after `name` (`TREFFPUNKT_ORGANISATION_NAME`) if nobody has
/// named it yet; an organisation renamed since keeps its name. Idempotent.
pub fn name_first_organisation(conn: &mut AnyConnection, name: &str) -> Result<(), AppError> {
    let slug = Slug::from_name(name, "default");
    // A slug some other organisation took meanwhile cannot be shared.
    let slug = if queries::slug_taken(conn, slug.as_str(), FIRST_ORGANISATION_ID)? {
        "default".to_owned()
    } else {
        slug.as_str().to_owned()
    };
    queries::name_unnamed(conn, FIRST_ORGANISATION_ID, &slug, name, db::now())?;
    Ok(())
}

/// Adds an organisation with its domain rules.
pub fn add_organisation(
    conn: &mut AnyConnection,
    actor: Option<Actor<'_>>,
    fields: &OrganisationFields,
) -> Result<Organisation, AppError> {
    let id = uuid::Uuid::new_v4().to_string();
    conn.transaction(|conn| {
        check_unique(conn, &id, fields)?;
        queries::insert(
            conn,
            &id,
            fields.slug.as_str(),
            &fields.name,
            fields.idp_hint.as_deref(),
            db::now(),
        )?;
        save_domains(conn, &id, fields)?;
        audit::record(
            conn,
            AuditEvent::new(AuditAction::OrganisationAdded)
                .by_actor(actor)
                .detail(fields.slug.as_str()),
        )?;
        Ok(queries::find(conn, &id)?)
    })
}

/// Changes an organisation's name, slug, domains and identity provider alias.
pub fn update_organisation(
    conn: &mut AnyConnection,
    actor: Option<Actor<'_>>,
    id: &str,
    fields: &OrganisationFields,
) -> Result<Organisation, AppError> {
    conn.transaction(|conn| {
        check_unique(conn, id, fields)?;
        let changed = queries::update(
            conn,
            id,
            fields.slug.as_str(),
            &fields.name,
            fields.idp_hint.as_deref(),
            db::now(),
        )?;
        if changed == 0 {
            return Err(AppError::NotFound);
        }
        save_domains(conn, id, fields)?;
        audit::record(
            conn,
            AuditEvent::new(AuditAction::OrganisationChanged)
                .by_actor(actor)
                .detail(fields.slug.as_str()),
        )?;
        Ok(queries::find(conn, id)?)
    })
}

fn check_unique(
    conn: &mut AnyConnection,
    id: &str,
    fields: &OrganisationFields,
) -> Result<(), AppError> {
    let mut errors = FieldErrors::new();
    if queries::slug_taken(conn, fields.slug.as_str(), id)? {
        errors.add("slug", FieldError::new("slug_taken"));
    }
    if let Some(hint) = &fields.idp_hint
        && queries::idp_hint_taken(conn, hint, id)?
    {
        errors.add("idp_hint", FieldError::new("idp_hint_taken"));
    }
    for domain in &fields.domains {
        if queries::domain_owner(conn, domain.as_str(), id)? {
            errors.add(
                "domains",
                FieldError::new("domain_taken").with("value", domain.as_str()),
            );
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.into())
    }
}

fn save_domains(
    conn: &mut AnyConnection,
    id: &str,
    fields: &OrganisationFields,
) -> Result<(), AppError> {
    let domains: Vec<&str> = fields.domains.iter().map(|d| d.as_str()).collect();
    Ok(queries::replace_domains(conn, id, &domains)?)
}

/// The organisation accounts no rule places go to.
pub fn default_organisation_id(conn: &mut AnyConnection) -> Result<String, AppError> {
    Ok(queries::default_id(conn)?)
}

/// One organisation by id.
pub fn find_organisation(conn: &mut AnyConnection, id: &str) -> Result<Organisation, AppError> {
    Ok(queries::find(conn, id)?)
}

/// One organisation by slug; 404 when there is none.
pub fn organisation_by_slug(
    conn: &mut AnyConnection,
    slug: &str,
) -> Result<Organisation, AppError> {
    queries::find_by_slug(conn, slug)?.ok_or(AppError::NotFound)
}

/// Every organisation, by name.
pub fn list_organisations(conn: &mut AnyConnection) -> Result<Vec<Organisation>, AppError> {
    Ok(queries::all(conn)?)
}

/// Every organisation with its domains, head count and administrators, by name.
pub fn organisation_listings(
    conn: &mut AnyConnection,
) -> Result<Vec<OrganisationListing>, AppError> {
    let mut domains = queries::all_domains(conn)?;
    domains.sort();
    let counts = queries::member_counts(conn)?;
    let admins = queries::admins(conn)?;
    Ok(queries::all(conn)?
        .into_iter()
        .map(|organisation| {
            let of_this = |owner: &String| owner == &organisation.id;
            OrganisationListing {
                domains: domains
                    .iter()
                    .filter(|(_, owner)| of_this(owner))
                    .map(|(domain, _)| domain.clone())
                    .collect(),
                members: counts
                    .iter()
                    .find(|(owner, _)| of_this(owner))
                    .map_or(0, |(_, count)| *count),
                admins: admins
                    .iter()
                    .filter(|(owner, _)| of_this(owner))
                    .map(|(_, email)| email.clone())
                    .collect(),
                organisation,
            }
        })
        .collect())
}

/// The organisation `user_id` belongs to.
pub fn organisation_of_user(conn: &mut AnyConnection, user_id: &str) -> Result<String, AppError> {
    Ok(queries::organisation_of_user(conn, user_id)?)
}

/// Moves an account to another organisation (an administrator's decision, or the sign-in
/// provider's claim); any organisation administration it held stays behind.
pub fn move_account(
    conn: &mut AnyConnection,
    actor: Option<Actor<'_>>,
    user_id: &str,
    organisation_id: &str,
) -> Result<(), AppError> {
    conn.transaction(|conn| {
        let organisation = queries::find(conn, organisation_id)?;
        if queries::organisation_of_user(conn, user_id)? == organisation.id {
            return Ok(());
        }
        queries::set_member(conn, user_id, &organisation.id, db::now())?;
        audit::record(
            conn,
            AuditEvent::new(AuditAction::UserMoved)
                .by_actor(actor)
                .on(user_id)
                .detail(&organisation.slug),
        )?;
        Ok(())
    })
}

/// Makes an account an administrator of its organisation, or takes that away.
pub fn set_organisation_admin(
    conn: &mut AnyConnection,
    actor: Option<Actor<'_>>,
    user_id: &str,
    admin: bool,
) -> Result<(), AppError> {
    conn.transaction(|conn| {
        if queries::set_organisation_admin(conn, user_id, admin, db::now())? == 0 {
            return Err(AppError::NotFound);
        }
        let action = if admin {
            AuditAction::OrganisationAdminGranted
        } else {
            AuditAction::OrganisationAdminRevoked
        };
        audit::record(conn, AuditEvent::new(action).by_actor(actor).on(user_id))?;
        Ok(())
    })
}

/// A sign-in button that goes straight to one city's identity provider.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SignInButton {
    /// Sent back with the form to pick the hint.
    pub slug: String,
    /// "Stadt A".
    pub name: String,
}

/// The organisations with an identity provider alias, by name.
pub fn sign_in_buttons(conn: &mut AnyConnection) -> Result<Vec<SignInButton>, AppError> {
    Ok(queries::with_idp_hint(conn)?
        .into_iter()
        .map(|(slug, name, _)| SignInButton { slug, name })
        .collect())
}

/// The `kc_idp_hint` of the organisation with this slug; 404 for an unknown slug or one
/// without a hint, so nobody can send an arbitrary hint through our form.
pub fn idp_hint_of(conn: &mut AnyConnection, slug: &str) -> Result<String, AppError> {
    queries::idp_hint_of(conn, slug)?.ok_or(AppError::NotFound)
}

/// Sets the server an organisation's meetings run on unless its members pick another.
pub fn set_default_server(
    conn: &mut AnyConnection,
    organisation_id: &str,
    server_id: Option<&str>,
) -> Result<(), AppError> {
    if queries::set_default_server(conn, organisation_id, server_id, db::now())? == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// The organisations a server is offered to; empty: every organisation.
pub fn server_organisations(
    conn: &mut AnyConnection,
    server_id: &str,
) -> Result<Vec<String>, AppError> {
    Ok(queries::server_organisations(conn, server_id)?)
}

/// Every server's organisations, as (server id, organisation id).
pub fn all_server_organisations(
    conn: &mut AnyConnection,
) -> Result<Vec<(String, String)>, AppError> {
    Ok(queries::all_server_organisations(conn)?)
}

/// Offers a server to these organisations only (empty: to all). Unknown ids are refused.
pub fn offer_server(
    conn: &mut AnyConnection,
    server_id: &str,
    organisation_ids: &[String],
) -> Result<(), AppError> {
    for id in organisation_ids {
        if queries::find(conn, id).optional()?.is_none() {
            let mut errors = FieldErrors::new();
            errors.add("organisations", FieldError::new("organisation_unknown"));
            return Err(errors.into());
        }
    }
    Ok(queries::replace_server_organisations(
        conn,
        server_id,
        organisation_ids,
    )?)
}

/// Whether `scope` may change a server: the installation's administrators any; an
/// organisation's administrators only the servers offered to their organisation alone. A
/// server they share with others is visible but not theirs (403); one offered only to other
/// organisations is not there for them (404).
pub fn may_manage_server(
    conn: &mut AnyConnection,
    scope: &Scope,
    server_id: &str,
) -> Result<(), AppError> {
    if scope.is_installation() {
        return Ok(());
    }
    let offered_to = queries::server_organisations(conn, server_id)?;
    if manages_server(scope, &offered_to) {
        Ok(())
    } else if server_visible(scope, &offered_to) {
        Err(AppError::Forbidden)
    } else {
        Err(AppError::NotFound)
    }
}

/// Whether `scope` may change a server offered to `offered_to` (empty: to all): the
/// installation always, an organisation only a server offered to it alone.
pub fn manages_server(scope: &Scope, offered_to: &[String]) -> bool {
    match scope.organisation() {
        None => true,
        Some(own) => offered_to.len() == 1 && offered_to[0] == own,
    }
}

/// Whether a server is offered to `scope`'s organisation (always, for the installation).
pub fn server_visible(scope: &Scope, offered_to: &[String]) -> bool {
    match scope.organisation() {
        None => true,
        Some(own) => offered_to.is_empty() || offered_to.iter().any(|id| id == own),
    }
}
