//! The room events of the jitsi-contrib `event_sync` component: who came into a meeting's
//! rooms and when they left.
//!
//! The component retries on 5xx and time-outs, so every event may arrive more than once and
//! out of order: a stay is named by its meeting, its occupant's JID and the second it began,
//! and every event only adds what it knows. Breakout rooms report their main room as
//! `room_name` and their own id as `breakout_room_id`; their stays count toward the main room.

use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use diesel::Connection;
use serde::Deserialize;

use super::model::{HookServer, OccupantKind, RoomStay};
use super::queries;
use super::rooms;
use crate::db::{AnyConnection, new_row_id};
use crate::error::AppError;

/// Which of the four posts arrived (by its path).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    RoomCreated,
    RoomDestroyed,
    OccupantJoined,
    OccupantLeft,
}

/// One event's body, as the component sends it (unknown fields are ignored; `include_user_info`
/// adds more of the token's `context.user`).
#[derive(Debug, Clone, Deserialize)]
pub struct RoomEvent {
    pub event_name: Option<String>,
    /// The main room's name (for breakout rooms too).
    pub room_name: String,
    pub room_jid: Option<String>,
    #[serde(default)]
    pub is_breakout: bool,
    /// The breakout room's own name.
    pub breakout_room_id: Option<String>,
    pub created_at: Option<i64>,
    pub destroyed_at: Option<i64>,
    pub occupant: Option<Occupant>,
    /// Every occupant the room had (`muc-room-destroyed`); Lua's encoder writes an empty one
    /// as `{}`, so any JSON is taken and only objects inside it are read.
    #[serde(default)]
    pub all_occupants: serde_json::Value,
}

/// An occupant as the component describes it: its JID, and `name`, `email`, `id` from the
/// token's `context.user`.
#[derive(Debug, Clone, Deserialize)]
pub struct Occupant {
    pub occupant_jid: String,
    pub name: Option<String>,
    pub email: Option<String>,
    /// Our token's `context.user.id`: the participant's id. Any JSON (a number from another
    /// issuer is no participant of ours).
    #[serde(default)]
    pub id: serde_json::Value,
    pub joined_at: Option<i64>,
    pub left_at: Option<i64>,
}

impl Occupant {
    /// What the occupant is, or `None` for Jicofo's `focus`, which is no one.
    pub fn kind(&self) -> Option<OccupantKind> {
        kind_of_jid(&self.occupant_jid)
    }
}

/// Tells an occupant's kind from its real JID: `focus@auth.…` is Jicofo; Jibri joins from
/// `recorder@recorder.…` (or a hidden domain), Jigasi as `jigasi@auth.…`.
pub fn kind_of_jid(jid: &str) -> Option<OccupantKind> {
    let jid = jid.to_ascii_lowercase();
    let (bare, resource) = jid.split_once('/').unwrap_or((jid.as_str(), ""));
    let (node, domain) = bare.split_once('@').unwrap_or(("", bare));
    if node == "focus" || resource == "focus" {
        return None;
    }
    let recorder = node.starts_with("jibri")
        || node == "recorder"
        || domain.starts_with("recorder.")
        || domain.starts_with("hidden.");
    if recorder {
        return Some(OccupantKind::Recorder);
    }
    if node.starts_with("jigasi")
        || domain.starts_with("jigasi.")
        || node.starts_with("transcriber")
    {
        return Some(OccupantKind::Phone);
    }
    Some(OccupantKind::Person)
}

/// What became of an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ingested {
    /// Recorded (or already known: a retry).
    Recorded,
    /// About a room no meeting of this server is held in, or about `focus`: nothing to keep.
    Ignored,
}

