//! Meetings as page templates see them: one `Serialize` struct per template value, so a field
//! the template reads is a field the compiler knows.

use serde::Serialize;

use crate::accounts::User;
use crate::jitsi::RoomSettings;
use chrono::{DateTime, Utc};

use super::coming::{Coming, PersonComing, TallyView};
use super::repeat::DATES_SHOWN;
use crate::domain::{Locale, Role, Series, TimeZone, recurrence_id_text};
use crate::jitsi::ServerChoice;
use crate::meetings::{
    AgendaEntry, JoinLinks, MeetingDetail, Occurrence, Participant, dates_to_show,
};
use crate::when;

/// One meeting on the dashboard.
#[derive(Debug, Serialize)]
pub struct MeetingCard {
    id: String,
    title: String,
    when: String,
    organizer: String,
    invitees: i64,
    join_url: String,
    cancelled: bool,
    may_edit: bool,
    is_organizer: bool,
    /// One meeting of a series.
    in_series: bool,
    /// "Running now · 4 people", from the room events; empty when nobody is in the room.
    pub running_now: String,
    /// Today's meetings: the dashboard keeps "running now" current.
    pub live: bool,
}

impl MeetingCard {
    /// The meeting's id.
    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn new(entry: &AgendaEntry, viewer: &User, locale: Locale, links: &JoinLinks) -> Self {
        let meeting = &entry.meeting;
        MeetingCard {
            id: meeting.id.clone(),
            title: entry.title().to_owned(),
            when: when::span(
                locale,
                entry.starts_at(),
                entry.ends_at(),
                viewer_zone(viewer),
            ),
            organizer: entry.organizer_name.clone(),
            invitees: entry.invitee_count,
            join_url: links.url(&entry.own.id, entry.own.link_version),
            cancelled: entry.is_cancelled(),
            may_edit: entry.may_edit(viewer),
            is_organizer: entry.own.is_organizer,
            in_series: meeting.recurrence.is_some(),
            running_now: String::new(),
            live: false,
        }
    }
}

/// A meeting with everyone on it, for its editors.
#[derive(Debug, Serialize)]
pub struct MeetingView {
    id: String,
    title: String,
    description: String,
    when: String,
    /// The time in the zone it was planned in, when that differs from the viewer's.
    planned_in: Option<String>,
    organizer: OrganizerView,
    lobby: bool,
    join_minutes_before: i32,
    room: String,
    /// Room settings beyond the server's (only those set).
    room_settings: RoomSettings,
    revision: i32,
    cancelled: bool,
    /// The viewer's own link (administrators may have none).
    join_url: Option<String>,
    participants: Vec<ParticipantRow>,
    /// How many accepted, declined, … (for a series: for its next date).
    tally: TallyView,
    /// For a series: its rule in words and its dates.
    series: Option<SeriesView>,
}

/// A series on its page: the rule, the next dates and every date changed or cancelled alone.
#[derive(Debug, Serialize)]
struct SeriesView {
    rule: String,
    dates: Vec<DateRow>,
}

/// One date of a series, with what can be done to it.
#[derive(Debug, Serialize)]
struct DateRow {
    /// Its identity in URLs (`20270105T090000Z`).
    recurrence_id: String,
    when: String,
    /// Its own title, when changed alone.
    title: Option<String>,
    cancelled: bool,
    changed: bool,
    /// Over: shown, not offered for change.
    past: bool,
}

#[derive(Debug, Serialize)]
struct OrganizerView {
    name: String,
    email: String,
}

#[derive(Debug, Serialize)]
struct ParticipantRow {
    id: String,
    email: String,
    name: Option<String>,
    role: Role,
    language: String,
    has_account: bool,
    join_url: String,
    /// What became of their mail, and what they answered.
    #[serde(flatten)]
    coming: PersonComing,
}

