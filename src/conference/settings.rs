//! A server's hook settings as an administrator gives them (admin page, `treffpunkt server add|
//! update`), parsed into values that can only be valid.

use serde::{Deserialize, Serialize};

use crate::domain::FieldError;
use crate::error::FieldErrors;

/// Most numbers a server lists (one per country and kind is the usual case).
pub const MAX_DIAL_IN_NUMBERS: usize = 50;
/// Shortest bearer token accepted: Prosody sends it in a header, so it is guessable only if
/// short; 32 characters of random text are out of reach.
pub const MIN_HOOK_TOKEN_CHARS: usize = 32;

/// One dial-in number, in the shape jitsi-meet's `dialInNumbersUrl` reads (and the numbers
/// endpoint answers).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DialInNumber {
    /// ISO 3166 country code, upper case (`DE`).
    pub country_code: String,
    /// The number as people read it (`+49 721 1234567`).
    pub formatted_number: String,
    #[serde(default)]
    pub toll_free: bool,
    /// The number shown first.
    #[serde(default)]
    pub default: bool,
}

impl DialInNumber {
    /// The number as a phone dials it: `+` and digits.
    pub fn dialable(&self) -> String {
        self.formatted_number
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '+')
            .collect()
    }
}

/// The numbers people are shown: the one marked default first, then the others in order.
pub fn shown_first(numbers: &[DialInNumber]) -> Option<&DialInNumber> {
    numbers
        .iter()
        .find(|n| n.default)
        .or_else(|| numbers.first())
}

/// Reads and checks a list of numbers (the JSON array the numbers endpoint answers).
pub fn parse_dial_in_numbers(raw: &str) -> Result<Vec<DialInNumber>, FieldError> {
    if raw.trim().is_empty() {
        return Ok(Vec::new());
    }
    let numbers: Vec<DialInNumber> = serde_json::from_str(raw)
        .map_err(|e| FieldError::new("dial_in_numbers_json").with("detail", e))?;
    if numbers.len() > MAX_DIAL_IN_NUMBERS {
        return Err(FieldError::new("dial_in_numbers_many").with("max", MAX_DIAL_IN_NUMBERS));
    }
    let mut checked = Vec::with_capacity(numbers.len());
    for number in numbers {
        let country = number.country_code.trim().to_ascii_uppercase();
        if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(FieldError::new("dial_in_country").with("value", &number.country_code));
        }
        let formatted = number.formatted_number.trim().to_owned();
        let digits = formatted.chars().filter(char::is_ascii_digit).count();
        let plain = formatted
            .chars()
            .all(|c| c.is_ascii_digit() || " +-()/.".contains(c));
        if !plain || !(5..=20).contains(&digits) || formatted.len() > 40 {
            return Err(FieldError::new("dial_in_number").with("value", &number.formatted_number));
        }
        checked.push(DialInNumber {
            country_code: country,
            formatted_number: formatted,
            ..number
        });
    }
    if checked.iter().filter(|n| n.default).count() > 1 {
        return Err(FieldError::new("dial_in_defaults"));
    }
    Ok(checked)
}

/// What a server's reservation hook does with a room Treffpunkt never planned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReservationPolicy {
    /// The hook is off: every reservation call is refused as unknown.
    #[default]
    Off,
    /// Only planned meetings open (internal servers).
    RefuseUnplanned,
    /// Planned meetings open in their window; other rooms open too (a server also offered for
    /// free use).
    AllowUnplanned,
}

impl ReservationPolicy {
    /// Reads `off`, `refuse-unplanned` or `allow-unplanned` (empty: off).
    pub fn parse(raw: &str) -> Result<ReservationPolicy, FieldError> {
        match raw.trim() {
            "" | "off" => Ok(ReservationPolicy::Off),
            "refuse-unplanned" => Ok(ReservationPolicy::RefuseUnplanned),
            "allow-unplanned" => Ok(ReservationPolicy::AllowUnplanned),
            _ => Err(FieldError::new("reservations_policy")),
        }
    }

