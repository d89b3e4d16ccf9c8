//! Organisations as stored.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::organisations;

/// The organisation the first migration made; accounts no rule places belong to it until an
/// administrator makes another one the default.
pub const FIRST_ORGANISATION_ID: &str = "00000000-0000-4000-8000-000000000001";

/// A city or authority: its members, administrators and Jitsi servers.
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = organisations)]
pub struct Organisation {
    /// Random UUID (the first organisation's is [`FIRST_ORGANISATION_ID`]).
    pub id: String,
    /// Short lower-case name: `stadt-a`.
    pub slug: String,
    /// "Stadt A".
    pub name: String,
    /// Keycloak's alias of the city's identity provider, passed as `kc_idp_hint`.
    pub idp_hint: Option<String>,
    /// The server its members' meetings run on unless they pick another.
    pub default_server_id: Option<String>,
    /// Accounts no rule places come here.
    pub is_default: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// An organisation with its address domains and head count, for lists.
#[derive(Debug, Clone, Serialize)]
pub struct OrganisationListing {
    #[serde(flatten)]
    pub organisation: Organisation,
    /// `stadt-a.de`, `*.stadt-a.de`, by name.
    pub domains: Vec<String>,
    /// Accounts in it.
    pub members: i64,
    /// The addresses of its organisation administrators.
    pub admins: Vec<String>,
}