impl ParticipantRow {
    fn new(participant: &Participant, links: &JoinLinks, coming: &Coming<'_>) -> Self {
        ParticipantRow {
            id: participant.id.clone(),
            email: participant.email.clone(),
            name: participant.display_name.clone(),
            role: participant.role,
            language: participant.locale.clone(),
            has_account: participant.user_id.is_some(),
            join_url: links.url(&participant.id, participant.link_version),
            coming: coming.person(participant),
        }
    }
}

impl MeetingView {
    /// `coming`: each person's deliveries and answers.
    pub fn new(
        detail: &MeetingDetail,
        viewer: &User,
        locale: Locale,
        links: &JoinLinks,
        coming: &Coming<'_>,
    ) -> Self {
        let meeting = &detail.meeting;
        let zone = viewer_zone(viewer);
        let planned_in = (meeting.zone() != zone).then(|| {
            when::span(locale, meeting.starts_at, meeting.ends_at, meeting.zone())
                + " · "
                + meeting.zone().name()
        });
        // A series' dates are expanded once: for its list and for its counts, which are those
        // of its next date (answers for that date count there).
        let now = Utc::now();
        let series = meeting.series().map(|series| {
            let dates = dates_to_show(meeting, &detail.exceptions, now, DATES_SHOWN);
            (series, dates)
        });
        let next_date = series
            .iter()
            .flat_map(|(_, dates)| dates)
            .find(|d| !d.cancelled && d.ends_at > now);
        let next_date = next_date.map(|d| recurrence_id_text(d.recurrence_id));
        MeetingView {
            id: meeting.id.clone(),
            title: meeting.title.clone(),
            description: meeting.description.clone(),
            when: when::span(locale, meeting.starts_at, meeting.ends_at, zone),
            planned_in,
            organizer: OrganizerView {
                name: detail.organizer.name.clone(),
                email: detail.organizer.email.clone(),
            },
            lobby: meeting.lobby_enabled,
            room_settings: RoomSettings::from_stored(&meeting.room_settings),
            join_minutes_before: meeting.join_minutes_before,
            room: meeting.room_name.clone(),
            revision: meeting.revision,
            cancelled: meeting.is_cancelled(),
            join_url: detail
                .own
                .as_ref()
                .map(|p| links.url(&p.id, p.link_version)),
            participants: detail
                .invitees()
                .map(|p| ParticipantRow::new(p, links, coming))
                .collect(),
            tally: coming.tally(detail, next_date.as_deref()),
            series: series
                .map(|(series, dates)| series_view(detail, &series, &dates, now, locale, zone)),
        }
    }
}

/// The series on its page: its rule in words and `dates` (the next ones and every exception).
fn series_view(
    detail: &MeetingDetail,
    series: &Series,
    dates: &[Occurrence],
    now: DateTime<Utc>,
    locale: Locale,
    zone: TimeZone,
) -> SeriesView {
    let meeting = &detail.meeting;
    let first = meeting
        .starts_at_utc()
        .with_timezone(&meeting.zone().tz())
        .date_naive();
    let dates = dates
        .iter()
        .map(|date| DateRow {
            recurrence_id: recurrence_id_text(date.recurrence_id),
            when: when::span(
                locale,
                date.starts_at.naive_utc(),
                date.ends_at.naive_utc(),
                zone,
            ),
            title: date.title.clone(),
            cancelled: date.cancelled,
            changed: date.changed,
            past: date.ends_at <= now,
        })
        .collect();
    SeriesView {
        rule: when::rule(locale, series.rule(), first),
        dates,
    }
}

/// A server offered in the meeting form.
#[derive(Debug, Serialize)]
pub struct ServerOption {
    id: String,
    name: String,
    is_default: bool,
}

impl From<ServerChoice> for ServerOption {
    fn from(choice: ServerChoice) -> Self {
        ServerOption {
            id: choice.id,
            name: choice.name,
            is_default: choice.is_default,
        }
    }
}

fn viewer_zone(viewer: &User) -> TimeZone {
    TimeZone::parse(&viewer.time_zone).unwrap_or_default()
}
