//! Request bodies of the meetings API, and how they become checked plans and changes.
//!
//! Every field is read leniently (`Option`) so that a missing or bad value is reported by name
//! together with every other bad field, instead of failing on the first.

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::participant_input::{ParticipantInput, parse_participants};
use super::recurrence_input::{RecurrenceInput, series_of};
use super::room_settings_input::{RoomSettingsInput, find_preset};
use crate::accounts::User;
use crate::conference::OfferedPreset;
use crate::domain::{
    Description, FieldError, MAX_DURATION_MINUTES, MIN_DURATION_MINUTES, MeetingTitle, Schedule,
    Series, TimeZone, zoned_instant,
};
use crate::error::FieldErrors;
use crate::jitsi::RoomSettings;
use crate::meetings::{
    DEFAULT_JOIN_MINUTES, Meeting, MeetingChanges, MeetingPlan, parse_join_minutes, series_after,
};

/// A new meeting. Serialize gives the canonical form an `Idempotency-Key` fingerprints.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateMeeting {
    /// 1 to 200 characters, one line.
    #[schema(required = true, example = "Jour fixe Digitalisierung")]
    pub title: Option<String>,
    /// Plain text, up to 10,000 characters; shown with line breaks, links made clickable.
    pub description: Option<String>,
    /// RFC 3339 with offset.
    #[schema(required = true, example = "2026-12-01T10:00:00+01:00")]
    pub starts_at: Option<String>,
    /// 5 to 1440; give this or `ends_at`.
    #[schema(example = 60)]
    pub duration_minutes: Option<i64>,
    /// RFC 3339 with offset; give this or `duration_minutes`.
    pub ends_at: Option<String>,
    /// IANA zone the meeting is planned in; defaults to the caller's zone.
    #[schema(example = "Europe/Berlin")]
    pub timezone: Option<String>,
    /// The Jitsi server; defaults to the default server.
    pub server_id: Option<String>,
    /// Participants wait in a lobby until a moderator admits them (default false).
    pub lobby: Option<bool>,
    /// Minutes before the start people may join, 0 to 1440 (default 15).
    pub join_minutes_before: Option<i64>,
    /// Who to invite (at most 500); duplicates are merged case-insensitively.
    pub participants: Option<Vec<ParticipantInput>>,
    /// Makes the meeting a series; `starts_at` is then its first meeting.
    pub recurrence: Option<RecurrenceInput>,
    /// Room settings beyond the server's defaults.
    pub room_settings: Option<RoomSettingsInput>,
    /// A preset of the server's (by name): its waiting room and room settings, and its server,
    /// unless this body says otherwise.
    #[schema(example = "Bürgersprechstunde")]
    pub preset: Option<String>,
}

/// Changes to a meeting; absent fields stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateMeeting {
    /// 1 to 200 characters, one line.
    pub title: Option<String>,
    /// Plain text, up to 10,000 characters.
    pub description: Option<String>,
    /// RFC 3339 with offset; the duration is kept unless `ends_at` or `duration_minutes` is given.
    pub starts_at: Option<String>,
    /// 5 to 1440.
    pub duration_minutes: Option<i64>,
    /// RFC 3339 with offset.
    pub ends_at: Option<String>,
    /// IANA zone.
    pub timezone: Option<String>,
    /// Another Jitsi server; `null` removes it.
    #[serde(default, deserialize_with = "super::json::present")]
    #[schema(value_type = Option<String>)]
    pub server_id: Option<Option<String>>,
    /// Lobby on or off.
    pub lobby: Option<bool>,
    /// 0 to 1440.
    pub join_minutes_before: Option<i64>,
    /// A new rule for the whole series (or makes the meeting one); `null` makes a series a
    /// single meeting (its first).
    #[serde(default, deserialize_with = "super::json::present")]
    #[schema(value_type = Option<RecurrenceInput>)]
    pub recurrence: Option<Option<RecurrenceInput>>,
    /// Room settings; absent fields stay as they are.
    pub room_settings: Option<RoomSettingsInput>,
}

