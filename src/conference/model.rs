//! The rows of the hooks: a server's hook settings, a stay in a room, a reservation.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::settings::{DialInNumber, ReservationPolicy};
use crate::db::schema::{jitsi_reservations, jitsi_server_hooks, room_stays};

/// A server's hook settings as stored.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = jitsi_server_hooks, treat_none_as_null = true)]
pub struct ServerHooks {
    pub server_id: String,
    pub muc_domain: Option<String>,
    /// JSON array of [`DialInNumber`].
    pub dial_in_numbers: String,
    /// HMAC of the events bearer token (see `HookTokens`).
    pub events_token_digest: Option<String>,
    /// `off`, `refuse-unplanned` or `allow-unplanned`.
    pub reservations: String,
    pub reservations_token_digest: Option<String>,
    pub reservations_lobby: bool,
    /// JSON array of `RoomPreset`.
    pub room_presets: String,
    pub updated_at: NaiveDateTime,
}

impl ServerHooks {
    /// The numbers; a stored list that no longer reads counts as none.
    pub fn numbers(&self) -> Vec<DialInNumber> {
        serde_json::from_str(&self.dial_in_numbers).unwrap_or_default()
    }

    /// What the reservation hook does.
    pub fn policy(&self) -> ReservationPolicy {
        ReservationPolicy::parse(&self.reservations).unwrap_or_default()
    }

    /// Whether callers can reach this server's meetings by phone.
    pub fn has_dial_in(&self) -> bool {
        self.muc_domain.is_some() && !self.numbers().is_empty()
    }
}

/// A server whose hook a request reached: its id, where its web client runs, whether it takes
/// meetings planned before servers existed, and its settings.
#[derive(Debug, Clone)]
pub struct HookServer {
    pub id: String,
    /// `https://meet.example.org[/tenant]`.
    pub base_url: String,
    pub is_default: bool,
    pub hooks: ServerHooks,
}

impl HookServer {
    /// The origin Jitsi's web client runs at (for CORS): scheme, host and port.
    pub fn web_origin(&self) -> Option<String> {
        url::Url::parse(&self.base_url)
            .ok()
            .map(|url| url.origin().ascii_serialization())
    }
}

/// What an occupant was, told from its JID and name: people count, recorders do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OccupantKind {
    /// Someone in a browser or app.
    Person,
    /// A caller through Jigasi.
    Phone,
    /// Jibri recording or streaming.
    Recorder,
}

impl OccupantKind {
    /// The stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            OccupantKind::Person => "person",
            OccupantKind::Phone => "phone",
            OccupantKind::Recorder => "recorder",
        }
    }

    /// Reads the stored form.
    pub fn from_stored(raw: &str) -> OccupantKind {
        match raw {
            "phone" => OccupantKind::Phone,
            "recorder" => OccupantKind::Recorder,
            _ => OccupantKind::Person,
        }
    }
}

/// One stay of one occupant in the main room or a breakout room.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = room_stays)]
pub struct RoomStay {
    pub id: String,
    pub meeting_id: String,
    pub occupant_jid: String,
    pub breakout_room: Option<String>,
    pub participant_id: Option<String>,
    pub name: String,
    /// See [`OccupantKind`].
    pub kind: String,
    pub joined_at: NaiveDateTime,
    pub left_at: Option<NaiveDateTime>,
}

/// A reservation Jitsi asked for, by the number it knows it by.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = jitsi_reservations)]
pub struct Reservation {
    pub id: i64,
    pub server_id: String,
    pub room_name: String,
    pub meeting_id: Option<String>,
    pub mail_owner: String,
    pub active: bool,
    pub updated_at: NaiveDateTime,
}
