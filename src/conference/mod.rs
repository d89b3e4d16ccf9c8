//! What Jitsi tells and asks Treffpunkt about its conferences, through the hooks a self-hosted
//! deployment offers (each off per server until an administrator sets it):
//!
//! - dial-in: a random PIN per meeting; the conference mapper and the numbers list Jitsi's web
//!   client and a phone system's voice menu read (`dial_in.rs`, `pin.rs`);
//! - room events from the jitsi-contrib `event_sync` component: who is in the room now, and the
//!   attendance afterwards (`events.rs`, `attendance.rs`);
//! - reservations (`mod_reservations`): rooms open only in their meeting's window
//!   (`reservations.rs`).
//!
//! `rooms.rs` finds the meeting behind a room for all three; `hooks.rs` keeps each server's
//! settings, its bearer tokens only as keyed digests; `queries.rs` holds all SQL.

mod attendance;
mod dial_in;
mod events;
mod hooks;
mod model;
mod pin;
mod presets;
mod privacy;
mod queries;
mod reservations;
mod rooms;
mod settings;

pub use attendance::{Attendee, attendance, present_now};
pub use dial_in::{MapperAnswer, Mapping, conference_of_pin, numbers_for, pin_of_conference};
pub use events::{EventKind, Ingested, RoomEvent, ingest};
pub use hooks::{HookTokens, HookView, save_server_hooks, server_hooks};
pub use model::{HookServer, ServerHooks};
pub use pin::{DialIn, DialInLines, dial_in, group_pin};
pub use presets::{OfferedPreset, RoomPreset, parse_room_presets};
pub use privacy::{forget_in_rooms, stays_export};
pub use queries::ServerNumbers;
pub use reservations::{
    Answer as ReservationAnswer, Granted, RoomRequest, release, reservation, reserve,
};
pub use settings::{
    DialInNumber, HookInput, HookSettings, ReservationPolicy, TokenChange, parse_dial_in_numbers,
};

use crate::db::AnyConnection;
use crate::error::AppError;

/// Gives meetings planned before PINs existed (and not yet over) a PIN, a bounded batch at a
/// time; returns how many got one.
pub fn assign_missing_pins(conn: &mut AnyConnection, limit: i64) -> Result<usize, AppError> {
    let ids = queries::meetings_without_pin(conn, crate::db::now(), limit)?;
    for id in &ids {
        let pin = crate::meetings::unused_pin(conn)?;
        queries::set_pin(conn, id, &pin)?;
    }
    Ok(ids.len())
}

/// How to reach one meeting by phone: its PIN and its server's numbers; `None` when its server
/// has no dial-in.
pub fn dial_in_of_meeting(
    conn: &mut AnyConnection,
    meeting_id: &str,
) -> Result<Option<DialIn>, AppError> {
    let Some((server_id, pin)) = queries::server_and_pin(conn, meeting_id)? else {
        return Ok(None);
    };
    let Some(pin) = pin else {
        return Ok(None);
    };
    let numbers = queries::server_numbers(conn)?.of(server_id.as_deref());
    Ok(dial_in(Some(&pin), numbers))
}

/// The presets of every server that takes new meetings of `organisation_id`'s members, by server.
pub fn room_presets(
    conn: &mut AnyConnection,
    organisation_id: &str,
) -> Result<Vec<OfferedPreset>, AppError> {
    Ok(queries::presets_of_offered_servers(conn, organisation_id)?
        .into_iter()
        .flat_map(|(server_id, server_name, json)| {
            let presets: Vec<RoomPreset> = serde_json::from_str(&json).unwrap_or_default();
            presets.into_iter().map(move |preset| OfferedPreset {
                server_id: server_id.clone(),
                server_name: server_name.clone(),
                preset,
            })
        })
        .collect())
}

/// Every server's dial-in numbers, for a batch of mails (the mail's data layer reads them).
pub fn server_numbers(conn: &mut AnyConnection) -> diesel::QueryResult<ServerNumbers> {
    queries::server_numbers(conn)
}

/// Forgets reservations of rooms no meeting is held in that Jitsi let go over a day ago;
/// returns how many.
pub fn purge_released_reservations(
    conn: &mut AnyConnection,
    now: chrono::NaiveDateTime,
) -> Result<usize, AppError> {
    Ok(queries::purge_released_reservations(
        conn,
        now - chrono::TimeDelta::days(1),
    )?)
}

/// The server a hook request's bearer token (as digest) belongs to, for the events hook.
pub fn server_for_events_token(
    conn: &mut AnyConnection,
    digest: &str,
) -> Result<Option<HookServer>, AppError> {
    hooks::server_for_events(conn, digest)
}

/// The server a reservation request's bearer token (as digest) belongs to.
pub fn server_for_reservations_token(
    conn: &mut AnyConnection,
    digest: &str,
) -> Result<Option<HookServer>, AppError> {
    Ok(queries::hook_server(
        conn,
        queries::ServerBy::ReservationsToken(digest),
    )?)
}
