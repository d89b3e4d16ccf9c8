//! The rules a server's room tokens follow: whether there are any, the algorithm, where the
//! moderator claim goes, which `context.features` they grant.

use std::collections::BTreeMap;

use crate::domain::FieldError;

/// How (and whether) a server wants room tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenMode {
    /// A public server: a plain room link, no token.
    None,
    /// HS256/384/512 with an app id and a shared secret.
    SharedSecret,
    /// RS256 with a key id and a private key (also 8x8 JaaS).
    Rsa,
}

impl TokenMode {
    /// The stored and typed form: `none`, `shared_secret`, `rsa`.
    pub fn as_str(self) -> &'static str {
        match self {
            TokenMode::None => "none",
            TokenMode::SharedSecret => "shared_secret",
            TokenMode::Rsa => "rsa",
        }
    }

    /// Reads the stored or typed form (`shared-secret` is accepted as well).
    pub fn parse(raw: &str) -> Result<TokenMode, FieldError> {
        match raw.trim() {
            "" | "none" => Ok(TokenMode::None),
            "shared_secret" | "shared-secret" => Ok(TokenMode::SharedSecret),
            "rsa" => Ok(TokenMode::Rsa),
            _ => Err(FieldError::new("token_mode_unknown")),
        }
    }
}

/// Reading the stored mode: the column's CHECK constraint admits only the three names.
impl TryFrom<String> for TokenMode {
    type Error = String;

    fn try_from(stored: String) -> Result<TokenMode, String> {
        TokenMode::parse(&stored).map_err(|_| format!("unknown stored token mode {stored:?}"))
    }
}

impl From<TokenMode> for String {
    fn from(mode: TokenMode) -> String {
        mode.as_str().to_owned()
    }
}

/// The JWT signature algorithm a server checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    /// HMAC-SHA256 (Prosody's default).
    Hs256,
    /// HMAC-SHA384.
    Hs384,
    /// HMAC-SHA512.
    Hs512,
    /// RSA PKCS#1 v1.5 with SHA-256.
    Rs256,
}

impl Algorithm {
    /// The least key length in bytes for an HMAC algorithm (RFC 7518 §3.2: at least the size
    /// of the hash); `None` for RSA.
    pub fn min_secret_bytes(self) -> Option<usize> {
        match self {
            Algorithm::Hs256 => Some(32),
            Algorithm::Hs384 => Some(48),
            Algorithm::Hs512 => Some(64),
            Algorithm::Rs256 => None,
        }
    }

    /// The name in the JWT header and in storage.
    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::Hs256 => "HS256",
            Algorithm::Hs384 => "HS384",
            Algorithm::Hs512 => "HS512",
            Algorithm::Rs256 => "RS256",
        }
    }

    /// Reads a shared-secret algorithm name (case does not matter).
    pub fn parse_shared(raw: &str) -> Result<Algorithm, FieldError> {
        match raw.trim().to_ascii_uppercase().as_str() {
            "" | "HS256" => Ok(Algorithm::Hs256),
            "HS384" => Ok(Algorithm::Hs384),
            "HS512" => Ok(Algorithm::Hs512),
            _ => Err(FieldError::new("algorithm_unknown")),
        }
    }

    /// Reads the stored name; an unknown one is a broken row, not input.
    pub fn from_stored(raw: &str) -> Option<Algorithm> {
        match raw {
            "HS256" => Some(Algorithm::Hs256),
            "HS384" => Some(Algorithm::Hs384),
            "HS512" => Some(Algorithm::Hs512),
            "RS256" => Some(Algorithm::Rs256),
            _ => None,
        }
    }

    /// The algorithm as `jsonwebtoken` names it.
    pub fn to_jwt(self) -> jsonwebtoken::Algorithm {
        match self {
            Algorithm::Hs256 => jsonwebtoken::Algorithm::HS256,
            Algorithm::Hs384 => jsonwebtoken::Algorithm::HS384,
            Algorithm::Hs512 => jsonwebtoken::Algorithm::HS512,
            Algorithm::Rs256 => jsonwebtoken::Algorithm::RS256,
        }
    }
}

