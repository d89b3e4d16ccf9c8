//! The address an invitation names as its organizer when replies are read here:
//! `rsvp+<token>@<domain>`. The token names the participant (their id, 32 hex digits) and
//! carries 64 bits of an HMAC over it, so nobody can make a token for another participant; it
//! is lower-case hex because some mail systems lower-case local parts.

use subtle::ConstantTimeEq;

use crate::config::{ReplyConfig, SecretKey};
use crate::digest::hmac_sha256;

/// Separates this key from every other key derived from the same secret.
const KEY_PURPOSE: &[u8] = b"treffpunkt/reply-addresses/v1";
/// Octets of the HMAC a token carries.
const MAC_BYTES: usize = 8;

/// Makes and checks reply addresses; cheap to clone.
#[derive(Clone)]
pub struct ReplyAddresses {
    key: [u8; 32],
    local_part: String,
    domain: String,
}

impl ReplyAddresses {
    pub fn new(secret: &SecretKey, config: &ReplyConfig) -> ReplyAddresses {
        ReplyAddresses {
            key: hmac_sha256(secret.as_bytes(), KEY_PURPOSE),
            local_part: config.local_part.clone(),
            domain: config.domain.clone(),
        }
    }

    /// The address replies of `participant_id` go to; `None` for an id that is no UUID.
    pub fn for_participant(&self, participant_id: &str) -> Option<String> {
        let id = uuid::Uuid::parse_str(participant_id).ok()?;
        let token = format!("{}{}", id.simple(), hex(&self.mac(&id)));
        Some(format!("{}+{token}@{}", self.local_part, self.domain))
    }

    /// The participant whose reply address `address` is, if it is one of ours with a token
    /// that checks out.
    pub fn participant_in(&self, address: &str) -> Option<String> {
        let address = address.trim().trim_matches(['<', '>']).to_ascii_lowercase();
        let (local, domain) = address.rsplit_once('@')?;
        if domain != self.domain {
            return None;
        }
        let token = local
            .strip_prefix(&self.local_part.to_ascii_lowercase())?
            .strip_prefix('+')?;
        if token.len() != 32 + 2 * MAC_BYTES || !token.is_ascii() {
            return None;
        }
        let (id_hex, mac_hex) = token.split_at(32);
        let id = uuid::Uuid::try_parse(id_hex).ok()?;
        let expected = hex(&self.mac(&id));
        bool::from(expected.as_bytes().ct_eq(mac_hex.as_bytes()))
            .then(|| id.hyphenated().to_string())
    }

    fn mac(&self, id: &uuid::Uuid) -> [u8; MAC_BYTES] {
        let full = hmac_sha256(&self.key, id.hyphenated().to_string().as_bytes());
        let mut mac = [0_u8; MAC_BYTES];
        mac.copy_from_slice(&full[..MAC_BYTES]);
        mac
    }
}

impl std::fmt::Debug for ReplyAddresses {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ReplyAddresses({}+…@{})", self.local_part, self.domain)
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn addresses(secret: &str) -> ReplyAddresses {
        let config = ReplyConfig {
            mailbox: crate::config::MailboxUrl::for_tests(),
            local_part: "rsvp".to_owned(),
            domain: "treffpunkt.example.org".to_owned(),
            poll_interval: Duration::from_secs(60),
        };
        ReplyAddresses::new(&SecretKey::from_configured(secret).unwrap(), &config)
    }

    const ID: &str = "0b8f6c1e-4d2a-4f51-9a3e-2c7d9e1f5a60";

    #[test]
    fn an_address_names_its_participant_and_fits_a_local_part() {
        let ours = addresses("a-test-secret-of-enough-length-for-keys");
        let address = ours.for_participant(ID).unwrap();
        assert!(address.starts_with("rsvp+0b8f6c1e4d2a4f519a3e2c7d9e1f5a60"));
        assert!(address.split('@').next().unwrap().len() <= 64);
        assert_eq!(ours.participant_in(&address).as_deref(), Some(ID));
        assert_eq!(
            ours.participant_in(&format!("<{}>", address.to_uppercase()))
                .as_deref(),
            Some(ID),
            "case and angle brackets do not matter"
        );
    }

    #[test]
    fn a_forged_or_foreign_token_names_nobody() {
        let ours = addresses("a-test-secret-of-enough-length-for-keys");
        let theirs = addresses("another-secret-of-enough-length-for-keys");
        let forged = theirs.for_participant(ID).unwrap();
        assert_eq!(ours.participant_in(&forged), None);
        let other_domain = ours
            .for_participant(ID)
            .unwrap()
            .replace("example.org", "example.net");
        assert_eq!(ours.participant_in(&other_domain), None);
        assert_eq!(ours.participant_in("rsvp@treffpunkt.example.org"), None);
    }
}
