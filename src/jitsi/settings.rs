//! What an administrator says about a Jitsi server, parsed into values that can only be valid.
//!
//! The same [`ServerInput`] comes from the admin form, the command line and the first-start
//! environment variables, so all three refuse the same things with the same field codes.

use super::server_checks::{
    check_jaas, parse_base_url, parse_line, parse_margin, parse_private_key, parse_secret,
    parse_word,
};
use super::token_policy::{Algorithm, Features, ModeratorClaim, TokenMode};

use crate::error::FieldErrors;

/// How the server's tokens are signed, with the secret material when it was just typed.
#[derive(Clone, PartialEq, Eq)]
pub enum Signing {
    /// No tokens.
    None,
    /// HMAC with a shared secret; `secret: None` keeps the stored one (editing).
    SharedSecret {
        /// HS256, HS384 or HS512.
        algorithm: Algorithm,
        /// The `iss` claim.
        app_id: String,
        /// At least 32 characters.
        secret: Option<String>,
    },
    /// RS256; `private_key: None` keeps the stored one (editing).
    Rsa {
        /// The `iss` claim.
        app_id: String,
        /// The `kid` header.
        key_id: String,
        /// A PEM private key (PKCS#1 or PKCS#8).
        private_key: Option<String>,
    },
}

impl std::fmt::Debug for Signing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Signing::None => f.write_str("None"),
            Signing::SharedSecret {
                algorithm, app_id, ..
            } => write!(f, "SharedSecret({}, {app_id}, …)", algorithm.as_str()),
            Signing::Rsa { app_id, key_id, .. } => write!(f, "Rsa({app_id}, {key_id}, …)"),
        }
    }
}

impl Signing {
    /// The token mode this signing belongs to.
    pub fn mode(&self) -> TokenMode {
        match self {
            Signing::None => TokenMode::None,
            Signing::SharedSecret { .. } => TokenMode::SharedSecret,
            Signing::Rsa { .. } => TokenMode::Rsa,
        }
    }

    /// The newly typed secret or private key, if any.
    pub fn new_secret(&self) -> Option<&str> {
        match self {
            Signing::None => None,
            Signing::SharedSecret { secret, .. } => secret.as_deref(),
            Signing::Rsa { private_key, .. } => private_key.as_deref(),
        }
    }
}

/// A server's settings, all valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerSettings {
    /// Shown to organizers, unique.
    pub name: String,
    /// `https://meet.example.org` or `https://host/<tenant>`, without a trailing slash.
    pub base_url: String,
    /// Token signing.
    pub signing: Signing,
    /// The `aud` claim.
    pub audience: String,
    /// The `sub` claim.
    pub subject: String,
    /// Where moderators' claims go.
    pub moderator_claim: ModeratorClaim,
    /// `context.features` to put in every token.
    pub features: Features,
    /// Minutes a token outlives the meeting's end.
    pub token_margin_minutes: i32,
    /// Tokens also carry the claims the jitsi-contrib lobby plugins read
    /// (`context.room.lobby_autostart`, `lobby_bypass`).
    pub lobby_claims: bool,
}

/// The default `aud`, what most Prosody installations accept.
pub const DEFAULT_AUDIENCE: &str = "jitsi";
pub use super::server_checks::DEFAULT_TOKEN_MARGIN_MINUTES;

/// A server as typed: every field a string, as forms and the command line deliver them.
/// Empty means "default" (or, for the secret and key when editing, "keep").
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct ServerInput {
    /// Display name.
    pub name: String,
    pub base_url: String,
    /// `none`, `shared_secret` or `rsa`.
    pub token_mode: String,
    /// HS256 (default), HS384, HS512 for shared secrets.
    pub algorithm: String,
    /// The `iss` claim.
    pub app_id: String,
    /// Shared secret (shared-secret mode).
    pub secret: String,
    /// `kid` (RSA mode).
    pub key_id: String,
    /// PEM private key (RSA mode).
    pub private_key: String,
    /// `aud`, default `jitsi`.
    pub audience: String,
    /// `sub`, default the tenant or host of the base URL.
    pub subject: String,
    /// `context`, `top_level` or `both`.
    pub moderator_claim: String,
    /// `recording, livestreaming=false`.
    pub features: String,
    /// Minutes, default 60.
    pub token_margin_minutes: String,
    /// A checkbox: `on` (or `true`) when tokens carry the lobby plugins' claims.
    pub lobby_claims: Option<String>,
}

impl ServerInput {
    /// The server named by `TREFFPUNKT_JITSI_URL` (and app id and secret), called by its host.
    pub fn from_first_server(first: &crate::config::FirstServer) -> ServerInput {
        let name = url::Url::parse(&first.url)
            .ok()
            .and_then(|url| url.host_str().map(str::to_owned))
            .unwrap_or_else(|| first.url.clone());
        let (token_mode, app_id, secret) = match &first.credentials {
            Some((app_id, secret)) => ("shared_secret", app_id.clone(), secret.clone()),
            None => ("none", String::new(), String::new()),
        };
        ServerInput {
            name,
            base_url: first.url.clone(),
            token_mode: token_mode.to_owned(),
            app_id,
            secret,
            ..ServerInput::default()
        }
    }

