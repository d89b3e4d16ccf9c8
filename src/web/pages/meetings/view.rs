//! Meetings as page templates see them.

use serde_json::{Value, json};

use crate::accounts::User;
use crate::domain::{Locale, TimeZone};
use crate::jitsi::ServerChoice;
use crate::meetings::{AgendaEntry, JoinLinks, MeetingDetail};
use crate::when;

/// One meeting on the dashboard.
pub fn card(entry: &AgendaEntry, viewer: &User, locale: Locale, links: &JoinLinks) -> Value {
    let meeting = &entry.meeting;
    json!({
        "id": meeting.id,
        "title": meeting.title,
        "when": when::span(locale, meeting.starts_at, meeting.ends_at, viewer_zone(viewer)),
        "organizer": entry.organizer_name,
        "invitees": entry.invitee_count,
        "join_url": links.url(&entry.own.id, entry.own.link_version),
        "cancelled": meeting.is_cancelled(),
        "may_edit": entry.may_edit(viewer),
        "is_organizer": entry.own.is_organizer,
    })
}

/// A meeting with everyone on it, for its editors.
pub fn page(detail: &MeetingDetail, viewer: &User, locale: Locale, links: &JoinLinks) -> Value {
    let meeting = &detail.meeting;
    let zone = viewer_zone(viewer);
    // Show the planned zone's time too when it differs from the viewer's.
    let planned_in = (meeting.zone() != zone).then(|| {
        when::span(locale, meeting.starts_at, meeting.ends_at, meeting.zone())
            + " · "
            + meeting.zone().name()
    });
    let participants: Vec<Value> = detail
        .invitees()
        .map(|p| {
            json!({
                "id": p.id,
                "email": p.email,
                "name": p.display_name,
                "role": p.role,
                "language": p.locale,
                "has_account": p.user_id.is_some(),
                "join_url": links.url(&p.id, p.link_version),
            })
        })
        .collect();
    json!({
        "id": meeting.id,
        "title": meeting.title,
        "description": meeting.description,
        "when": when::span(locale, meeting.starts_at, meeting.ends_at, zone),
        "planned_in": planned_in,
        "organizer": { "name": detail.organizer.name, "email": detail.organizer.email },
        "lobby": meeting.lobby_enabled,
        "join_minutes_before": meeting.join_minutes_before,
        "room": meeting.room_name,
        "revision": meeting.revision,
        "cancelled": meeting.is_cancelled(),
        "join_url": detail.own.as_ref().map(|p| links.url(&p.id, p.link_version)),
        "participants": participants,
    })
}

/// The servers offered in the form.
pub fn servers(choices: &[ServerChoice]) -> Value {
    choices
        .iter()
        .map(|s| json!({ "id": s.id, "name": s.name, "is_default": s.is_default }))
        .collect()
}

fn viewer_zone(viewer: &User) -> TimeZone {
    TimeZone::parse(&viewer.time_zone).unwrap_or_default()
}
