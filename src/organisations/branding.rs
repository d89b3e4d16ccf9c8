//! An organisation's branding: accent colour, logo, legal pages, mail footer and an
//! introduction for invitations. The pages its people see after sign-in, and the join page and
//! mails of meetings they organise, carry it. Logo and colour are served under a version (a
//! hash of both), so browsers may keep them for good.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use super::branding_queries as queries;
use super::model::BrandingRow;
use super::scope::Scope;
use crate::audit::{self, Actor, AuditAction, AuditEvent};
use crate::db::{self, AnyConnection};
use crate::digest::{sha256_hex, sha256_hex_of_bytes};
use crate::domain::{AccentColour, Locale, Logo, LogoKind, paragraph, web_address};
use crate::error::{AppError, FieldErrors};

/// The longest mail footer or introduction, in characters.
pub const MAX_TEXT_CHARS: usize = 1000;

/// An organisation's branding as pages and mails use it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Branding {
    pub organisation_id: String,
    /// "Stadt A".
    pub name: String,
    /// `/branding/logo?v=<version>`, when there is a logo.
    pub logo_path: Option<String>,
    /// `/branding/accent.css?v=<version>`, when there is an accent colour.
    pub stylesheet_path: Option<String>,
    pub accent_colour: Option<String>,
    pub imprint_url: Option<String>,
    pub privacy_url: Option<String>,
    pub accessibility_url: Option<String>,
    pub mail_footer_de: String,
    pub mail_footer_en: String,
    pub invitation_intro_de: String,
    pub invitation_intro_en: String,
    pub data_stays_claim: bool,
}

impl Branding {
    /// The mail footer in `locale` (the other language's if this one is empty).
    pub fn mail_footer(&self, locale: Locale) -> &str {
        pick(locale, &self.mail_footer_de, &self.mail_footer_en)
    }

    /// The introduction for invitations in `locale` (likewise).
    pub fn invitation_intro(&self, locale: Locale) -> &str {
        pick(locale, &self.invitation_intro_de, &self.invitation_intro_en)
    }

    /// Whether any legal page is named.
    pub fn has_legal_links(&self) -> bool {
        self.imprint_url.is_some() || self.privacy_url.is_some() || self.accessibility_url.is_some()
    }
}

fn pick<'a>(locale: Locale, de: &'a str, en: &'a str) -> &'a str {
    let (own, other) = match locale {
        Locale::De => (de, en),
        _ => (en, de),
    };
    if own.is_empty() { other } else { own }
}

/// The branding form, before checking.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct BrandingInput {
    pub accent_colour: String,
    pub imprint_url: String,
    pub privacy_url: String,
    pub accessibility_url: String,
    pub mail_footer_de: String,
    pub mail_footer_en: String,
    pub invitation_intro_de: String,
    pub invitation_intro_en: String,
    /// A checkbox: present when ticked.
    pub data_stays_claim: Option<String>,
}

/// Checked branding fields (the logo goes separately).
#[derive(Debug, Clone)]
pub struct BrandingFields {
    accent: Option<AccentColour>,
    imprint_url: Option<String>,
    privacy_url: Option<String>,
    accessibility_url: Option<String>,
    texts: [String; 4],
    data_stays_claim: bool,
}

impl BrandingInput {
    /// Checks every field at once.
    pub fn parse(&self) -> Result<BrandingFields, FieldErrors> {
        let mut errors = FieldErrors::new();
        let accent = match self.accent_colour.trim() {
            "" => None,
            raw => errors.check("accent_colour", AccentColour::parse(raw)),
        };
        let mut address = |field: &'static str, raw: &str| match raw.trim() {
            "" => None,
            raw => errors.check(field, web_address(raw)),
        };
        let imprint_url = address("imprint_url", &self.imprint_url);
        let privacy_url = address("privacy_url", &self.privacy_url);
        let accessibility_url = address("accessibility_url", &self.accessibility_url);
        let mut text = |field: &'static str, raw: &str| {
            errors
                .check(field, paragraph(raw, MAX_TEXT_CHARS))
                .unwrap_or_default()
        };
        let texts = [
            text("mail_footer_de", &self.mail_footer_de),
            text("mail_footer_en", &self.mail_footer_en),
            text("invitation_intro_de", &self.invitation_intro_de),
            text("invitation_intro_en", &self.invitation_intro_en),
        ];
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(BrandingFields {
            accent,
            imprint_url,
            privacy_url,
            accessibility_url,
            texts,
            data_stays_claim: self.data_stays_claim.is_some(),
        })
    }

    /// The stored branding, as the form shows it.
    pub fn of(branding: &Branding) -> BrandingInput {
        BrandingInput {
            accent_colour: branding.accent_colour.clone().unwrap_or_default(),
            imprint_url: branding.imprint_url.clone().unwrap_or_default(),
            privacy_url: branding.privacy_url.clone().unwrap_or_default(),
            accessibility_url: branding.accessibility_url.clone().unwrap_or_default(),
            mail_footer_de: branding.mail_footer_de.clone(),
            mail_footer_en: branding.mail_footer_en.clone(),
            invitation_intro_de: branding.invitation_intro_de.clone(),
            invitation_intro_en: branding.invitation_intro_en.clone(),
            data_stays_claim: branding.data_stays_claim.then(|| "on".to_owned()),
        }
    }
}

