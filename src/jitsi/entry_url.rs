//! The address that takes a browser into a room: the room, its token, and settings for Jitsi's
//! web client in the fragment.
//!
//! jitsi-meet reads `#config.<key>=<value>` for keys on its config whitelist, each value JSON
//! and percent-encoded (it decodes with `decodeURIComponent`, then `JSON.parse`). The fragment
//! never reaches a server, so the title stays out of access logs.

use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

/// The room URL with `?jwt=` when there is a token, and the fragment that shows `subject` as
/// the meeting's name and skips Jitsi's pre-join screen (the join page already asked for the
/// name); with `start_muted`, the microphone is off on arrival (`startWithAudioMuted`).
pub fn entry_url(room_url: &str, jwt: Option<&str>, subject: &str, start_muted: bool) -> String {
    let subject = config_value(&serde_json::Value::from(subject));
    let mut url = String::with_capacity(room_url.len() + 3 * subject.len() + 200);
    url.push_str(room_url);
    if let Some(jwt) = jwt {
        url.push_str("?jwt=");
        url.push_str(jwt);
    }
    // `subject` is set for everyone once a moderator is in; `localSubject` shows it to whoever
    // arrives first, before any moderator.
    url.push_str("#config.subject=");
    url.push_str(&subject);
    url.push_str("&config.localSubject=");
    url.push_str(&subject);
    url.push_str("&config.prejoinConfig.enabled=false");
    if start_muted {
        url.push_str("&config.startWithAudioMuted=true");
    }
    url
}

/// A value as jitsi-meet's URL parser reads it back.
fn config_value(value: &serde_json::Value) -> String {
    utf8_percent_encode(&value.to_string(), NON_ALPHANUMERIC).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads the fragment as jitsi-meet's `parseURLParams` does.
    fn config_of(url: &str) -> serde_json::Map<String, serde_json::Value> {
        let (_, fragment) = url.split_once('#').expect("a fragment");
        fragment
            .split('&')
            .map(|pair| {
                let (key, value) = pair.split_once('=').unwrap();
                let decoded = percent_encoding::percent_decode_str(value)
                    .decode_utf8()
                    .unwrap();
                (key.to_owned(), serde_json::from_str(&decoded).unwrap())
            })
            .collect()
    }

    #[test]
    fn the_title_survives_quotes_ampersands_hashes_and_umlauts() {
        let title = r#"Bau & "Verkehr" #3: Übergänge 50% — 🚲"#;
        let url = entry_url("https://meet.example.org/room", Some("a.b.c"), title, false);
        assert!(url.starts_with("https://meet.example.org/room?jwt=a.b.c#config.subject="));
        let config = config_of(&url);
        assert_eq!(config["config.subject"], title);
        assert_eq!(config["config.localSubject"], title);
        assert_eq!(config["config.prejoinConfig.enabled"], false);
    }

    #[test]
    fn a_room_without_tokens_gets_the_fragment_too() {
        let url = entry_url("https://meet.example.org/room", None, "Rat", false);
        assert_eq!(
            url,
            "https://meet.example.org/room#config.subject=%22Rat%22&config.localSubject=%22Rat%22\
             &config.prejoinConfig.enabled=false"
        );
    }

    #[test]
    fn a_muted_start_is_a_whitelisted_setting() {
        let url = entry_url("https://meet.example.org/room", None, "Rat", true);
        assert_eq!(config_of(&url)["config.startWithAudioMuted"], true);
    }
}
