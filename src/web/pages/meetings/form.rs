//! The meeting form (create and edit): wall-clock date and times in a chosen zone.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

use crate::accounts::User;
use crate::conference::OfferedPreset;
use crate::domain::{
    Description, FieldError, Locale, MeetingTitle, Role, Schedule, TimeZone, local_instant,
    parse_address_list,
};
use crate::error::FieldErrors;
use crate::jitsi::RoomSettings;
use crate::meetings::{
    DEFAULT_JOIN_MINUTES, Invitee, MAX_INVITEES, Meeting, MeetingChanges, MeetingDetail,
    MeetingPlan, parse_join_minutes_text,
};

/// The form as typed; every field a string so a refused form comes back exactly as sent.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct MeetingForm {
    pub title: String,
    pub description: String,
    /// `YYYY-MM-DD` (`<input type="date">`).
    pub date: String,
    /// `HH:MM` (`<input type="time">`).
    pub start_time: String,
    /// `YYYY-MM-DD` of the end, for meetings past midnight or over days; empty: `date`.
    pub end_date: String,
    /// `HH:MM` on `end_date`.
    pub end_time: String,
    pub time_zone: String,
    pub server_id: String,
    /// Present (`on`) when the checkbox is ticked.
    pub lobby: Option<String>,
    pub join_minutes_before: String,
    /// Addresses separated by commas, semicolons or lines (create only).
    pub invitees: String,
    /// The role for everyone in `invitees`.
    pub invitee_role: String,
    /// The mail language for everyone in `invitees`; empty: each account's, else the organizer's.
    pub invitee_language: String,
    /// The meeting this one is planned like ("Plan a similar meeting"): people who were on it
    /// keep their role and language.
    pub like: String,
    /// How it repeats (see `repeat.rs`): empty for once, `daily`, `workdays`, `weekly`,
    /// `monthly_day`, `monthly_weekday`, `monthly_last_weekday` or `yearly`.
    pub repeat: String,
    /// Every N days, weeks, months or years.
    pub repeat_interval: String,
    /// The weekdays of a weekly series, one checkbox each (`on` when ticked).
    pub repeat_mo: Option<String>,
    pub repeat_tu: Option<String>,
    pub repeat_we: Option<String>,
    pub repeat_th: Option<String>,
    pub repeat_fr: Option<String>,
    pub repeat_sa: Option<String>,
    pub repeat_su: Option<String>,
    /// `never`, `until` or `count`.
    pub repeat_end: String,
    /// The last day (`YYYY-MM-DD`) when `repeat_end` is `until`.
    pub repeat_until: String,
    /// How many meetings when `repeat_end` is `count`.
    pub repeat_count: String,
    /// Present when "Show the dates" was pressed: check and show the dates, save nothing.
    pub preview: Option<String>,
    /// Who may share their screen: `default`, `moderators` or `everyone`.
    pub screen_sharing: String,
    /// Who may record or stream: `default`, `moderators` or `nobody`.
    pub recording: String,
    /// Who may chat privately: `default`, `moderators` or `everyone`.
    pub private_chat: String,
    /// Present (`on`) when people start muted.
    pub start_muted: Option<String>,
    /// A preset's key (`<server id>/<name>`) when its button was pressed: fill the form with
    /// it, save nothing.
    pub preset: String,
}

impl MeetingForm {
    /// An empty form for a new meeting: tomorrow 10:00–11:00 in the organizer's zone.
    pub fn blank(organizer: &User, now: DateTime<Utc>) -> MeetingForm {
        let zone = TimeZone::parse(&organizer.time_zone).unwrap_or_default();
        let tomorrow = now.with_timezone(&zone.tz()).date_naive() + chrono::TimeDelta::days(1);
        MeetingForm {
            date: tomorrow.format("%Y-%m-%d").to_string(),
            start_time: "10:00".to_owned(),
            end_date: tomorrow.format("%Y-%m-%d").to_string(),
            end_time: "11:00".to_owned(),
            time_zone: zone.name().to_owned(),
            join_minutes_before: DEFAULT_JOIN_MINUTES.to_string(),
            invitee_role: Role::Participant.as_str().to_owned(),
            ..MeetingForm::default()
        }
    }

