//! Organisations as stored.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{organisation_branding, organisations};

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

/// An organisation's branding as stored (`branding.rs` turns it into what pages use).
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = organisation_branding, treat_none_as_null = true)]
pub struct BrandingRow {
    pub organisation_id: String,
    pub accent_colour: Option<String>,
    pub imprint_url: Option<String>,
    pub privacy_url: Option<String>,
    pub accessibility_url: Option<String>,
    pub mail_footer_de: String,
    pub mail_footer_en: String,
    pub invitation_intro_de: String,
    pub invitation_intro_en: String,
    pub data_stays_claim: bool,
    pub logo: Option<Vec<u8>>,
    pub logo_type: Option<String>,
    pub version: String,
    pub updated_at: NaiveDateTime,
}