    /// Checks every field; `editing` allows an empty secret or key (keep the stored one).
    pub fn parse(&self, editing: bool) -> Result<ServerSettings, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = errors.check("name", parse_line(&self.name, 100));
        let base_url = errors.check("base_url", parse_base_url(&self.base_url));
        let mode = errors.check("token_mode", TokenMode::parse(&self.token_mode));
        let audience = errors.check(
            "audience",
            parse_word(&self.audience).map(|a| a.unwrap_or(DEFAULT_AUDIENCE.to_owned())),
        );
        let subject = errors.check("subject", parse_word(&self.subject));
        let moderator_claim = errors.check(
            "moderator_claim",
            ModeratorClaim::parse(&self.moderator_claim),
        );
        let features = errors.check("features", Features::parse(&self.features));
        let token_margin_minutes = errors.check(
            "token_margin_minutes",
            parse_margin(&self.token_margin_minutes),
        );
        if let (Some(base_url), Some(features)) = (&base_url, &features) {
            check_jaas(base_url, mode, &self.key_id, features, &mut errors);
        }
        let signing = self.signing(mode, editing, &mut errors);
        match (
            name,
            base_url,
            signing,
            audience,
            subject,
            moderator_claim,
            features,
            token_margin_minutes,
        ) {
            (
                Some(name),
                Some(base_url),
                Some(signing),
                Some(audience),
                Some(subject),
                Some(moderator_claim),
                Some(features),
                Some(token_margin_minutes),
            ) if errors.is_empty() => {
                let subject = subject.unwrap_or_else(|| default_subject(&base_url));
                Ok(ServerSettings {
                    name,
                    base_url,
                    signing,
                    audience,
                    subject,
                    moderator_claim,
                    features,
                    token_margin_minutes,
                    lobby_claims: self
                        .lobby_claims
                        .as_deref()
                        .is_some_and(|value| matches!(value, "on" | "true" | "1" | "yes")),
                })
            }
            _ => Err(errors),
        }
    }

    /// How tokens are made: the fields the chosen mode needs, each checked.
    fn signing(
        &self,
        mode: Option<TokenMode>,
        editing: bool,
        errors: &mut FieldErrors,
    ) -> Option<Signing> {
        match mode {
            Some(TokenMode::None) | None => Some(Signing::None),
            Some(TokenMode::SharedSecret) => {
                let algorithm = errors.check("algorithm", Algorithm::parse_shared(&self.algorithm));
                let app_id = errors.check("app_id", parse_line(&self.app_id, 200));
                let min_bytes = algorithm
                    .and_then(Algorithm::min_secret_bytes)
                    .unwrap_or(32);
                let secret = errors.check("secret", parse_secret(&self.secret, editing, min_bytes));
                match (algorithm, app_id, secret) {
                    (Some(algorithm), Some(app_id), Some(secret)) => Some(Signing::SharedSecret {
                        algorithm,
                        app_id,
                        secret,
                    }),
                    _ => None,
                }
            }
            Some(TokenMode::Rsa) => {
                let app_id = errors.check("app_id", parse_line(&self.app_id, 200));
                let key_id = errors.check("key_id", parse_line(&self.key_id, 500));
                let private_key =
                    errors.check("private_key", parse_private_key(&self.private_key, editing));
                match (app_id, key_id, private_key) {
                    (Some(app_id), Some(key_id), Some(private_key)) => Some(Signing::Rsa {
                        app_id,
                        key_id,
                        private_key,
                    }),
                    _ => None,
                }
            }
        }
    }
}

