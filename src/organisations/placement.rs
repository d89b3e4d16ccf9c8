//! Which organisation an account belongs to: the sign-in provider's claim, else the rule for its
//! address's domain (an exact domain before wildcards, a longer wildcard before a shorter), else
//! the default organisation.

use super::queries;
use crate::db::AnyConnection;
use crate::domain::{DomainRule, Email};
use crate::error::AppError;

/// The organisation an organisation claim names (by identity provider alias or slug); the first
/// of several values that names one.
pub fn organisation_by_claim(
    conn: &mut AnyConnection,
    values: &[String],
) -> Result<Option<String>, AppError> {
    for value in values {
        if let Some(id) = queries::find_by_claim(conn, value.trim())? {
            return Ok(Some(id));
        }
    }
    Ok(None)
}

/// The organisation a new account with `email` joins when no claim or administrator says.
pub fn organisation_for_address(
    conn: &mut AnyConnection,
    email: &Email,
) -> Result<String, AppError> {
    let domain = email.as_str().rsplit('@').next().unwrap_or_default();
    let best = queries::all_domains(conn)?
        .into_iter()
        .filter_map(|(rule, organisation)| {
            DomainRule::stored(rule)
                .specificity(domain)
                .map(|score| (score, organisation))
        })
        .max_by_key(|(score, _)| *score);
    match best {
        Some((_, organisation)) => Ok(organisation),
        None => Ok(queries::default_id(conn)?),
    }
}