impl CreateMeeting {
    /// Fills what the body leaves open from the named preset: its server, its waiting room and
    /// its room settings. No preset named: unchanged.
    pub fn with_preset(mut self, presets: &[OfferedPreset]) -> Result<CreateMeeting, FieldErrors> {
        let Some(name) = self.preset.take() else {
            return Ok(self);
        };
        let preset = find_preset(presets, &name, self.server_id.as_deref()).map_err(|e| {
            let mut errors = FieldErrors::new();
            errors.add("preset", e);
            errors
        })?;
        let given = self.room_settings.take().unwrap_or_default();
        let base = preset.preset.settings;
        self.server_id
            .get_or_insert_with(|| preset.server_id.clone());
        if self.lobby.is_none() {
            self.lobby = preset.preset.lobby;
        }
        self.room_settings = Some(RoomSettingsInput {
            screen_sharing: given
                .screen_sharing
                .or_else(|| Some(base.screen_sharing.as_str().to_owned())),
            recording: given
                .recording
                .or_else(|| Some(base.recording.as_str().to_owned())),
            private_chat: given
                .private_chat
                .or_else(|| Some(base.private_chat.as_str().to_owned())),
            start_muted: given.start_muted.or(Some(base.start_muted)),
        });
        Ok(self)
    }

    /// The checked plan, or every refused field at once.
    pub fn into_plan(
        self,
        organizer: &User,
        now: DateTime<Utc>,
    ) -> Result<MeetingPlan, FieldErrors> {
        let mut errors = FieldErrors::new();
        let (title, description, zone) = headline(
            self.title.as_deref(),
            self.description.as_deref(),
            self.timezone.as_deref(),
            organizer,
            &mut errors,
        );
        let starts_at = match self.starts_at.as_deref() {
            Some(raw) => errors.check("starts_at", parse_instant(raw, zone)),
            None => {
                errors.add("starts_at", FieldError::new("required"));
                None
            }
        };
        let end = end_of(
            starts_at,
            self.ends_at.as_deref(),
            self.duration_minutes,
            zone,
            &mut errors,
        );
        let schedule = match (starts_at, end, zone) {
            (Some(starts_at), Some((ends_at, end_field)), Some(zone)) => errors.check_schedule(
                Schedule::new(starts_at, ends_at, zone, now, false),
                "starts_at",
                end_field,
            ),
            _ => None,
        };
        let join_minutes_before = errors.check(
            "join_minutes_before",
            self.join_minutes_before
                .map_or(Ok(DEFAULT_JOIN_MINUTES), parse_join_minutes),
        );
        let invitees = parse_participants(self.participants.unwrap_or_default(), &mut errors);
        let room = self
            .room_settings
            .unwrap_or_default()
            .over(RoomSettings::default(), &mut errors);
        let series = match (&self.recurrence, schedule) {
            (Some(input), Some(schedule)) => errors
                .check(
                    "recurrence",
                    series_of(
                        input,
                        schedule.time_zone(),
                        schedule.starts_at(),
                        schedule.ends_at(),
                    ),
                )
                .map(Some),
            _ => Some(None),
        };
        match (
            title,
            description,
            schedule,
            join_minutes_before,
            series,
            room,
        ) {
            (
                Some(title),
                Some(description),
                Some(schedule),
                Some(join_minutes_before),
                Some(series),
                Some(room),
            ) if errors.is_empty() => Ok(MeetingPlan {
                series,
                title,
                description,
                schedule,
                server_id: self.server_id,
                lobby: self.lobby.unwrap_or(false),
                join_minutes_before,
                invitees,
                room,
            }),
            _ => Err(errors),
        }
    }
}

