//! The Jitsi servers as administrators see them: each with the number of meetings it carries.
//! Meetings know which server they run on, so the count is theirs to give.

use std::collections::HashMap;

use diesel::Connection;

use super::queries;
use crate::audit::Actor;
use crate::db::AnyConnection;
use crate::error::{AppError, Conflict};
use crate::jitsi::{self, JitsiServer};

/// A server with the number of meetings planned on it.
#[derive(Debug, Clone)]
pub struct ServerSummary {
    pub server: JitsiServer,
    /// Meetings that use it; a server with any cannot be removed, only retired.
    pub meetings: i64,
}

/// Every server with its meeting count, usable ones first.
pub fn list_servers(conn: &mut AnyConnection) -> Result<Vec<ServerSummary>, AppError> {
    let servers = jitsi::list_servers(conn)?;
    let counts: HashMap<String, i64> = queries::meetings_per_server(conn)?;
    Ok(servers
        .into_iter()
        .map(|server| {
            let meetings = counts.get(&server.id).copied().unwrap_or(0);
            ServerSummary { server, meetings }
        })
        .collect())
}

/// Deletes a server no meeting uses; one in use answers `server_in_use` (retire it instead).
pub fn remove_server(
    conn: &mut AnyConnection,
    id: &str,
    actor: Option<Actor<'_>>,
) -> Result<(), AppError> {
    conn.transaction(|conn| {
        if queries::server_in_use(conn, id)? {
            return Err(AppError::Conflict(Conflict::ServerInUse));
        }
        jitsi::remove_server(conn, id, actor)
    })
}
