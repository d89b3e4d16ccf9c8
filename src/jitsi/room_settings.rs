//! A meeting's room settings beyond its server's defaults: who may share their screen, record
//! or stream, and chat privately, and whether people come in muted. They reach Jitsi in each
//! person's token (`context.features`, per role) and in the address into the room
//! (`config.startWithAudioMuted`, on jitsi-meet's config whitelist).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::domain::FieldError;

/// Who may do something in the room; `ServerDefault` leaves it to the server's features.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Allowed {
    /// Not in the token: the server decides.
    #[default]
    #[serde(rename = "default")]
    ServerDefault,
    /// Moderators only.
    Moderators,
    /// Everyone in the room.
    Everyone,
    /// Nobody (recording and streaming only).
    Nobody,
}

impl Allowed {
    /// Reads `default`, `moderators`, `everyone` or (where `nobody_allowed`) `nobody`.
    pub fn parse(raw: &str, nobody_allowed: bool) -> Result<Allowed, FieldError> {
        match raw.trim() {
            "" | "default" => Ok(Allowed::ServerDefault),
            "moderators" => Ok(Allowed::Moderators),
            "everyone" => Ok(Allowed::Everyone),
            "nobody" if nobody_allowed => Ok(Allowed::Nobody),
            _ => Err(FieldError::new("room_setting").with(
                "allowed",
                if nobody_allowed {
                    "default, moderators, everyone, nobody"
                } else {
                    "default, moderators, everyone"
                },
            )),
        }
    }

    /// The typed and stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            Allowed::ServerDefault => "default",
            Allowed::Moderators => "moderators",
            Allowed::Everyone => "everyone",
            Allowed::Nobody => "nobody",
        }
    }

    /// Whether someone of this role may, or `None` when the server decides.
    fn for_role(self, moderator: bool) -> Option<bool> {
        match self {
            Allowed::ServerDefault => None,
            Allowed::Moderators => Some(moderator),
            Allowed::Everyone => Some(true),
            Allowed::Nobody => Some(false),
        }
    }

    fn is_default(&self) -> bool {
        *self == Allowed::ServerDefault
    }
}

/// A meeting's room settings; the default changes nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RoomSettings {
    /// Sharing a screen (`screen-sharing`).
    #[serde(default, skip_serializing_if = "Allowed::is_default")]
    pub screen_sharing: Allowed,
    /// Recording and live streaming (`recording`, `livestreaming`): moderators, or nobody.
    #[serde(default, skip_serializing_if = "Allowed::is_default")]
    pub recording: Allowed,
    /// Private messages (`send-private-message`).
    #[serde(default, skip_serializing_if = "Allowed::is_default")]
    pub private_chat: Allowed,
    /// Everyone comes in with the microphone off.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub start_muted: bool,
}

impl RoomSettings {
    /// Reads the stored JSON; anything unreadable counts as no settings.
    pub fn from_stored(json: &str) -> RoomSettings {
        serde_json::from_str(json).unwrap_or_default()
    }

    /// The stored form (`{}` for none).
    pub fn to_stored(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".to_owned())
    }

    /// The settings as typed (forms, the API): each field as [`Allowed::parse`] reads it, and
    /// the recording one without "everyone" (recording is a moderator's decision in Jitsi).
    pub fn parse(
        screen_sharing: &str,
        recording: &str,
        private_chat: &str,
        start_muted: bool,
    ) -> Result<RoomSettings, Vec<(&'static str, FieldError)>> {
        let mut errors = Vec::new();
        let mut field = |name: &'static str, raw: &str, nobody: bool| {
            Allowed::parse(raw, nobody).unwrap_or_else(|e| {
                errors.push((name, e));
                Allowed::ServerDefault
            })
        };
        let settings = RoomSettings {
            screen_sharing: field("screen_sharing", screen_sharing, false),
            recording: field("recording", recording, true),
            private_chat: field("private_chat", private_chat, false),
            start_muted,
        };
        if settings.recording == Allowed::Everyone {
            errors.push((
                "recording",
                FieldError::new("room_setting").with("allowed", "default, moderators, nobody"),
            ));
        }
        if errors.is_empty() {
            Ok(settings)
        } else {
            Err(errors)
        }
    }

    /// The token features these settings set for one role, over the server's own.
    pub fn features_for(&self, moderator: bool) -> BTreeMap<&'static str, bool> {
        let mut features = BTreeMap::new();
        if let Some(on) = self.screen_sharing.for_role(moderator) {
            features.insert("screen-sharing", on);
        }
        if let Some(on) = self.recording.for_role(moderator) {
            features.insert("recording", on);
            features.insert("livestreaming", on);
        }
        if let Some(on) = self.private_chat.for_role(moderator) {
            features.insert("send-private-message", on);
        }
        features
    }

    /// Whether every setting is the server's.
    pub fn is_default(&self) -> bool {
        *self == RoomSettings::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_role_gets_its_own_features() {
        let settings = RoomSettings::parse("moderators", "nobody", "moderators", true).unwrap();
        let moderator = settings.features_for(true);
        let participant = settings.features_for(false);
        assert!(moderator["screen-sharing"]);
        assert!(!participant["screen-sharing"]);
        assert!(!moderator["recording"]);
        assert!(!moderator["livestreaming"]);
        assert!(!participant["send-private-message"]);
        assert!(moderator["send-private-message"]);
        assert!(RoomSettings::default().features_for(false).is_empty());
    }

    #[test]
    fn stored_settings_keep_only_what_differs() {
        let settings = RoomSettings::parse("everyone", "", "", false).unwrap();
        assert_eq!(settings.to_stored(), r#"{"screen_sharing":"everyone"}"#);
        assert_eq!(RoomSettings::from_stored(&settings.to_stored()), settings);
        assert_eq!(RoomSettings::default().to_stored(), "{}");
        assert_eq!(
            RoomSettings::from_stored("not json"),
            RoomSettings::default()
        );
    }

    #[test]
    fn bad_values_are_named() {
        let errors = RoomSettings::parse("nobody", "everyone", "all", false).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["screen_sharing", "private_chat", "recording"]);
    }
}
