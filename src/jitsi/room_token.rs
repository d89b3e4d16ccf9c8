//! Room tokens: the JWT Prosody checks when someone enters a room (../shared/reference/jitsi-jwt.md).
//!
//! Minted at the moment a person presses "join", for exactly one room and role, and short-lived:
//! `exp` is the end of joining (the planned end plus the grace) plus the server's margin, never
//! more than a day ahead.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, RwLock};

use anyhow::Context as _;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use hmac::digest::KeyInit;
use hmac::{Hmac, Mac};
use jsonwebtoken::{EncodingKey, Header};
use serde::Serialize;
use sha2::{Sha256, Sha384, Sha512};

use super::queries;
use super::server::JitsiServer;
use super::token_policy::{Algorithm, ModeratorClaim, TokenMode};
use crate::db::AnyConnection;
use crate::error::AppError;
use crate::sealing::SecretBox;

/// Prosody has no leeway on `nbf`; a minute back covers clocks that run slightly apart.
const NOT_BEFORE_BACKDATE_SECONDS: i64 = 60;
/// No token lives longer than a day, whatever the meeting's length.
const MAX_LIFETIME_HOURS: i64 = 24;

/// Who enters which room, as the token will say.
#[derive(Debug, Clone)]
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
    /// When joining closes: the planned end plus the grace for meetings that overrun.
    pub open_until: DateTime<Utc>,
    /// The meeting has its lobby on (people wait in Treffpunkt's waiting room).
    pub lobby: bool,
    /// The meeting's own features for this person's role, over the server's.
    pub features: BTreeMap<&'static str, bool>,
}

/// Signs room tokens for one server: its key, already decoded, and its claim rules.
pub struct Signer {
    /// The header never changes for a server, so it is encoded once.
    encoded_header: String,
    key: SigningKey,
    issuer: String,
    audience: String,
    subject: String,
    moderator_claim: ModeratorClaim,
    features: BTreeMap<String, bool>,
    margin: Duration,
    /// Add the jitsi-contrib lobby plugins' claims.
    lobby_claims: bool,
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
                SigningKey::Rs256(
                    EncodingKey::from_rsa_pem(secret)
                        .context("the stored private key is not PEM")?,
                )
            }
            Algorithm::Hs256 => SigningKey::Hs256(keyed(secret)?),
            Algorithm::Hs384 => SigningKey::Hs384(keyed(secret)?),
            Algorithm::Hs512 => SigningKey::Hs512(keyed(secret)?),
        };
        let encoded_header = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&header)?);
        Ok(Signer {
            encoded_header,
            key,
            issuer: server.app_id.clone().unwrap_or_default(),
            audience: server.audience.clone(),
            subject: server.subject.clone(),
            moderator_claim: server.moderator_claim(),
            features: server.features().entries().clone(),
            margin: Duration::minutes(i64::from(server.token_margin_minutes)),
            lobby_claims: server.lobby_claims,
        })
    }

    /// A signed token for `grant`, valid from a minute before `now`.
    pub fn mint(&self, grant: &RoomGrant<'_>, now: DateTime<Utc>) -> anyhow::Result<String> {
        let moderator = grant.moderator.then_some(true);
        // For the jitsi-contrib lobby plugins: a room whose meeting has no lobby must not start
        // one (`token_lobby_autostart`), and whoever gets a token was let in already, by role or
        // from Treffpunkt's waiting room (`token_lobby_bypass`: older versions read it from
        // `context.user`, newer ones from `context.features`).
        let bypass = (moderator.is_some() || self.lobby_claims).then_some(true);
        let merged;
        let features = if self.lobby_claims || !grant.features.is_empty() {
            let mut features = self.features.clone();
            // The meeting's settings for this role win over the server's.
            for (name, on) in &grant.features {
                features.insert((*name).to_owned(), *on);
            }
            if self.lobby_claims {
                features.insert("lobby_bypass".to_owned(), true);
            }
            merged = features;
            Some(&merged)
        } else {
            (!self.features.is_empty()).then_some(&self.features)
        };
        let expires =
            (grant.open_until + self.margin).min(now + Duration::hours(MAX_LIFETIME_HOURS));
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
                    lobby_bypass: bypass,
                },
                room: self.lobby_claims.then_some(RoomClaims {
                    lobby_autostart: grant.lobby,
                }),
                features,
            },
        };
        // header.claims.signature, each part base64url without padding (RFC 7519).
        let claims = serde_json::to_vec(&claims).context("encoding the claims")?;
        let mut token =
            String::with_capacity(self.encoded_header.len() + claims.len() * 4 / 3 + 350);
        token.push_str(&self.encoded_header);
        token.push('.');
        URL_SAFE_NO_PAD.encode_string(&claims, &mut token);
        let signature = self.key.sign(token.as_bytes())?;
        token.push('.');
        token.push_str(&signature);
        Ok(token)
    }
}