/// The `sub` a server expects when nobody says otherwise: the tenant for
/// `https://host/<tenant>`, else the host.
pub fn default_subject(base_url: &str) -> String {
    match url::Url::parse(base_url) {
        Ok(url) => match url.path_segments().and_then(|mut s| s.next_back()) {
            Some(tenant) if !tenant.is_empty() => tenant.to_lowercase(),
            _ => url.host_str().unwrap_or("*").to_owned(),
        },
        Err(_) => "*".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::FieldError;

    /// The code of the error on `field`.
    fn code(errors: &FieldErrors, field: &str) -> &'static str {
        errors
            .iter()
            .find(|(name, _)| *name == field)
            .map(|(_, error)| error.code)
            .unwrap_or_else(|| panic!("no error on {field}"))
    }

    fn input() -> ServerInput {
        ServerInput {
            name: "Stadt A".into(),
            base_url: "https://meet.example.org/".into(),
            token_mode: "shared_secret".into(),
            app_id: "treffpunkt".into(),
            secret: "s".repeat(32),
            ..ServerInput::default()
        }
    }

    #[test]
    fn defaults_fill_what_was_left_empty() {
        let settings = input().parse(false).unwrap();
        assert_eq!(settings.base_url, "https://meet.example.org");
        assert_eq!(settings.audience, "jitsi");
        assert_eq!(settings.subject, "meet.example.org");
        assert_eq!(settings.moderator_claim, ModeratorClaim::Context);
        assert_eq!(settings.token_margin_minutes, 60);
        assert!(matches!(
            settings.signing,
            Signing::SharedSecret {
                algorithm: Algorithm::Hs256,
                ..
            }
        ));
    }

    #[test]
    fn a_tenant_path_is_the_default_subject() {
        assert_eq!(
            default_subject("https://8x8.vc/vpaas-magic-cookie-abc"),
            "vpaas-magic-cookie-abc"
        );
        assert_eq!(
            default_subject("https://meet.example.org"),
            "meet.example.org"
        );
    }

    #[test]
    fn what_jitsi_and_8x8_will_check_is_checked_here() {
        let nested = ServerInput {
            base_url: "https://meet.example.org/a/b".into(),
            ..input()
        };
        assert_eq!(
            code(&nested.parse(false).unwrap_err(), "base_url"),
            "server_url_one_tenant"
        );
        for (algorithm, min) in [("HS256", 32), ("HS384", 48), ("HS512", 64)] {
            let short = ServerInput {
                algorithm: algorithm.into(),
                secret: "s".repeat(min - 1),
                ..input()
            };
            let error = short.parse(false).unwrap_err();
            assert_eq!(code(&error, "secret"), "secret_too_short", "{algorithm}");
            let long_enough = ServerInput {
                algorithm: algorithm.into(),
                secret: "s".repeat(min),
                ..input()
            };
            assert!(long_enough.parse(false).is_ok(), "{algorithm}");
        }
        let jaas = ServerInput {
            base_url: "https://8x8.vc/vpaas-magic-cookie-0123abcd".into(),
            ..input()
        };
        let errors = jaas.parse(false).unwrap_err();
        assert_eq!(code(&errors, "token_mode"), "jaas_needs_rsa");
        assert_eq!(code(&errors, "features"), "jaas_features_required");
        let granted = Features::parse("recording, sip-inbound-call, file-upload, list-visitors");
        assert!(granted.is_ok(), "JaaS features can be granted");
        let wrong_kid = ServerInput {
            token_mode: "rsa".into(),
            key_id: "VPAAS-MAGIC-COOKIE-0123abcd/4f2a".into(),
            features: "recording".into(),
            ..jaas
        };
        let errors = wrong_kid.parse(false).unwrap_err();
        assert_eq!(code(&errors, "key_id"), "jaas_kid_tenant");
    }

    #[test]
    fn every_bad_field_is_named_at_once() {
        let bad = ServerInput {
            name: String::new(),
            base_url: "ftp://x".into(),
            token_mode: "shared_secret".into(),
            algorithm: "none".into(),
            secret: "short".into(),
            features: "teleport".into(),
            token_margin_minutes: "-1".into(),
            ..ServerInput::default()
        };
        let errors = bad.parse(false).unwrap_err();
        let codes: Vec<_> = errors.iter().map(|(f, e)| (f, e.code)).collect();
        assert_eq!(
            codes,
            [
                ("algorithm", "algorithm_unknown"),
                ("app_id", "required"),
                ("base_url", "server_url_invalid"),
                ("features", "feature_unknown"),
                ("name", "required"),
                ("secret", "secret_too_short"),
                ("token_margin_minutes", "minutes_range"),
            ]
        );
    }

    #[test]
    fn an_empty_secret_keeps_the_stored_one_only_when_editing() {
        let mut keep = input();
        keep.secret.clear();
        assert!(keep.parse(false).is_err());
        let settings = keep.parse(true).unwrap();
        assert_eq!(settings.signing.new_secret(), None);
    }

    #[test]
    fn features_are_read_and_written_back() {
        let features = Features::parse("recording, livestreaming=false\nlobby=on").unwrap();
        assert_eq!(
            features.to_text(),
            "livestreaming=false, lobby=true, recording=true"
        );
        assert_eq!(Features::from_stored(&features.to_stored()), features);
    }

    #[test]
    fn the_secret_never_shows_in_debug_output() {
        let settings = input().parse(false).unwrap();
        assert!(!format!("{settings:?}").contains("ssssssss"));
    }

    #[test]
    fn a_broken_private_key_is_refused() {
        let rsa = ServerInput {
            token_mode: "rsa".into(),
            key_id: "kid".into(),
            private_key: "-----BEGIN PRIVATE KEY-----\nnonsense\n-----END PRIVATE KEY-----".into(),
            ..input()
        };
        let errors = rsa.parse(false).unwrap_err();
        assert_eq!(
            errors.iter().next().unwrap(),
            ("private_key", &FieldError::new("private_key_invalid"))
        );
    }
}
