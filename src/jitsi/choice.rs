//! Which server a meeting runs on: one of the servers offered to its organizer's organisation,
//! by default the organisation's own default.

use super::queries::{self, OfferedServer, ServerVersion};
use super::token_policy::TokenMode;
use crate::db::AnyConnection;
use crate::domain::FieldError;
use crate::error::{AppError, FieldErrors};

/// A Jitsi server a meeting can be planned on.
#[derive(Debug, Clone)]
pub struct ServerChoice {
    pub id: String,
    /// What admins called it.
    pub name: String,
    /// Whether new meetings get it unless someone picks another.
    pub is_default: bool,
}

/// The servers an organisation's members may plan on, each with its version, and which of them
/// is the default: the organisation's chosen one if it is offered, else the installation's
/// default if offered, else the first by name.
fn offer(
    conn: &mut AnyConnection,
    organisation_id: &str,
) -> Result<(Vec<OfferedServer>, Option<usize>), AppError> {
    let servers = queries::offered_servers(conn, organisation_id)?;
    let chosen = queries::organisation_default(conn, organisation_id)?;
    let default = chosen
        .and_then(|chosen| servers.iter().position(|(id, ..)| *id == chosen))
        .or_else(|| servers.iter().position(|(_, _, is_default, _)| *is_default))
        .or(if servers.is_empty() { None } else { Some(0) });
    Ok((servers, default))
}

/// The servers that take new meetings of `organisation_id`'s members, by name.
pub fn server_choices(
    conn: &mut AnyConnection,
    organisation_id: &str,
) -> Result<Vec<ServerChoice>, AppError> {
    let (servers, default) = offer(conn, organisation_id)?;
    Ok(servers
        .into_iter()
        .enumerate()
        .map(|(index, (id, name, ..))| ServerChoice {
            id,
            name,
            is_default: Some(index) == default,
        })
        .collect())
}

/// The installation's default server's id and version, if a usable one is set: where meetings
/// planned before any server existed run.
pub fn default_server(conn: &mut AnyConnection) -> Result<Option<ServerVersion>, AppError> {
    Ok(queries::default_server(conn)?)
}

/// The server new meetings of `organisation_id`'s members run on unless they pick another.
pub fn default_server_of(
    conn: &mut AnyConnection,
    organisation_id: &str,
) -> Result<Option<ServerVersion>, AppError> {
    let (servers, default) = offer(conn, organisation_id)?;
    Ok(default
        .and_then(|index| servers.into_iter().nth(index))
        .map(|(id, _, _, updated_at)| (id, updated_at)))
}

/// Whether the server a meeting runs on (its own, else the default) checks room tokens;
/// `None` when there is no server at all. Without tokens, anyone who learns a room's name can
/// enter it, and pages say so.
pub fn server_checks_tokens(
    conn: &mut AnyConnection,
    server_id: Option<&str>,
) -> Result<Option<bool>, AppError> {
    let id = match server_id {
        Some(id) => Some(id.to_owned()),
        None => default_server(conn)?.map(|(id, _)| id),
    };
    let Some(id) = id else {
        return Ok(None);
    };
    let server = queries::find_server(conn, &id)?;
    Ok(Some(server.token_mode != TokenMode::None))
}

/// The server a new meeting of an `organisation_id` member runs on: `picked` if it is offered
/// to them (else a field error on `server_id`), otherwise their default; `None` while no server
/// is offered.
pub fn server_for_meeting(
    conn: &mut AnyConnection,
    organisation_id: &str,
    picked: Option<String>,
) -> Result<Option<String>, AppError> {
    match picked {
        Some(id) => usable_server(conn, organisation_id, id).map(Some),
        None => Ok(default_server_of(conn, organisation_id)?.map(|(id, _)| id)),
    }
}

/// The server id if that server takes meetings of `organisation_id`'s members; otherwise a
/// field error on `server_id` (another organisation's server reads as unknown).
pub fn usable_server(
    conn: &mut AnyConnection,
    organisation_id: &str,
    id: String,
) -> Result<String, AppError> {
    let offered = queries::offered_servers(conn, organisation_id)?;
    if offered.iter().any(|(offered, ..)| *offered == id) {
        Ok(id)
    } else {
        let mut errors = FieldErrors::new();
        errors.add("server_id", FieldError::new("server_unknown"));
        Err(errors.into())
    }
}
