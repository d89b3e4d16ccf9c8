//! A Jitsi server as stored.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::token_policy::{Algorithm, Features, ModeratorClaim, TokenMode};
use crate::db::schema::jitsi_servers;

/// A Jitsi Meet installation meetings run on. The secret stays sealed in the row.
#[derive(Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = jitsi_servers, treat_none_as_null = true)]
pub struct JitsiServer {
    /// Random UUID.
    pub id: String,
    /// Shown to organizers.
    pub name: String,
    /// Rooms live at `<base_url>/<room>`.
    pub base_url: String,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub token_mode: TokenMode,
    /// The `iss` claim.
    pub app_id: Option<String>,
    /// Shared secret or PEM private key, sealed (see `crate::sealing`).
    pub secret_sealed: Option<Vec<u8>>,
    /// The `aud` claim.
    pub audience: String,
    /// New meetings run here unless their organizer picks another.
    pub is_default: bool,
    /// Retired servers keep their meetings but take no new ones.
    pub retired_at: Option<NaiveDateTime>,
    /// When it was added (UTC).
    pub created_at: NaiveDateTime,
    /// When its settings last changed (UTC); also tells cached signing keys they are stale.
    pub updated_at: NaiveDateTime,
    /// `HS256`, `HS384`, `HS512` or `RS256`.
    pub algorithm: String,
    /// The `kid` header (RSA).
    pub key_id: Option<String>,
    /// The `sub` claim.
    pub subject: String,
    /// `context`, `top_level` or `both`.
    pub moderator_claim: String,
    /// `context.features` as a JSON object.
    pub features: String,
    /// Minutes a token outlives the meeting.
    pub token_margin_minutes: i32,
    /// Tokens carry the jitsi-contrib lobby plugins' claims.
    pub lobby_claims: bool,
}

impl JitsiServer {
    /// The signature algorithm, if the stored one is known.
    pub fn algorithm(&self) -> Option<Algorithm> {
        Algorithm::from_stored(&self.algorithm)
    }

    /// Where moderator claims go.
    pub fn moderator_claim(&self) -> ModeratorClaim {
        ModeratorClaim::parse(&self.moderator_claim).unwrap_or_default()
    }

    /// The `context.features` tokens carry.
    pub fn features(&self) -> Features {
        Features::from_stored(&self.features)
    }

    /// Whether it takes new meetings.
    pub fn is_retired(&self) -> bool {
        self.retired_at.is_some()
    }

    /// The associated data the sealed secret is bound to.
    pub fn seal_context(id: &str) -> String {
        format!("jitsi_servers/{id}")
    }
}

/// Never prints the sealed secret (not even encrypted: it is nobody's business).
impl std::fmt::Debug for JitsiServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JitsiServer")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("base_url", &self.base_url)
            .field("token_mode", &self.token_mode)
            .field("algorithm", &self.algorithm)
            .finish_non_exhaustive()
    }
}