/// The version of a branding's assets: a hash of the organisation, its colour and its logo.
fn version(organisation_id: &str, accent: Option<&str>, logo: Option<&[u8]>) -> String {
    let mut text = format!("{organisation_id}|{}|", accent.unwrap_or(""));
    if let Some(logo) = logo {
        text.push_str(&sha256_hex_of_bytes(logo));
    }
    sha256_hex(&text)[..20].to_owned()
}

/// An organisation's branding (defaults where nothing is set).
pub fn branding_of(conn: &mut AnyConnection, organisation_id: &str) -> QueryResult<Branding> {
    let (name, row) = queries::branding_of(conn, organisation_id)?;
    let Some(row) = row else {
        return Ok(Branding {
            organisation_id: organisation_id.to_owned(),
            name,
            ..Branding::default()
        });
    };
    Ok(Branding {
        organisation_id: organisation_id.to_owned(),
        name,
        logo_path: row
            .logo
            .as_ref()
            .map(|_| format!("/branding/logo?v={}", row.version)),
        stylesheet_path: row
            .accent_colour
            .as_ref()
            .map(|_| format!("/branding/accent.css?v={}", row.version)),
        accent_colour: row.accent_colour,
        imprint_url: row.imprint_url,
        privacy_url: row.privacy_url,
        accessibility_url: row.accessibility_url,
        mail_footer_de: row.mail_footer_de,
        mail_footer_en: row.mail_footer_en,
        invitation_intro_de: row.invitation_intro_de,
        invitation_intro_en: row.invitation_intro_en,
        data_stays_claim: row.data_stays_claim,
    })
}

/// What changes: the fields, the logo, or both.
pub enum BrandingChange {
    Fields(BrandingFields),
    Logo(Logo),
    RemoveLogo,
}

/// Saves a change to an organisation's branding, within `scope`; audited.
pub fn change_branding(
    conn: &mut AnyConnection,
    actor: Option<Actor<'_>>,
    scope: &Scope,
    organisation_id: &str,
    change: BrandingChange,
) -> Result<(), AppError> {
    scope.check(organisation_id)?;
    conn.transaction(|conn| {
        let (_, stored) = queries::branding_of(conn, organisation_id)?;
        let mut row = stored.unwrap_or_else(|| BrandingRow {
            organisation_id: organisation_id.to_owned(),
            accent_colour: None,
            imprint_url: None,
            privacy_url: None,
            accessibility_url: None,
            mail_footer_de: String::new(),
            mail_footer_en: String::new(),
            invitation_intro_de: String::new(),
            invitation_intro_en: String::new(),
            data_stays_claim: false,
            logo: None,
            logo_type: None,
            version: String::new(),
            updated_at: db::now(),
        });
        match change {
            BrandingChange::Fields(fields) => {
                let [footer_de, footer_en, intro_de, intro_en] = fields.texts;
                row.accent_colour = fields.accent.map(AccentColour::hex);
                row.imprint_url = fields.imprint_url;
                row.privacy_url = fields.privacy_url;
                row.accessibility_url = fields.accessibility_url;
                row.mail_footer_de = footer_de;
                row.mail_footer_en = footer_en;
                row.invitation_intro_de = intro_de;
                row.invitation_intro_en = intro_en;
                row.data_stays_claim = fields.data_stays_claim;
            }
            BrandingChange::Logo(logo) => {
                row.logo_type = Some(logo.kind().media_type().to_owned());
                row.logo = Some(logo.bytes().to_vec());
            }
            BrandingChange::RemoveLogo => {
                row.logo = None;
                row.logo_type = None;
            }
        }
        row.version = version(
            organisation_id,
            row.accent_colour.as_deref(),
            row.logo.as_deref(),
        );
        row.updated_at = db::now();
        queries::save(conn, &row)?;
        audit::record(
            conn,
            AuditEvent::new(AuditAction::BrandingChanged)
                .by_actor(actor)
                .detail(organisation_id),
        )?;
        Ok(())
    })
}

/// The logo served under `version`, if there is one.
pub fn logo_of_version(conn: &mut AnyConnection, version: &str) -> Result<Option<Logo>, AppError> {
    Ok(match queries::logo_of_version(conn, version)? {
        Some((Some(bytes), Some(media_type))) => {
            LogoKind::from_media_type(&media_type).map(|kind| Logo::stored(bytes, kind))
        }
        _ => None,
    })
}

/// The stylesheet served under `version`: the accent colour as the pages' primary colour.
pub fn accent_stylesheet(
    conn: &mut AnyConnection,
    version: &str,
) -> Result<Option<String>, AppError> {
    let Some(Some(hex)) = queries::accent_of_version(conn, version)? else {
        return Ok(None);
    };
    let Ok(accent) = AccentColour::parse(&hex) else {
        return Ok(None);
    };
    Ok(Some(format!(
        ":root {{ --color-primary: {}; --color-primary-dark: {}; }}\n",
        accent.hex(),
        accent.darker_hex()
    )))
}

/// When any organisation's branding last changed; caches compare it.
pub fn last_branding_change(conn: &mut AnyConnection) -> Result<Option<NaiveDateTime>, AppError> {
    Ok(queries::last_change(conn)?)
}