    /// The stored and typed form.
    pub fn as_str(self) -> &'static str {
        match self {
            ReservationPolicy::Off => "off",
            ReservationPolicy::RefuseUnplanned => "refuse-unplanned",
            ReservationPolicy::AllowUnplanned => "allow-unplanned",
        }
    }
}

/// A bearer token as given: kept, replaced or removed.
#[derive(Clone, PartialEq, Eq, Default)]
pub enum TokenChange {
    /// Keep the stored one (or none).
    #[default]
    Keep,
    /// Use this one from now on.
    Set(String),
    /// Remove it: the hook answers 401 to everyone.
    Clear,
}

impl std::fmt::Debug for TokenChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            TokenChange::Keep => "Keep",
            TokenChange::Set(_) => "Set(…)",
            TokenChange::Clear => "Clear",
        })
    }
}

/// Checks a new token: long enough, printable, no spaces (it travels in a header).
fn parse_token(raw: &str) -> Result<TokenChange, FieldError> {
    let token = raw.trim();
    if token.chars().count() < MIN_HOOK_TOKEN_CHARS {
        return Err(FieldError::new("hook_token_short").with("min", MIN_HOOK_TOKEN_CHARS));
    }
    if token.len() > 500 || !token.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(FieldError::new("hook_token_characters"));
    }
    Ok(TokenChange::Set(token.to_owned()))
}

/// A server's hook settings, all valid.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HookSettings {
    /// `conference.meet.example.org`, lower case; `None`: no dial-in mapping.
    pub muc_domain: Option<String>,
    /// Shown in invitations and served to Jitsi's web client.
    pub dial_in_numbers: Vec<DialInNumber>,
    pub events_token: TokenChange,
    pub reservations: ReservationPolicy,
    pub reservations_token: TokenChange,
    /// Reservations answer `"lobby": true` for meetings with a waiting room.
    pub reservations_lobby: bool,
    /// Presets of room settings for organizers.
    pub room_presets: Vec<super::presets::RoomPreset>,
}

/// The hook settings as typed; empty tokens keep the stored ones, `clear_*` removes them.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct HookInput {
    pub muc_domain: String,
    /// The JSON array of numbers.
    pub dial_in_numbers: String,
    pub events_token: String,
    /// A checkbox: remove the stored events token.
    pub clear_events_token: Option<String>,
    pub reservations: String,
    pub reservations_token: String,
    pub clear_reservations_token: Option<String>,
    /// A checkbox.
    pub reservations_lobby: Option<String>,
    /// The JSON array of presets.
    pub room_presets: String,
}

impl HookInput {
    /// Checks every field.
    pub fn parse(&self) -> Result<HookSettings, FieldErrors> {
        let mut errors = FieldErrors::new();
        let muc_domain = errors.check("muc_domain", parse_muc_domain(&self.muc_domain));
        let numbers = errors.check(
            "dial_in_numbers",
            parse_dial_in_numbers(&self.dial_in_numbers),
        );
        let events_token = errors.check(
            "events_token",
            token_change(&self.events_token, self.clear_events_token.is_some()),
        );
        let reservations =
            errors.check("reservations", ReservationPolicy::parse(&self.reservations));
        let reservations_token = errors.check(
            "reservations_token",
            token_change(
                &self.reservations_token,
                self.clear_reservations_token.is_some(),
            ),
        );
        let room_presets = errors.check(
            "room_presets",
            super::presets::parse_room_presets(&self.room_presets),
        );
        if let (Some(numbers), Some(None)) = (&numbers, &muc_domain)
            && !numbers.is_empty()
        {
            // The web client asks the mapper with `<room>@<muc domain>`: numbers without the
            // domain would show a number and no PIN.
            errors.add("muc_domain", FieldError::new("muc_domain_for_dial_in"));
        }
        match (
            muc_domain,
            numbers,
            events_token,
            reservations,
            reservations_token,
            room_presets,
        ) {
            (
                Some(muc_domain),
                Some(dial_in_numbers),
                Some(events_token),
                Some(reservations),
                Some(reservations_token),
                Some(room_presets),
            ) if errors.is_empty() => Ok(HookSettings {
                muc_domain,
                dial_in_numbers,
                events_token,
                reservations,
                reservations_token,
                reservations_lobby: self
                    .reservations_lobby
                    .as_deref()
                    .is_some_and(|v| matches!(v, "on" | "true")),
                room_presets,
            }),
            _ => Err(errors),
        }
    }
}

