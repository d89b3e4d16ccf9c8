//! The dial-in hooks Jitsi's web client and a phone system's voice menu ask: which PIN a room
//! has, which room a PIN opens, and the numbers to call.
//!
//! A PIN answers only while its meeting's room is open to participants (the join window until
//! the end plus the grace): before, after, or for a cancelled meeting it is not found.

use chrono::{DateTime, TimeDelta, Utc};

use super::model::HookServer;
use super::pin::normalise_pin;
use super::queries::{self, ServerBy};
use super::rooms::{self, PlannedRoom};
use super::settings::DialInNumber;
use crate::db::AnyConnection;
use crate::error::AppError;
use crate::joining::JoinState;

/// A room and its PIN, as the mapper answers them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    /// Nine digits.
    pub pin: String,
    /// `<room>@<muc domain>`.
    pub conference: String,
}

/// What the mapper found, with the server (for CORS) when one was named.
#[derive(Debug, Clone)]
pub struct MapperAnswer {
    pub mapping: Option<Mapping>,
    pub server: Option<HookServer>,
}

/// The PIN of the room `<room>@<muc domain>`, if its meeting is open now.
pub fn pin_of_conference(
    conn: &mut AnyConnection,
    conference: &str,
    now: DateTime<Utc>,
    grace: TimeDelta,
) -> Result<MapperAnswer, AppError> {
    let Some((room, domain)) = conference.trim().rsplit_once('@') else {
        return Ok(MapperAnswer {
            mapping: None,
            server: None,
        });
    };
    let server = queries::hook_server(conn, ServerBy::MucDomain(&domain.to_ascii_lowercase()))?;
    let Some(server) = server else {
        return Ok(MapperAnswer {
            mapping: None,
            server: None,
        });
    };
    let planned = rooms::meeting_in_room(conn, room, now, grace)?;
    let mapping = planned
        .filter(|p| p.runs_on(&server) && p.state(now, grace) == JoinState::Open)
        .and_then(|p| mapping_of(&p, &server));
    Ok(MapperAnswer {
        mapping,
        server: Some(server),
    })
}

/// The room a PIN (as typed: spaces and `#` forgiven) opens now, if any.
pub fn conference_of_pin(
    conn: &mut AnyConnection,
    typed: &str,
    now: DateTime<Utc>,
    grace: TimeDelta,
) -> Result<MapperAnswer, AppError> {
    let Some(pin) = normalise_pin(typed) else {
        return Ok(MapperAnswer {
            mapping: None,
            server: None,
        });
    };
    let Some(planned) = rooms::meeting_with_pin(conn, &pin, now, grace)? else {
        return Ok(MapperAnswer {
            mapping: None,
            server: None,
        });
    };
    let servers = queries::hook_servers(conn)?;
    let server = servers.into_iter().find(|s| planned.runs_on(s));
    let mapping = server
        .as_ref()
        .filter(|_| planned.state(now, grace) == JoinState::Open)
        .and_then(|server| mapping_of(&planned, server));
    Ok(MapperAnswer { mapping, server })
}

fn mapping_of(planned: &PlannedRoom, server: &HookServer) -> Option<Mapping> {
    let domain = server.hooks.muc_domain.as_deref()?;
    Some(Mapping {
        pin: planned.pin.clone()?,
        conference: format!("{}@{domain}", planned.meeting.room_name),
    })
}

/// The numbers to show for `conference` (its server's), else for the server whose web client
/// runs at `origin`, else the default server's.
pub fn numbers_for(
    conn: &mut AnyConnection,
    conference: Option<&str>,
    origin: Option<&str>,
) -> Result<(Vec<DialInNumber>, Option<HookServer>), AppError> {
    let servers = queries::hook_servers(conn)?;
    let by_conference = conference
        .and_then(|c| c.rsplit_once('@'))
        .map(|(_, domain)| domain.to_ascii_lowercase())
        .and_then(|domain| {
            servers
                .iter()
                .find(|s| s.hooks.muc_domain.as_deref() == Some(domain.as_str()))
        });
    let by_origin = || {
        origin.and_then(|origin| {
            servers
                .iter()
                .find(|s| s.web_origin().as_deref() == Some(origin))
        })
    };
    let server = by_conference
        .or_else(by_origin)
        .or_else(|| servers.iter().find(|s| s.is_default))
        .cloned();
    let numbers = server
        .as_ref()
        .map(|s| s.hooks.numbers())
        .unwrap_or_default();
    Ok((numbers, server))
}