impl UpdateMeeting {
    /// The checked changes to `meeting`, or every refused field at once.
    pub fn into_changes(
        self,
        meeting: &Meeting,
        now: DateTime<Utc>,
    ) -> Result<MeetingChanges, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut changes = MeetingChanges {
            title: self
                .title
                .as_deref()
                .and_then(|raw| errors.check("title", MeetingTitle::parse(raw))),
            description: self
                .description
                .as_deref()
                .and_then(|raw| errors.check("description", Description::parse(raw))),
            server_id: self.server_id.clone(),
            lobby: self.lobby,
            join_minutes_before: self
                .join_minutes_before
                .and_then(|m| errors.check("join_minutes_before", parse_join_minutes(m))),
            schedule: None,
            series: None,
            room: self.room_settings.as_ref().and_then(|input| {
                input.over(
                    RoomSettings::from_stored(&meeting.room_settings),
                    &mut errors,
                )
            }),
        };
        let time_changes = self.starts_at.is_some()
            || self.ends_at.is_some()
            || self.duration_minutes.is_some()
            || self.timezone.is_some();
        if time_changes {
            let zone = match self.timezone.as_deref() {
                Some(raw) => errors.check("timezone", TimeZone::parse(raw)),
                None => Some(meeting.zone()),
            };
            let starts_at = match self.starts_at.as_deref() {
                Some(raw) => errors.check("starts_at", parse_instant(raw, zone)),
                None => Some(meeting.starts_at_utc()),
            };
            let end = if self.ends_at.is_none() && self.duration_minutes.is_none() {
                starts_at.map(|s| {
                    (
                        s + TimeDelta::minutes(meeting.duration_minutes()),
                        "starts_at",
                    )
                })
            } else {
                end_of(
                    starts_at,
                    self.ends_at.as_deref(),
                    self.duration_minutes,
                    zone,
                    &mut errors,
                )
            };
            if let (Some(starts_at), Some((ends_at, end_field)), Some(zone)) =
                (starts_at, end, zone)
            {
                // A series that has begun moves as a whole, its first meeting included.
                let keep_past_start =
                    starts_at == meeting.starts_at_utc() || meeting.recurrence.is_some();
                changes.schedule = errors.check_schedule(
                    Schedule::new(starts_at, ends_at, zone, now, keep_past_start),
                    "starts_at",
                    end_field,
                );
            }
        }
        changes.series = self.series_changes(meeting, changes.schedule, &mut errors);
        if errors.is_empty() {
            Ok(changes)
        } else {
            Err(errors)
        }
    }

    /// The series after the change (see `meetings::series_after`).
    fn series_changes(
        &self,
        meeting: &Meeting,
        schedule: Option<Schedule>,
        errors: &mut FieldErrors,
    ) -> Option<Option<Series>> {
        let zone = schedule.map_or_else(|| meeting.zone(), |s| s.time_zone());
        let rule = match &self.recurrence {
            Some(Some(input)) => Some(Some(errors.check("recurrence", input.rule(zone))?)),
            Some(None) => Some(None),
            None => None,
        };
        errors
            .check("recurrence", series_after(meeting, schedule.as_ref(), rule))
            .flatten()
    }
}

/// The title, description and zone of a new meeting or poll, each checked; the zone defaults to
/// the organizer's.
pub(super) fn headline(
    title: Option<&str>,
    description: Option<&str>,
    timezone: Option<&str>,
    organizer: &User,
    errors: &mut FieldErrors,
) -> (Option<MeetingTitle>, Option<Description>, Option<TimeZone>) {
    let title = errors.check("title", MeetingTitle::parse(title.unwrap_or_default()));
    let description = errors.check(
        "description",
        Description::parse(description.unwrap_or_default()),
    );
    let zone = match timezone {
        Some(raw) => errors.check("timezone", TimeZone::parse(raw)),
        None => Some(TimeZone::parse(&organizer.time_zone).unwrap_or_default()),
    };
    (title, description, zone)
}

/// An RFC 3339 time; with the meeting's zone known, an offset the zone does not have at that
/// moment is refused (see `schedule::zoned_instant`).
pub(super) fn parse_instant(
    raw: &str,
    zone: Option<TimeZone>,
) -> Result<DateTime<Utc>, FieldError> {
    let at = DateTime::parse_from_rfc3339(raw.trim())
        .map_err(|_| FieldError::new("datetime_invalid"))?;
    match zone {
        Some(zone) => zoned_instant(at, zone),
        None => Ok(at.to_utc()),
    }
}

/// The end from exactly one of `ends_at` and `duration_minutes`, with the field it came from.
pub(super) fn end_of(
    starts_at: Option<DateTime<Utc>>,
    ends_at: Option<&str>,
    duration_minutes: Option<i64>,
    zone: Option<TimeZone>,
    errors: &mut FieldErrors,
) -> Option<(DateTime<Utc>, &'static str)> {
    match (ends_at, duration_minutes) {
        (Some(_), Some(_)) => {
            errors.add("ends_at", FieldError::new("end_twice"));
            None
        }
        (None, None) => {
            errors.add("duration_minutes", FieldError::new("end_required"));
            None
        }
        (Some(raw), None) => errors
            .check("ends_at", parse_instant(raw, zone))
            .map(|t| (t, "ends_at")),
        (None, Some(minutes)) => {
            // Checked here so that absurd numbers cannot overflow the addition.
            if !(1..=100_000).contains(&minutes) {
                errors.add(
                    "duration_minutes",
                    FieldError::new("out_of_range")
                        .with("min", MIN_DURATION_MINUTES)
                        .with("max", MAX_DURATION_MINUTES),
                );
                return None;
            }
            starts_at.map(|s| (s + TimeDelta::minutes(minutes), "duration_minutes"))
        }
    }
}