fn token_change(raw: &str, clear: bool) -> Result<TokenChange, FieldError> {
    match (raw.trim().is_empty(), clear) {
        (true, false) => Ok(TokenChange::Keep),
        (true, true) => Ok(TokenChange::Clear),
        (false, _) => parse_token(raw),
    }
}

/// A DNS name of at least two labels (`conference.meet.example.org`); empty: none.
pub fn parse_muc_domain(raw: &str) -> Result<Option<String>, FieldError> {
    let domain = raw.trim().trim_end_matches('.').to_ascii_lowercase();
    if domain.is_empty() {
        return Ok(None);
    }
    let labels_ok = domain.split('.').count() >= 2
        && domain.len() <= 253
        && domain.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        });
    if !labels_ok {
        return Err(FieldError::new("muc_domain_invalid"));
    }
    Ok(Some(domain))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_in_the_shape_jitsi_reads_them() {
        let numbers = parse_dial_in_numbers(
            r#"[{"countryCode":"de","formattedNumber":"+49 721 1234567","tollFree":false,"default":true},
                {"countryCode":"AT","formattedNumber":"+43 1 234567"}]"#,
        )
        .unwrap();
        assert_eq!(numbers[0].country_code, "DE");
        assert_eq!(numbers[0].dialable(), "+497211234567");
        assert!(!numbers[1].default && !numbers[1].toll_free);
        assert_eq!(shown_first(&numbers).unwrap().country_code, "DE");
        let json = serde_json::to_value(&numbers[0]).unwrap();
        assert_eq!(json["formattedNumber"], "+49 721 1234567");
        assert_eq!(json["tollFree"], false);
    }

    #[test]
    fn bad_numbers_are_named() {
        let code = |raw: &str| parse_dial_in_numbers(raw).unwrap_err().code;
        assert_eq!(code("{}"), "dial_in_numbers_json");
        assert_eq!(
            code(r#"[{"countryCode":"Germany","formattedNumber":"+49 721 1"}]"#),
            "dial_in_country"
        );
        assert_eq!(
            code(r#"[{"countryCode":"DE","formattedNumber":"call us"}]"#),
            "dial_in_number"
        );
        assert_eq!(
            code(
                r#"[{"countryCode":"DE","formattedNumber":"+49 721 12345","default":true},
                     {"countryCode":"AT","formattedNumber":"+43 1 234567","default":true}]"#
            ),
            "dial_in_defaults"
        );
    }

    #[test]
    fn numbers_need_the_muc_domain_and_tokens_need_length() {
        let input = HookInput {
            dial_in_numbers: r#"[{"countryCode":"DE","formattedNumber":"+49 721 1234567"}]"#.into(),
            events_token: "short".into(),
            ..HookInput::default()
        };
        let errors = input.parse().unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["events_token", "muc_domain"]);
        let ok = HookInput {
            muc_domain: "Conference.Meet.Example.org.".into(),
            reservations: "refuse-unplanned".into(),
            clear_events_token: Some("on".into()),
            ..HookInput::default()
        }
        .parse()
        .unwrap();
        assert_eq!(
            ok.muc_domain.as_deref(),
            Some("conference.meet.example.org")
        );
        assert_eq!(ok.events_token, TokenChange::Clear);
        assert_eq!(ok.reservations, ReservationPolicy::RefuseUnplanned);
        assert_eq!(
            parse_muc_domain("not a domain").unwrap_err().code,
            "muc_domain_invalid"
        );
    }
}
