//! Who was in a meeting's room, read from the stays the room events left: "running now · 4
//! people" while it runs, and afterwards one line per person with their minutes.

use std::collections::HashMap;

use chrono::{NaiveDateTime, TimeDelta};
use serde::Serialize;

use super::model::{OccupantKind, RoomStay};
use super::queries;
use crate::db::AnyConnection;
use crate::error::AppError;

/// An open stay older than this is an event that was lost, not someone still there.
const LONGEST_STAY: TimeDelta = TimeDelta::hours(24);

/// People in each of these meetings' rooms now (meetings with nobody are left out).
pub fn present_now(
    conn: &mut AnyConnection,
    meeting_ids: &[&str],
    now: NaiveDateTime,
) -> Result<HashMap<String, i64>, AppError> {
    if meeting_ids.is_empty() {
        return Ok(HashMap::new());
    }
    // One occupant in the main room and a breakout room at once (events crossing) is one.
    let mut seen = std::collections::HashSet::new();
    let mut present: HashMap<String, i64> = HashMap::new();
    for (meeting, occupant) in queries::open_stays(conn, meeting_ids, now - LONGEST_STAY)? {
        if seen.insert((meeting.clone(), occupant)) {
            *present.entry(meeting).or_default() += 1;
        }
    }
    Ok(present)
}

/// One person's time in the rooms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attendee {
    /// The invitee it was (matched by the token's `context.user.id`), if any.
    pub participant_id: Option<String>,
    /// The name shown in the room (for invitees who gave none: as invited, else their address).
    pub name: String,
    /// The invitee's address (never for people who came without an invitation of ours).
    pub email: Option<String>,
    /// `person` or `phone`.
    pub kind: &'static str,
    /// When they first came (UTC).
    pub first_joined_at: NaiveDateTime,
    /// When they last left (UTC); `None` while they are still there.
    pub last_left_at: Option<NaiveDateTime>,
    /// Minutes in the rooms, overlapping stays (main and breakout) counted once.
    pub minutes: i64,
    /// How often they came in (a dropped connection makes two).
    pub stays: usize,
}

/// Everyone who was in the rooms, in the order they first came: invitees by their invitation,
/// others by the name they gave. Recorders are left out; still-open stays count until `now`.
pub fn attendance(
    conn: &mut AnyConnection,
    meeting_id: &str,
    now: NaiveDateTime,
) -> Result<Vec<Attendee>, AppError> {
    let rows = queries::stays_of(conn, meeting_id)?;
    let invitees: HashMap<String, (String, Option<String>)> = rows
        .iter()
        .filter_map(|(stay, invitee)| Some((stay.participant_id.clone()?, invitee.clone()?)))
        .collect();
    let stays: Vec<RoomStay> = rows.into_iter().map(|(stay, _)| stay).collect();
    let mut list = attendees(&stays, now);
    for attendee in &mut list {
        let Some((email, invited_name)) = attendee
            .participant_id
            .as_ref()
            .and_then(|id| invitees.get(id))
        else {
            continue;
        };
        if attendee.name.is_empty() {
            attendee.name = invited_name.clone().unwrap_or_else(|| email.clone());
        }
        attendee.email = Some(email.clone());
    }
    Ok(list)
}

/// [`attendance`] over stays already read.
pub fn attendees(stays: &[RoomStay], now: NaiveDateTime) -> Vec<Attendee> {
    let mut order: Vec<String> = Vec::new();
    let mut groups: HashMap<String, Vec<&RoomStay>> = HashMap::new();
    for stay in stays {
        let kind = OccupantKind::from_stored(&stay.kind);
        if kind == OccupantKind::Recorder {
            continue;
        }
        let key = match &stay.participant_id {
            Some(id) => format!("p:{id}"),
            None => format!("n:{}:{}", kind.as_str(), stay.name.to_lowercase()),
        };
        let group = groups.entry(key.clone()).or_default();
        if group.is_empty() {
            order.push(key);
        }
        group.push(stay);
    }
    order
        .into_iter()
        .filter_map(|key| groups.remove(&key))
        .filter_map(|group| attendee(&group, now))
        .collect()
}

fn attendee(stays: &[&RoomStay], now: NaiveDateTime) -> Option<Attendee> {
    let first = stays.first()?;
    let open = stays.iter().any(|s| s.left_at.is_none());
    let mut spans: Vec<(NaiveDateTime, NaiveDateTime)> = stays
        .iter()
        .map(|s| {
            let until = s
                .left_at
                .unwrap_or_else(|| now.min(s.joined_at + LONGEST_STAY));
            (s.joined_at, until.max(s.joined_at))
        })
        .collect();
    spans.sort();
    let mut total = TimeDelta::zero();
    let mut current: Option<(NaiveDateTime, NaiveDateTime)> = None;
    for (from, until) in spans {
        current = match current {
            Some((start, end)) if from <= end => Some((start, end.max(until))),
            Some((start, end)) => {
                total += end - start;
                Some((from, until))
            }
            None => Some((from, until)),
        };
    }
    if let Some((start, end)) = current {
        total += end - start;
    }
    let name = stays
        .iter()
        .map(|s| s.name.as_str())
        .find(|n| !n.is_empty())
        .unwrap_or_default()
        .to_owned();
    Some(Attendee {
        participant_id: first.participant_id.clone(),
        name,
        email: None,
        kind: OccupantKind::from_stored(&first.kind).as_str(),
        first_joined_at: stays.iter().map(|s| s.joined_at).min()?,
        last_left_at: if open {
            None
        } else {
            stays.iter().filter_map(|s| s.left_at).max()
        },
        // Rounded to the nearest minute: a 40-second stay is a minute, not none.
        minutes: (total.num_seconds() + 30) / 60,
        stays: stays.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(minute: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 12, 1)
            .unwrap()
            .and_hms_opt(10, minute, 0)
            .unwrap()
    }

    fn stay(who: Option<&str>, name: &str, kind: &str, from: u32, until: Option<u32>) -> RoomStay {
        RoomStay {
            id: format!("{name}{from}"),
            meeting_id: "m".into(),
            occupant_jid: format!("{name}@meet/{from}"),
            breakout_room: None,
            participant_id: who.map(str::to_owned),
            name: name.into(),
            kind: kind.into(),
            joined_at: at(from),
            left_at: until.map(at),
        }
    }

    #[test]
    fn overlapping_stays_count_once_and_recorders_not_at_all() {
        let stays = [
            stay(Some("p1"), "Ada", "person", 0, Some(30)),
            // In a breakout room from 20 to 40: ten minutes overlap the main room.
            stay(Some("p1"), "Ada", "person", 20, Some(40)),
            stay(None, "Recorder", "recorder", 0, Some(59)),
            stay(None, "+49 721", "phone", 5, None),
        ];
        let list = attendees(&stays, at(15));
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].minutes, 40);
        assert_eq!(list[0].stays, 2);
        assert_eq!(list[0].last_left_at, Some(at(40)));
        assert_eq!(list[1].kind, "phone");
        assert_eq!(list[1].minutes, 10);
        assert_eq!(list[1].last_left_at, None);
    }
}
