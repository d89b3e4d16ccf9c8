//! Room tokens: the JWT Prosody checks when someone enters a room (../shared/reference/jitsi-jwt.md).
//!
//! Minted at the moment a person presses "join", for exactly one room and role, and short-lived:
//! `exp` is the meeting's end plus the server's margin, never more than a day ahead.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, RwLock};

use anyhow::Context as _;
use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use jsonwebtoken::{EncodingKey, Header};
use serde::Serialize;

use super::server::JitsiServer;
use super::settings::{Algorithm, ModeratorClaim, TokenMode};
use crate::sealing::SecretBox;

/// Prosody has no leeway on `nbf`; a minute back covers clocks that run slightly apart.
const NOT_BEFORE_BACKDATE_SECONDS: i64 = 60;
/// No token lives longer than a day, whatever the meeting's length.
const MAX_LIFETIME_HOURS: i64 = 24;

/// Who enters which room, as the token will say.
#[derive(Debug, Clone, Copy)]
pub struct RoomGrant<'a> {
    /// The room name, exactly as in the URL.
    pub room: &'a str,
    /// A stable id for the person (the participant's id).
    pub user_id: &'a str,
    /// The name they chose on the join page.
    pub name: &'a str,
    /// Their address.
    pub email: &'a str,
    /// Moderators get the moderator claims, `affiliation: owner` and `lobby_bypass`.
    pub moderator: bool,
    /// When the meeting is planned to end.
    pub meeting_ends_at: DateTime<Utc>,
}

/// Signs room tokens for one server: its key, already decoded, and its claim rules.
pub struct Signer {
    header: Header,
    key: EncodingKey,
    issuer: String,
    audience: String,
    subject: String,
    moderator_claim: ModeratorClaim,
    features: BTreeMap<String, bool>,
    margin: Duration,
}

impl Signer {
    /// Prepares signing for `server` with its opened secret (shared secret or PEM private key).
    pub fn new(server: &JitsiServer, secret: &[u8]) -> anyhow::Result<Signer> {
        let algorithm = server
            .algorithm()
            .with_context(|| format!("unknown algorithm {:?}", server.algorithm))?;
        let mut header = Header::new(algorithm.to_jwt());
        header.typ = Some("JWT".to_owned());
        let key = match algorithm {
            Algorithm::Rs256 => {
                header.kid = server.key_id.clone();
                EncodingKey::from_rsa_pem(secret).context("the stored private key is not PEM")?
            }
            Algorithm::Hs256 | Algorithm::Hs384 | Algorithm::Hs512 => {
                EncodingKey::from_secret(secret)
            }
        };
        Ok(Signer {
            header,
            key,
            issuer: server.app_id.clone().unwrap_or_default(),
            audience: server.audience.clone(),
            subject: server.subject.clone(),
            moderator_claim: server.moderator_claim(),
            features: server.features().entries().clone(),
            margin: Duration::minutes(i64::from(server.token_margin_minutes)),
        })
    }

    /// A signed token for `grant`, valid from a minute before `now`.
    pub fn mint(&self, grant: &RoomGrant<'_>, now: DateTime<Utc>) -> anyhow::Result<String> {
        let moderator = grant.moderator.then_some(true);
        let expires =
            (grant.meeting_ends_at + self.margin).min(now + Duration::hours(MAX_LIFETIME_HOURS));
        let claims = Claims {
            iss: &self.issuer,
            aud: &self.audience,
            sub: &self.subject,
            room: grant.room,
            iat: now.timestamp(),
            nbf: now.timestamp() - NOT_BEFORE_BACKDATE_SECONDS,
            exp: expires.timestamp(),
            moderator: moderator.filter(|_| self.moderator_claim.at_top_level()),
            context: Context {
                user: UserClaims {
                    id: grant.user_id,
                    name: grant.name,
                    email: grant.email,
                    moderator: moderator.filter(|_| self.moderator_claim.in_context()),
                    affiliation: grant.moderator.then_some("owner"),
                    lobby_bypass: moderator,
                },
                features: (!self.features.is_empty()).then_some(&self.features),
            },
        };
        jsonwebtoken::encode(&self.header, &claims, &self.key).context("signing a room token")
    }
}

#[derive(Serialize)]
struct Claims<'a> {
    iss: &'a str,
    aud: &'a str,
    sub: &'a str,
    room: &'a str,
    iat: i64,
    nbf: i64,
    exp: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    moderator: Option<bool>,
    context: Context<'a>,
}

#[derive(Serialize)]
struct Context<'a> {
    user: UserClaims<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    features: Option<&'a BTreeMap<String, bool>>,
}

/// Strings only: a number or null here breaks Prosody's token plugin.
#[derive(Serialize)]
struct UserClaims<'a> {
    id: &'a str,
    name: &'a str,
    email: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    moderator: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    affiliation: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    lobby_bypass: Option<bool>,
}

/// Mints tokens for any server, keeping each server's decoded key until its settings change:
/// opening the sealed secret and parsing a PEM key costs far more than signing.
pub struct RoomTokens {
    secrets: SecretBox,
    signers: RwLock<HashMap<String, (NaiveDateTime, Arc<Signer>)>>,
}

impl RoomTokens {
    /// Opens sealed server secrets with `secrets`.
    pub fn new(secrets: SecretBox) -> RoomTokens {
        RoomTokens {
            secrets,
            signers: RwLock::new(HashMap::new()),
        }
    }

    /// The `jwt` for `grant` on `server`, or `None` for a server without tokens.
    pub fn mint(
        &self,
        server: &JitsiServer,
        grant: &RoomGrant<'_>,
        now: DateTime<Utc>,
    ) -> anyhow::Result<Option<String>> {
        if server.token_mode() == TokenMode::None {
            return Ok(None);
        }
        let signer = self.signer(server)?;
        signer.mint(grant, now).map(Some)
    }

    fn signer(&self, server: &JitsiServer) -> anyhow::Result<Arc<Signer>> {
        let cached = self
            .signers
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(&server.id)
            .filter(|(version, _)| *version == server.updated_at)
            .map(|(_, signer)| Arc::clone(signer));
        if let Some(signer) = cached {
            return Ok(signer);
        }
        let sealed = server
            .secret_sealed
            .as_deref()
            .with_context(|| format!("server {} has no stored secret", server.name))?;
        let secret = self
            .secrets
            .open(&JitsiServer::seal_context(&server.id), sealed)
            .with_context(|| format!("server {}", server.name))?;
        let signer = Arc::new(Signer::new(server, &secret)?);
        self.signers
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(server.id.clone(), (server.updated_at, Arc::clone(&signer)));
        Ok(signer)
    }
}

impl std::fmt::Debug for RoomTokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RoomTokens(…)")
    }
}
