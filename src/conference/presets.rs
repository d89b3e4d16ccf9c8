//! Presets of room settings a server offers organizers ("Bürgersprechstunde": waiting room on,
//! screen sharing for moderators only, everyone starts muted): a name and what it sets.

use serde::{Deserialize, Serialize};

use crate::domain::FieldError;
use crate::jitsi::{Allowed, RoomSettings};

/// Most presets one server offers.
pub const MAX_PRESETS: usize = 20;

/// One preset as stored and as the presets file gives it:
/// `{"name": "Bürgersprechstunde", "lobby": true, "screen_sharing": "moderators", "start_muted": true}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomPreset {
    /// Shown on the meeting form's button; unique per server.
    pub name: String,
    /// The waiting room; absent: left as it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lobby: Option<bool>,
    #[serde(flatten)]
    pub settings: RoomSettings,
}

/// A preset with the server that offers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OfferedPreset {
    pub server_id: String,
    pub server_name: String,
    pub preset: RoomPreset,
}

impl OfferedPreset {
    /// The form's value for it: `<server id>/<name>`.
    pub fn key(&self) -> String {
        format!("{}/{}", self.server_id, self.preset.name)
    }
}

/// Reads and checks a server's presets (a JSON array); empty text is none.
pub fn parse_room_presets(raw: &str) -> Result<Vec<RoomPreset>, FieldError> {
    if raw.trim().is_empty() {
        return Ok(Vec::new());
    }
    let presets: Vec<RoomPreset> = serde_json::from_str(raw)
        .map_err(|e| FieldError::new("room_presets_json").with("detail", e))?;
    if presets.len() > MAX_PRESETS {
        return Err(FieldError::new("room_presets_many").with("max", MAX_PRESETS));
    }
    let mut names = std::collections::HashSet::new();
    for preset in &presets {
        let name = preset.name.trim();
        if name.is_empty() || name.chars().count() > 60 || name.chars().any(char::is_control) {
            return Err(FieldError::new("room_preset_name").with("name", &preset.name));
        }
        if !names.insert(name.to_lowercase()) {
            return Err(FieldError::new("room_preset_twice").with("name", name));
        }
        let s = preset.settings;
        if s.recording == Allowed::Everyone
            || s.screen_sharing == Allowed::Nobody
            || s.private_chat == Allowed::Nobody
        {
            return Err(FieldError::new("room_preset_setting").with("name", name));
        }
    }
    Ok(presets)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_preset_names_what_it_sets() {
        let presets = parse_room_presets(
            r#"[{"name": "Bürgersprechstunde", "lobby": true, "screen_sharing": "moderators", "start_muted": true}]"#,
        )
        .unwrap();
        assert_eq!(presets[0].lobby, Some(true));
        assert_eq!(presets[0].settings.screen_sharing, Allowed::Moderators);
        assert!(presets[0].settings.start_muted);
        assert_eq!(presets[0].settings.recording, Allowed::ServerDefault);
        let code = |raw: &str| parse_room_presets(raw).unwrap_err().code;
        assert_eq!(
            code(r#"[{"name": "A"}, {"name": "a"}]"#),
            "room_preset_twice"
        );
        assert_eq!(
            code(r#"[{"name": "A", "recording": "everyone"}]"#),
            "room_preset_setting"
        );
        assert_eq!(
            code(r#"[{"name": "A", "screen_sharing": "sometimes"}]"#),
            "room_presets_json"
        );
    }
}