/// A server's signing key, ready to use. HMAC keys keep their keyed state (the key schedule
/// is done once, not per token); RSA signs through `jsonwebtoken`.
enum SigningKey {
    Hs256(Hmac<Sha256>),
    Hs384(Hmac<Sha384>),
    Hs512(Hmac<Sha512>),
    Rs256(EncodingKey),
}

impl SigningKey {
    /// The base64url signature of `message`.
    fn sign(&self, message: &[u8]) -> anyhow::Result<String> {
        fn hmac<M: Mac + Clone>(keyed: &M, message: &[u8]) -> String {
            let mut mac = keyed.clone();
            mac.update(message);
            URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
        }
        Ok(match self {
            SigningKey::Hs256(keyed) => hmac(keyed, message),
            SigningKey::Hs384(keyed) => hmac(keyed, message),
            SigningKey::Hs512(keyed) => hmac(keyed, message),
            SigningKey::Rs256(key) => {
                jsonwebtoken::crypto::sign(message, key, jsonwebtoken::Algorithm::RS256)
                    .context("signing a room token")?
            }
        })
    }
}

fn keyed<M: KeyInit>(secret: &[u8]) -> anyhow::Result<M> {
    <M as KeyInit>::new_from_slice(secret).map_err(|_| anyhow::anyhow!("unusable HMAC key"))
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
    room: Option<RoomClaims>,
    #[serde(skip_serializing_if = "Option::is_none")]
    features: Option<&'a BTreeMap<String, bool>>,
}

/// `context.room` as `token_lobby_autostart` reads it (a boolean).
#[derive(Serialize)]
struct RoomClaims {
    lobby_autostart: bool,
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

/// A server as joining needs it: where rooms are, and its signer when it wants tokens.
pub struct RoomServer {
    base_url: String,
    signer: Option<Signer>,
}

impl RoomServer {
    /// Prepares `server`, opening its sealed secret when it has one.
    fn new(server: &JitsiServer, secrets: &SecretBox) -> anyhow::Result<RoomServer> {
        let signer = match server.token_mode {
            TokenMode::None => None,
            TokenMode::SharedSecret | TokenMode::Rsa => {
                let sealed = server
                    .secret_sealed
                    .as_deref()
                    .with_context(|| format!("server {} has no stored secret", server.name))?;
                let secret = secrets
                    .open(&JitsiServer::seal_context(&server.id), sealed)
                    .with_context(|| format!("server {}", server.name))?;
                Some(Signer::new(server, &secret)?)
            }
        };
        Ok(RoomServer {
            base_url: server.base_url.trim_end_matches('/').to_owned(),
            signer,
        })
    }

    /// The address the browser is sent to for `room` (without a token).
    pub fn room_url(&self, room: &str) -> String {
        format!("{}/{room}", self.base_url)
    }

    /// The scheme, host and port, for the join page's `form-action`.
    pub fn origin(&self) -> Option<String> {
        url::Url::parse(&self.base_url)
            .ok()
            .map(|url| url.origin().ascii_serialization())
    }

    /// Whether the server checks room tokens; without, anyone who knows a room's name enters.
    pub fn checks_tokens(&self) -> bool {
        self.signer.is_some()
    }

    /// The `jwt` for `grant`, or `None` for a server without tokens.
    pub fn mint(
        &self,
        grant: &RoomGrant<'_>,
        now: DateTime<Utc>,
    ) -> anyhow::Result<Option<String>> {
        self.signer
            .as_ref()
            .map(|signer| signer.mint(grant, now))
            .transpose()
    }
}

impl std::fmt::Debug for RoomServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RoomServer")
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

/// Every server joins have used, prepared, until its settings change (`updated_at`): opening a
/// sealed secret and parsing a PEM key cost far more than signing, and each join would otherwise
/// read the whole server row.
pub struct RoomTokens {
    secrets: SecretBox,
    servers: RwLock<HashMap<String, (NaiveDateTime, Arc<RoomServer>)>>,
}

impl RoomTokens {
    /// Opens sealed server secrets with `secrets`.
    pub fn new(secrets: SecretBox) -> RoomTokens {
        RoomTokens {
            secrets,
            servers: RwLock::new(HashMap::new()),
        }
    }

    /// The server `id` as of `updated_at`, read from the database only when not yet prepared.
    pub fn server(
        &self,
        conn: &mut AnyConnection,
        id: &str,
        updated_at: NaiveDateTime,
    ) -> Result<Arc<RoomServer>, AppError> {
        let cached = self
            .servers
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(id)
            .filter(|(version, _)| *version == updated_at)
            .map(|(_, server)| Arc::clone(server));
        if let Some(server) = cached {
            return Ok(server);
        }
        let row = queries::find_server(conn, id)?;
        let server = Arc::new(RoomServer::new(&row, &self.secrets)?);
        self.servers
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(row.id.clone(), (row.updated_at, Arc::clone(&server)));
        Ok(server)
    }
}

impl std::fmt::Debug for RoomTokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RoomTokens(…)")
    }
}

#[cfg(test)]
mod tests;