    /// A new meeting like `detail`: its title, agenda, people, lobby, server and hours, a week
    /// later (or tomorrow, if that has passed).
    pub fn similar(detail: &MeetingDetail, now: DateTime<Utc>) -> MeetingForm {
        let meeting = &detail.meeting;
        let zone = meeting.zone().tz();
        let start = meeting.starts_at_utc().with_timezone(&zone);
        let end = meeting.ends_at_utc().with_timezone(&zone);
        let week_later = start.date_naive() + chrono::TimeDelta::days(7);
        let tomorrow = now.with_timezone(&zone).date_naive() + chrono::TimeDelta::days(1);
        let date = week_later.max(tomorrow);
        let end_date = date + (end.date_naive() - start.date_naive());
        let invitees = detail
            .invitees()
            .map(|p| match &p.display_name {
                Some(name) => format!("{name} <{}>", p.email),
                None => p.email.clone(),
            })
            .collect::<Vec<_>>()
            .join("\n");
        MeetingForm {
            date: date.format("%Y-%m-%d").to_string(),
            end_date: end_date.format("%Y-%m-%d").to_string(),
            invitees,
            invitee_role: Role::Participant.as_str().to_owned(),
            like: meeting.id.clone(),
            ..MeetingForm::of(meeting)
        }
    }

    /// The form filled with a meeting's values, times in its own zone.
    pub fn of(meeting: &Meeting) -> MeetingForm {
        let zone = meeting.zone().tz();
        let start = meeting.starts_at_utc().with_timezone(&zone);
        let end = meeting.ends_at_utc().with_timezone(&zone);
        MeetingForm {
            title: meeting.title.clone(),
            description: meeting.description.clone(),
            date: start.format("%Y-%m-%d").to_string(),
            start_time: start.format("%H:%M").to_string(),
            end_date: end.format("%Y-%m-%d").to_string(),
            end_time: end.format("%H:%M").to_string(),
            time_zone: meeting.time_zone.clone(),
            server_id: meeting.jitsi_server_id.clone().unwrap_or_default(),
            lobby: meeting.lobby_enabled.then(|| "on".to_owned()),
            join_minutes_before: meeting.join_minutes_before.to_string(),
            ..MeetingForm::default()
        }
        .with_room(RoomSettings::from_stored(&meeting.room_settings))
        .with_repeat_of(meeting)
    }

    /// A new meeting from the form, or every refused field.
    pub fn plan(&self, now: DateTime<Utc>) -> Result<MeetingPlan, FieldErrors> {
        let mut errors = FieldErrors::new();
        let fields = self.common(&mut errors, now, None);
        let (invitees, _) = pasted_invitees(
            &self.invitees,
            &self.invitee_role,
            &self.invitee_language,
            &mut errors,
        );
        let series = fields
            .as_ref()
            .and_then(|(_, _, schedule, _)| self.series(schedule, &mut errors));
        let room = self.room(&mut errors);
        match (fields, series, room) {
            (
                Some((title, description, schedule, join_minutes_before)),
                Some(series),
                Some(room),
            ) if errors.is_empty() => Ok(MeetingPlan {
                title,
                description,
                schedule,
                server_id: self.server(),
                lobby: self.lobby.is_some(),
                join_minutes_before,
                invitees,
                series,
                room,
            }),
            _ => Err(errors),
        }
    }

    /// Changes to `meeting` from the form, or every refused field.
    pub fn changes(
        &self,
        meeting: &Meeting,
        now: DateTime<Utc>,
    ) -> Result<MeetingChanges, FieldErrors> {
        let mut errors = FieldErrors::new();
        let room = self.room(&mut errors);
        match self.common(&mut errors, now, Some(meeting)) {
            Some((title, description, schedule, join_minutes_before)) if errors.is_empty() => {
                // The form always states the rule: the whole series changes with it.
                let Some(series) = self.series_of(meeting, &schedule, &mut errors) else {
                    return Err(errors);
                };
                Ok(MeetingChanges {
                    title: Some(title),
                    description: Some(description),
                    schedule: Some(schedule),
                    server_id: Some(self.server()),
                    lobby: Some(self.lobby.is_some()),
                    join_minutes_before: Some(join_minutes_before),
                    series,
                    room,
                })
            }
            _ => Err(errors),
        }
    }

    /// The room settings as typed, each refused one named.
    fn room(&self, errors: &mut FieldErrors) -> Option<RoomSettings> {
        match RoomSettings::parse(
            &self.screen_sharing,
            &self.recording,
            &self.private_chat,
            self.start_muted.is_some(),
        ) {
            Ok(room) => Some(room),
            Err(refused) => {
                for (field, error) in refused {
                    errors.add(field, error);
                }
                None
            }
        }
    }

    /// The form showing `room`.
    fn with_room(mut self, room: RoomSettings) -> MeetingForm {
        self.screen_sharing = room.screen_sharing.as_str().to_owned();
        self.recording = room.recording.as_str().to_owned();
        self.private_chat = room.private_chat.as_str().to_owned();
        self.start_muted = room.start_muted.then(|| "on".to_owned());
        self
    }