/// Where a moderator's claim goes; servers differ in which plugin reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ModeratorClaim {
    /// `context.user.moderator` (with `affiliation: "owner"`), read by `mod_token_affiliation`.
    #[default]
    Context,
    /// Top-level `moderator: true`, read by the token-moderation plugin.
    TopLevel,
    /// Both places.
    Both,
}

impl ModeratorClaim {
    /// The stored and typed form: `context`, `top_level`, `both`.
    pub fn as_str(self) -> &'static str {
        match self {
            ModeratorClaim::Context => "context",
            ModeratorClaim::TopLevel => "top_level",
            ModeratorClaim::Both => "both",
        }
    }

    /// Reads the stored or typed form (`top-level` is accepted as well).
    pub fn parse(raw: &str) -> Result<ModeratorClaim, FieldError> {
        match raw.trim() {
            "" | "context" => Ok(ModeratorClaim::Context),
            "top_level" | "top-level" => Ok(ModeratorClaim::TopLevel),
            "both" => Ok(ModeratorClaim::Both),
            _ => Err(FieldError::new("moderator_claim_unknown")),
        }
    }

    /// Whether `context.user.moderator` is set for moderators.
    pub fn in_context(self) -> bool {
        matches!(self, ModeratorClaim::Context | ModeratorClaim::Both)
    }

    /// Whether top-level `moderator` is set for moderators.
    pub fn at_top_level(self) -> bool {
        matches!(self, ModeratorClaim::TopLevel | ModeratorClaim::Both)
    }
}

/// The `context.features` a server's tokens grant or deny: Jitsi's, and those 8x8 JaaS
/// documents for its tenants (calls in and out by phone and SIP, file sharing, the visitor list).
const KNOWN_FEATURES: [&str; 13] = [
    "recording",
    "livestreaming",
    "transcription",
    "outbound-call",
    "inbound-call",
    "sip-outbound-call",
    "sip-inbound-call",
    "file-upload",
    "list-visitors",
    "screen-sharing",
    "send-private-message",
    "lobby",
    "moderation",
];

/// `context.features`: each known feature switched on or off; empty means "not in the token".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Features(BTreeMap<String, bool>);

impl Features {
    /// Reads `recording, livestreaming=false, transcription=true` (commas or new lines).
    pub fn parse(raw: &str) -> Result<Features, FieldError> {
        let mut features = BTreeMap::new();
        for item in raw
            .split([',', '\n'])
            .map(str::trim)
            .filter(|i| !i.is_empty())
        {
            let (name, value) = match item.split_once('=') {
                Some((name, value)) => (name.trim(), value.trim()),
                None => (item, "true"),
            };
            let on = match value {
                "true" | "on" | "yes" => true,
                "false" | "off" | "no" => false,
                _ => return Err(FieldError::new("feature_value").with("feature", name)),
            };
            if !KNOWN_FEATURES.contains(&name) {
                return Err(FieldError::new("feature_unknown")
                    .with("feature", name)
                    .with("known", KNOWN_FEATURES.join(", ")));
            }
            features.insert(name.to_owned(), on);
        }
        Ok(Features(features))
    }

    /// Reads the stored JSON object; anything else counts as no features.
    pub fn from_stored(json: &str) -> Features {
        Features(serde_json::from_str(json).unwrap_or_default())
    }

    /// The stored form, a JSON object of booleans.
    pub fn to_stored(&self) -> String {
        serde_json::to_string(&self.0).unwrap_or_else(|_| "{}".to_owned())
    }

    /// The typed form, as [`parse`](Self::parse) reads it.
    pub fn to_text(&self) -> String {
        self.0
            .iter()
            .map(|(name, on)| format!("{name}={on}"))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Whether no feature is set.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The features with their values.
    pub fn entries(&self) -> &BTreeMap<String, bool> {
        &self.0
    }
}
