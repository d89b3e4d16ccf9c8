//! `room_settings` and `preset` in meeting bodies: who may share screens, record or stream and
//! chat privately, and whether people start muted; a server's preset as the starting point.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::conference::OfferedPreset;
use crate::domain::FieldError;
use crate::error::FieldErrors;
use crate::jitsi::{Allowed, RoomSettings};

/// Room settings beyond the server's defaults; absent fields stay as they are (`default`: the
/// server decides).
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoomSettingsInput {
    /// `default`, `moderators` or `everyone`.
    #[schema(example = "moderators")]
    pub screen_sharing: Option<String>,
    /// Recording and live streaming: `default`, `moderators` or `nobody`.
    pub recording: Option<String>,
    /// Private messages: `default`, `moderators` or `everyone`.
    pub private_chat: Option<String>,
    /// Everyone comes in with the microphone off.
    pub start_muted: Option<bool>,
}

/// The settings as the API answers them: every field, `default` where the server decides.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RoomSettingsView {
    pub screen_sharing: &'static str,
    pub recording: &'static str,
    pub private_chat: &'static str,
    pub start_muted: bool,
}

impl RoomSettingsView {
    /// The view of stored settings.
    pub fn of(stored: &str) -> RoomSettingsView {
        let settings = RoomSettings::from_stored(stored);
        RoomSettingsView {
            screen_sharing: settings.screen_sharing.as_str(),
            recording: settings.recording.as_str(),
            private_chat: settings.private_chat.as_str(),
            start_muted: settings.start_muted,
        }
    }
}

impl RoomSettingsInput {
    /// `base` with the given fields applied; refused fields named `room_settings.<field>`.
    pub fn over(&self, base: RoomSettings, errors: &mut FieldErrors) -> Option<RoomSettings> {
        let text = |given: &Option<String>, current: Allowed| {
            given.clone().unwrap_or_else(|| current.as_str().to_owned())
        };
        match RoomSettings::parse(
            &text(&self.screen_sharing, base.screen_sharing),
            &text(&self.recording, base.recording),
            &text(&self.private_chat, base.private_chat),
            self.start_muted.unwrap_or(base.start_muted),
        ) {
            Ok(settings) => Some(settings),
            Err(refused) => {
                for (field, error) in refused {
                    errors.add(format!("room_settings.{field}"), error);
                }
                None
            }
        }
    }
}

/// The preset named `name` (on `server_id`'s server, when given), or a field error.
pub fn find_preset<'a>(
    presets: &'a [OfferedPreset],
    name: &str,
    server_id: Option<&str>,
) -> Result<&'a OfferedPreset, FieldError> {
    let mut matching = presets.iter().filter(|p| {
        p.preset.name.eq_ignore_ascii_case(name.trim())
            && server_id.is_none_or(|server| p.server_id == server)
    });
    let known = || {
        presets
            .iter()
            .map(|p| p.preset.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match (matching.next(), matching.next()) {
        (Some(preset), None) => Ok(preset),
        (Some(_), Some(_)) => Err(FieldError::new("preset_ambiguous").with("name", name)),
        (None, _) => Err(FieldError::new("preset_unknown")
            .with("name", name)
            .with("known", known())),
    }
}