    /// The form with the pressed preset applied (its server, waiting room and room settings);
    /// `None` when no preset of that key is offered.
    pub fn with_preset(&self, presets: &[OfferedPreset]) -> Option<MeetingForm> {
        let chosen = presets.iter().find(|p| p.key() == self.preset)?;
        let mut form = self.clone().with_room(chosen.preset.settings);
        form.server_id.clone_from(&chosen.server_id);
        if let Some(lobby) = chosen.preset.lobby {
            form.lobby = lobby.then(|| "on".to_owned());
        }
        form.preset.clear();
        Some(form)
    }

    fn server(&self) -> Option<String> {
        Some(self.server_id.trim().to_owned()).filter(|id| !id.is_empty())
    }

    pub(super) fn common(
        &self,
        errors: &mut FieldErrors,
        now: DateTime<Utc>,
        existing: Option<&Meeting>,
    ) -> Option<(MeetingTitle, Description, Schedule, i32)> {
        let title = errors.check("title", MeetingTitle::parse(&self.title));
        let description = errors.check("description", Description::parse(&self.description));
        let zone = errors.check("time_zone", TimeZone::parse(&self.time_zone));
        let date = errors.check(
            "date",
            NaiveDate::parse_from_str(self.date.trim(), "%Y-%m-%d")
                .map_err(|_| FieldError::new("date_invalid")),
        );
        let start_time = errors.check("start_time", parse_time(&self.start_time));
        // Left empty (or by an older page), the end is on the start's day.
        let end_date = match self.end_date.trim() {
            "" => date,
            raw => errors.check(
                "end_date",
                NaiveDate::parse_from_str(raw, "%Y-%m-%d")
                    .map_err(|_| FieldError::new("date_invalid")),
            ),
        };
        let end_time = errors.check("end_time", parse_time(&self.end_time));
        let join_minutes_before = errors.check(
            "join_minutes_before",
            parse_join_minutes_text(&self.join_minutes_before),
        );
        let (zone, date, start_time, end_date, end_time) =
            (zone?, date?, start_time?, end_date?, end_time?);
        let starts_at = errors.check("start_time", local_instant(date, start_time, zone));
        let ends_at = errors.check("end_time", local_instant(end_date, end_time, zone));
        let (starts_at, ends_at) = (starts_at?, ends_at?);
        // A series that has begun moves as a whole, its first meeting included.
        let keep_past_start =
            existing.is_some_and(|m| m.starts_at_utc() == starts_at || m.recurrence.is_some());
        let schedule = errors.check_schedule(
            Schedule::new(starts_at, ends_at, zone, now, keep_past_start),
            "start_time",
            "end_time",
        );
        Some((title?, description?, schedule?, join_minutes_before?))
    }
}

/// The people in a pasted list, all with one role and language, and the entries that are not
/// addresses (also named in one message on `invitees`); the valid ones are always returned.
pub fn pasted_invitees(
    text: &str,
    role: &str,
    language: &str,
    errors: &mut FieldErrors,
) -> (Vec<Invitee>, Vec<String>) {
    let list = parse_address_list(text);
    if !list.invalid.is_empty() {
        errors.add(
            "invitees",
            FieldError::new("addresses_invalid").with("addresses", list.invalid.join(", ")),
        );
    }
    if list.valid.len() > MAX_INVITEES {
        errors.add(
            "invitees",
            FieldError::new("too_many").with("max", MAX_INVITEES),
        );
    }
    let role = errors
        .check("invitee_role", parse_role_or_default(role))
        .unwrap_or_default();
    let locale = Locale::from_tag(language);
    let invitees = list
        .valid
        .into_iter()
        .map(|address| Invitee {
            email: address.email,
            name: address.name,
            role,
            locale,
        })
        .collect();
    (invitees, list.invalid)
}

/// Accepts `HH:MM` or `HH:MM:SS` (browsers send either).
pub(crate) fn parse_time(raw: &str) -> Result<NaiveTime, FieldError> {
    let raw = raw.trim();
    NaiveTime::parse_from_str(raw, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(raw, "%H:%M:%S"))
        .map_err(|_| FieldError::new("time_invalid"))
}

/// An empty role field means the lesser role.
pub fn parse_role_or_default(raw: &str) -> Result<Role, FieldError> {
    if raw.trim().is_empty() {
        Ok(Role::Participant)
    } else {
        Role::parse(raw)
    }
}

/// The "invite people" form.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct AddForm {
    /// Addresses separated by commas, semicolons or lines.
    pub invitees: String,
    pub invitee_role: String,
    pub invitee_language: String,
}

impl AddForm {
    /// The empty form: new people join as participants.
    pub fn blank() -> AddForm {
        AddForm {
            invitee_role: Role::Participant.as_str().to_owned(),
            ..AddForm::default()
        }
    }
}
