//! The mail templates (`templates/mail/<language>/<letter>/{subject.txt, body.txt, body.html}`),
//! compiled into the binary. HTML is escaped, text is not: names and titles are plain text.

use std::sync::Arc;

use anyhow::Context as _;
use tera::{Context, Tera};

use super::facts::Letter;
use crate::domain::Locale;

/// One letter in both languages: its subject, text body and HTML body.
macro_rules! letter {
    ($letter:literal) => {
        letter!(@lang "de", $letter).into_iter().chain(letter!(@lang "en", $letter))
    };
    (@lang $lang:literal, $letter:literal) => {
        [
            concat!("mail/", $lang, "/", $letter, "/subject.txt"),
            concat!("mail/", $lang, "/", $letter, "/body.txt"),
            concat!("mail/", $lang, "/", $letter, "/body.html"),
        ]
        .into_iter()
        .zip([
            include_str!(concat!("../../templates/mail/", $lang, "/", $letter, "/subject.txt")),
            include_str!(concat!("../../templates/mail/", $lang, "/", $letter, "/body.txt")),
            include_str!(concat!("../../templates/mail/", $lang, "/", $letter, "/body.html")),
        ])
    };
}

/// The pieces every letter shares.
const SHARED: &[(&str, &str)] = &[
    (
        "mail/layout.html",
        include_str!("../../templates/mail/layout.html"),
    ),
    (
        "mail/join_button.html",
        include_str!("../../templates/mail/join_button.html"),
    ),
    (
        "mail/dial_in.txt",
        include_str!("../../templates/mail/dial_in.txt"),
    ),
    (
        "mail/dial_in.html",
        include_str!("../../templates/mail/dial_in.html"),
    ),
    (
        "mail/reply_links.html",
        include_str!("../../templates/mail/reply_links.html"),
    ),
    (
        "mail/reply_links.txt",
        include_str!("../../templates/mail/reply_links.txt"),
    ),
    (
        "mail/de/facts.txt",
        include_str!("../../templates/mail/de/facts.txt"),
    ),
    (
        "mail/de/facts.html",
        include_str!("../../templates/mail/de/facts.html"),
    ),
    (
        "mail/en/facts.txt",
        include_str!("../../templates/mail/en/facts.txt"),
    ),
    (
        "mail/en/facts.html",
        include_str!("../../templates/mail/en/facts.html"),
    ),
];

/// The compiled mail templates; cheap to clone.
#[derive(Clone)]
pub struct MailTemplates(Arc<Tera>);

/// One rendered letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// The subject line.
    pub subject: String,
    /// The plain-text body.
    pub text: String,
    /// The HTML body.
    pub html: String,
}

impl MailTemplates {
    /// Compiles every mail template; a syntax error stops the start.
    pub fn load() -> anyhow::Result<MailTemplates> {
        let mut tera = Tera::default();
        let letters = letter!("invitation")
            .chain(letter!("update"))
            .chain(letter!("cancellation"))
            .chain(letter!("uninvitation"))
            .chain(letter!("reminder"))
            .chain(letter!("organizer_copy"))
            .chain(letter!("digest"))
            .chain(letter!("poll_invitation"))
            .chain(letter!("poll_reminder"))
            .chain(letter!("poll_outcome"));
        tera.add_raw_templates(SHARED.iter().copied().chain(letters))
            .context("a mail template does not compile")?;
        Ok(MailTemplates(Arc::new(tera)))
    }

    /// Renders `letter` in `locale` with the facts in `context`.
    pub fn render(
        &self,
        letter: Letter,
        locale: Locale,
        context: &mut Context,
    ) -> Result<Rendered, tera::Error> {
        self.render_named(letter.template(), locale, context)
    }

    /// Renders the templates in `templates/mail/<locale>/<name>/` (a letter about a meeting,
    /// or the daily digest).
    pub fn render_named(
        &self,
        name: &str,
        locale: Locale,
        context: &mut Context,
    ) -> Result<Rendered, tera::Error> {
        let base = format!("mail/{}/{name}", locale.tag());
        context.insert("lang", locale.tag());
        let subject = self.0.render(&format!("{base}/subject.txt"), context)?;
        let subject = subject.trim().to_owned();
        context.insert("subject", &subject);
        Ok(Rendered {
            text: self.0.render(&format!("{base}/body.txt"), context)?,
            html: self.0.render(&format!("{base}/body.html"), context)?,
            subject,
        })
    }
}