/// Records one event for `server`. Rooms of other servers' meetings are ignored: a server's
/// token speaks only for its own rooms.
pub fn ingest(
    conn: &mut AnyConnection,
    server: &HookServer,
    kind: EventKind,
    event: &RoomEvent,
    now: DateTime<Utc>,
    grace: TimeDelta,
) -> Result<Ingested, AppError> {
    let Some(planned) = rooms::meeting_in_room(conn, &event.room_name, now, grace)? else {
        return Ok(Ingested::Ignored);
    };
    if !planned.runs_on(server) {
        return Ok(Ingested::Ignored);
    }
    let meeting_id = planned.meeting.id.as_str();
    let breakout = event
        .breakout_room_id
        .as_deref()
        .filter(|_| event.is_breakout);
    let now_naive = now.naive_utc();
    match kind {
        EventKind::RoomCreated => {
            // A main room begins anew: stays still open from an earlier one lost their events.
            if !event.is_breakout {
                let at = seconds(event.created_at).unwrap_or(now_naive);
                queries::close_open_stays(conn, meeting_id, None, at)?;
            }
            Ok(Ingested::Recorded)
        }
        EventKind::OccupantJoined | EventKind::OccupantLeft => {
            let Some(occupant) = &event.occupant else {
                return Err(AppError::MalformedJson("the event has no occupant".into()));
            };
            let left = (kind == EventKind::OccupantLeft)
                .then(|| seconds(occupant.left_at).unwrap_or(now_naive));
            record(conn, meeting_id, breakout, occupant, left, now_naive)
        }
        EventKind::RoomDestroyed => {
            let at = seconds(event.destroyed_at).unwrap_or(now_naive);
            conn.transaction(|conn| {
                for occupant in all_occupants(&event.all_occupants) {
                    let left = seconds(occupant.left_at).unwrap_or(at);
                    record(conn, meeting_id, breakout, &occupant, Some(left), now_naive)?;
                }
                queries::close_open_stays(conn, meeting_id, breakout, at)?;
                Ok::<_, AppError>(())
            })?;
            Ok(Ingested::Recorded)
        }
    }
}

fn record(
    conn: &mut AnyConnection,
    meeting_id: &str,
    breakout: Option<&str>,
    occupant: &Occupant,
    left_at: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> Result<Ingested, AppError> {
    let Some(kind) = occupant.kind() else {
        return Ok(Ingested::Ignored);
    };
    // Only our own ids of this meeting's invitees count: a token's id is the client's word.
    let participant_id = match occupant.id.as_str() {
        Some(id) if queries::is_participant(conn, meeting_id, id)? => Some(id.to_owned()),
        _ => None,
    };
    let name = occupant
        .name
        .as_deref()
        .map(|n| n.chars().filter(|c| !c.is_control()).take(200).collect())
        .unwrap_or_default();
    let stay = RoomStay {
        id: new_row_id(),
        meeting_id: meeting_id.to_owned(),
        occupant_jid: occupant.occupant_jid.chars().take(500).collect(),
        breakout_room: breakout.map(|b| b.chars().take(200).collect()),
        participant_id,
        name,
        kind: kind.as_str().to_owned(),
        joined_at: seconds(occupant.joined_at).unwrap_or(now),
        left_at,
    };
    queries::record_stay(conn, &stay)?;
    Ok(Ingested::Recorded)
}

/// The occupants of a destroyed room, whether Lua wrote them as an array or an object.
fn all_occupants(value: &serde_json::Value) -> Vec<Occupant> {
    let items: Vec<&serde_json::Value> = match value {
        serde_json::Value::Array(items) => items.iter().collect(),
        serde_json::Value::Object(map) => map.values().collect(),
        _ => Vec::new(),
    };
    items
        .into_iter()
        .filter_map(|item| serde_json::from_value(item.clone()).ok())
        .collect()
}

/// Seconds since 1970 (`os.time()`) as a stored time.
fn seconds(value: Option<i64>) -> Option<NaiveDateTime> {
    DateTime::from_timestamp(value?, 0).map(|t| t.naive_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn occupants_are_told_apart_by_their_jid() {
        assert_eq!(kind_of_jid("focus@auth.meet.example.org/focus"), None);
        assert_eq!(
            kind_of_jid("recorder@recorder.meet.example.org/jibri-1"),
            Some(OccupantKind::Recorder)
        );
        assert_eq!(
            kind_of_jid("jigasi@auth.meet.example.org/abc"),
            Some(OccupantKind::Phone)
        );
        assert_eq!(
            kind_of_jid("14f0a1b2@meet.example.org/OWhl"),
            Some(OccupantKind::Person)
        );
    }

    #[test]
    fn an_empty_occupant_list_from_lua_reads_as_none() {
        assert!(all_occupants(&serde_json::json!({})).is_empty());
        let listed = all_occupants(&serde_json::json!([
            {"occupant_jid": "a@meet.example.org/x", "joined_at": 1, "left_at": 2}
        ]));
        assert_eq!(listed.len(), 1);
    }
}
