//! Dial-in PINs: nine random digits per meeting, given when it is planned.

use super::queries;
use crate::db::AnyConnection;
use crate::error::AppError;

/// Digits in a PIN: 900 million PINs, so a guess rarely hits one of the meetings open now, and
/// the mapper counts wrong guesses per network.
pub const PIN_DIGITS: usize = 9;
/// PINs run from 100 000 000 to 999 999 999: never a leading zero, which the mapper's answer
/// (a JSON number, as Jitsi reads it) would lose.
const LOWEST_PIN: u32 = 100_000_000;
const PIN_SPACE: u32 = 900_000_000;

/// A random PIN from the operating system's generator (never derived from the room).
pub fn random_pin() -> Result<String, getrandom::Error> {
    // The largest multiple of the PIN space below 2^32: values above it would make low PINs
    // more likely.
    const ACCEPT_BELOW: u32 = (u32::MAX / PIN_SPACE) * PIN_SPACE;
    loop {
        let mut bytes = [0u8; 4];
        getrandom::fill(&mut bytes)?;
        let value = u32::from_le_bytes(bytes);
        if value < ACCEPT_BELOW {
            return Ok((LOWEST_PIN + value % PIN_SPACE).to_string());
        }
    }
}

/// A random PIN no meeting holds yet. The unique index is the last word; a collision between
/// this check and the insert fails that insert, which the caller's retry repeats.
pub fn unused_pin(conn: &mut AnyConnection) -> Result<String, AppError> {
    for _ in 0..8 {
        let pin =
            random_pin().map_err(|e| AppError::Internal(anyhow::anyhow!("no randomness: {e}")))?;
        if !queries::pin_taken(conn, &pin)? {
            return Ok(pin);
        }
    }
    Err(AppError::Internal(anyhow::anyhow!(
        "eight random PINs in a row were taken"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_are_nine_random_digits() {
        let pins: Vec<String> = (0..200).map(|_| random_pin().unwrap()).collect();
        assert!(
            pins.iter()
                .all(|p| p.len() == 9 && p.bytes().all(|b| b.is_ascii_digit()))
        );
        let mut distinct = pins.clone();
        distinct.sort();
        distinct.dedup();
        assert_eq!(distinct.len(), pins.len(), "200 random PINs repeat one");
    }
}
