//! Which server a meeting runs on: the default, or one its organizer picks among those that
//! take new meetings.

use super::queries::{self, ServerVersion};
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

/// The servers that take new meetings, by name.
pub fn server_choices(conn: &mut AnyConnection) -> Result<Vec<ServerChoice>, AppError> {
    Ok(queries::usable_servers(conn)?
        .into_iter()
        .map(|(id, name, is_default)| ServerChoice {
            id,
            name,
            is_default,
        })
        .collect())
}

/// The default server's id and version, if a usable one is set.
pub fn default_server(conn: &mut AnyConnection) -> Result<Option<ServerVersion>, AppError> {
    Ok(queries::default_server(conn)?)
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

/// The server a new meeting runs on: `picked` if it takes meetings (else a field error on
/// `server_id`), otherwise the default; `None` while no usable server exists.
pub fn server_for_meeting(
    conn: &mut AnyConnection,
    picked: Option<String>,
) -> Result<Option<String>, AppError> {
    match picked {
        Some(id) => usable_server(conn, id).map(Some),
        None => Ok(default_server(conn)?.map(|(id, _)| id)),
    }
}

/// The server id if that server takes meetings; otherwise a field error on `server_id`.
pub fn usable_server(conn: &mut AnyConnection, id: String) -> Result<String, AppError> {
    if queries::server_usable(conn, &id)? {
        Ok(id)
    } else {
        let mut errors = FieldErrors::new();
        errors.add("server_id", FieldError::new("server_unknown"));
        Err(errors.into())
    }
}
