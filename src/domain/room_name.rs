//! The Jitsi room a meeting happens in.

use std::fmt;

/// Lower-case base32 has 32 symbols, so each character carries 5 bits.
const ALPHABET: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";
/// 26 characters = 130 random bits: unguessable, and short enough to read aloud if needed.
const LENGTH: usize = 26;

/// A random room name of 26 lower-case base32 characters. It never contains the title,
/// so knowing what a meeting is about does not lead to its room.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomName(String);

impl RoomName {
    /// Builds a name from 26 random bytes (one character from the low 5 bits of each).
    pub fn from_random_bytes(bytes: [u8; LENGTH]) -> RoomName {
        RoomName(
            bytes
                .iter()
                .map(|b| char::from(ALPHABET[usize::from(b & 0x1f)]))
                .collect(),
        )
    }

    /// A fresh name from the operating system's random number generator.
    pub fn random() -> Result<RoomName, getrandom::Error> {
        let mut bytes = [0u8; LENGTH];
        getrandom::fill(&mut bytes)?;
        Ok(RoomName::from_random_bytes(bytes))
    }

    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RoomName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_long_lower_case_base32_and_distinct() {
        let a = RoomName::random().unwrap();
        let b = RoomName::random().unwrap();
        assert_ne!(a, b);
        assert_eq!(a.as_str().len(), 26);
        assert!(
            a.as_str()
                .bytes()
                .all(|c| c.is_ascii_lowercase() || (b'2'..=b'7').contains(&c))
        );
    }
}
