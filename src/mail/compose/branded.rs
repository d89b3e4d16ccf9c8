//! What every mail carries of the organizer's organisation: its footer text and the links to
//! its imprint, privacy policy and accessibility statement (German public bodies must link
//! them), and for invitations its introduction.

use serde::Serialize;
use tera::Context;

use crate::domain::Locale;
use crate::i18n;
use crate::organisations::Branding;

#[derive(Serialize)]
struct LegalLink<'a> {
    label: String,
    url: &'a str,
}

fn legal_links(branding: &Branding, locale: Locale) -> Vec<LegalLink<'_>> {
    [
        ("footer-imprint", &branding.imprint_url),
        ("footer-privacy", &branding.privacy_url),
        ("footer-accessibility", &branding.accessibility_url),
    ]
    .into_iter()
    .filter_map(|(key, url)| {
        url.as_deref().map(|url| LegalLink {
            label: i18n::text(locale, key),
            url,
        })
    })
    .collect()
}

/// Puts `intro`, `mail_footer` and `legal_links` into a mail's context (the HTML layout shows
/// the last two; invitations the first).
pub(super) fn insert(context: &mut Context, branding: &Branding, locale: Locale) {
    context.insert("intro", branding.invitation_intro(locale));
    context.insert("mail_footer", branding.mail_footer(locale));
    context.insert("legal_links", &legal_links(branding, locale));
}

/// The plain-text part's end: the footer text and one line per legal page; empty without.
pub(super) fn text_footer(branding: &Branding, locale: Locale) -> String {
    let footer = branding.mail_footer(locale);
    let links = legal_links(branding, locale);
    if footer.is_empty() && links.is_empty() {
        return String::new();
    }
    let mut text = String::from("\n");
    if !footer.is_empty() {
        text.push_str(footer);
        text.push('\n');
    }
    for link in links {
        text.push_str(&format!("{}: {}\n", link.label, link.url));
    }
    text
}
