//! Whom a Jitsi server is offered to, on the server form: the organisations' slugs, read into
//! ids (the installation's administrators set it; an organisation's server is its own).

use serde::Deserialize;

use crate::db::AnyConnection;
use crate::error::{AppError, FieldErrors};
use crate::jitsi::ServerInput;
use crate::organisations;

/// The server form, and (for the installation's administrators) whom the server is offered to.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ServerForm {
    #[serde(flatten)]
    pub server: ServerInput,
    /// Slugs of the organisations it is offered to, separated by commas; empty: all. Absent:
    /// unchanged.
    pub organisations: Option<String>,
}

/// The organisations named in the form's field, as ids (`None`: the field was not sent); a
/// field error for an unknown slug.
pub fn offered_organisation_ids(
    conn: &mut AnyConnection,
    field: Option<&str>,
) -> Result<Option<Vec<String>>, AppError> {
    let Some(raw) = field else {
        return Ok(None);
    };
    let mut ids = Vec::new();
    for slug in raw.split([',', ' ']).filter(|slug| !slug.is_empty()) {
        match organisations::organisation_by_slug(conn, slug) {
            Ok(organisation) => ids.push(organisation.id),
            Err(AppError::NotFound) => {
                let mut errors = FieldErrors::new();
                errors.add(
                    "organisations",
                    crate::domain::FieldError::new("organisation_unknown"),
                );
                return Err(errors.into());
            }
            Err(other) => return Err(other),
        }
    }
    Ok(Some(ids))
}

/// The slugs of the organisations a server is offered to, as the form shows them.
pub fn offered_slugs(conn: &mut AnyConnection, server_id: &str) -> Result<String, AppError> {
    let ids = organisations::server_organisations(conn, server_id)?;
    let mut slugs: Vec<String> = organisations::list_organisations(conn)?
        .into_iter()
        .filter(|o| ids.contains(&o.id))
        .map(|o| o.slug)
        .collect();
    slugs.sort();
    Ok(slugs.join(", "))
}
