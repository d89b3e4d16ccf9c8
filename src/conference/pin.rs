//! Dial-in PINs: nine random digits per meeting, and how people are shown them.

use super::settings::DialInNumber;
use crate::domain::Locale;
use crate::i18n;
use crate::meetings::PIN_DIGITS;

/// Whether `raw` looks like a PIN (the mapper's `id=`): nine digits, spaces and a closing `#`
/// as callers type them are forgiven.
pub fn normalise_pin(raw: &str) -> Option<String> {
    let digits: String = raw
        .trim()
        .trim_end_matches('#')
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    (digits.len() == PIN_DIGITS && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

/// How to reach one meeting by phone: the number shown first and the meeting's PIN.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DialIn {
    /// The number to call.
    pub number: DialInNumber,
    /// Every number of the server (other countries, toll-free).
    pub numbers: Vec<DialInNumber>,
    /// Nine digits.
    pub pin: String,
}

impl DialIn {
    /// The PIN in groups of three, as Jitsi's web client shows it: `123 456 789`.
    pub fn pin_grouped(&self) -> String {
        group_pin(&self.pin)
    }

    /// The one-tap link: the number, a pause (`,,`) and the PIN with `#`, as text:
    /// `tel:+49721…,,123456789#`.
    pub fn tel_text(&self) -> String {
        format!("tel:{},,{}#", self.number.dialable(), self.pin)
    }

    /// The same link for an `href`: the `#` escaped (RFC 3966; a bare `#` starts a fragment and
    /// phones drop it).
    pub fn tel_href(&self) -> String {
        format!("tel:{},,{}%23", self.number.dialable(), self.pin)
    }
}

/// A dial-in as people read it, in their language: for mails, calendars and pages.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DialInLines {
    /// "Join by phone: +49 721 1234567, PIN 123 456 789#".
    pub by_phone: String,
    /// "One tap on a phone".
    pub one_tap: String,
    /// `tel:+497211234567,,123456789#`.
    pub tel_text: String,
    /// The same for an `href`.
    pub tel_href: String,
    /// "Other numbers: …"; empty with one number.
    pub others: String,
}

impl DialIn {
    /// The lines in `locale`.
    pub fn lines(&self, locale: Locale) -> DialInLines {
        let label = |n: &DialInNumber| {
            if n.toll_free {
                format!(
                    "{} ({}, {})",
                    n.formatted_number,
                    n.country_code,
                    i18n::text(locale, "dial-in-toll-free")
                )
            } else {
                format!("{} ({})", n.formatted_number, n.country_code)
            }
        };
        let others: Vec<String> = self
            .numbers
            .iter()
            .filter(|n| **n != self.number)
            .map(label)
            .collect();
        DialInLines {
            by_phone: i18n::text_with(
                locale,
                "dial-in-by-phone",
                &[("number", label(&self.number)), ("pin", self.pin_grouped())],
            ),
            one_tap: i18n::text(locale, "dial-in-one-tap"),
            tel_text: self.tel_text(),
            tel_href: self.tel_href(),
            others: if others.is_empty() {
                String::new()
            } else {
                i18n::text_with(locale, "dial-in-others", &[("numbers", others.join(", "))])
            },
        }
    }
}

impl DialInLines {
    /// The lines as plain text (mails, the calendar's DESCRIPTION).
    pub fn to_text(&self) -> String {
        let mut text = format!(
            "{}
{}: {}",
            self.by_phone, self.one_tap, self.tel_text
        );
        if !self.others.is_empty() {
            text.push('\n');
            text.push_str(&self.others);
        }
        text
    }
}

/// `123456789` → `123 456 789`.
pub fn group_pin(pin: &str) -> String {
    pin.as_bytes()
        .chunks(3)
        .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The dial-in of a meeting with `pin` on a server with `numbers`; `None` when either is missing.
pub fn dial_in(pin: Option<&str>, numbers: Vec<DialInNumber>) -> Option<DialIn> {
    let pin = pin?;
    let number = super::settings::shown_first(&numbers)?.clone();
    Some(DialIn {
        number,
        numbers,
        pin: pin.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_pins_are_forgiven_spaces_and_the_hash() {
        assert_eq!(normalise_pin("123 456 789#").as_deref(), Some("123456789"));
        assert_eq!(normalise_pin("12345678"), None);
        assert_eq!(normalise_pin("12345678x"), None);
    }

    #[test]
    fn the_tel_link_pauses_before_the_pin() {
        let numbers = vec![DialInNumber {
            country_code: "DE".into(),
            formatted_number: "+49 721 9876-0".into(),
            toll_free: false,
            default: true,
        }];
        let dial = dial_in(Some("123456789"), numbers).unwrap();
        assert_eq!(dial.tel_text(), "tel:+4972198760,,123456789#");
        assert_eq!(dial.tel_href(), "tel:+4972198760,,123456789%23");
        assert_eq!(dial.pin_grouped(), "123 456 789");
        assert_eq!(dial_in(None, dial.numbers.clone()), None);
        assert_eq!(dial_in(Some("123456789"), Vec::new()), None);
    }
}
