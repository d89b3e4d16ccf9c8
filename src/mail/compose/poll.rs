//! The mails of a date poll: the invitation to answer, the reminder, the outcome.

use serde::Serialize;
use tera::Context;

use super::{ComposeError, Composer, mailbox};
use crate::domain::{Locale, TimeZone};
use crate::i18n;
use crate::mail::facts::Contact;
use crate::mail::message::MailMessage;
use crate::polls::{PollLetter, PollMailFacts};
use crate::when;

#[derive(Serialize)]
struct Time {
    when: String,
    chosen: bool,
}

impl Composer {
    /// `letter` about the poll in `facts` to its participant, whose personal link is `link`;
    /// times in `zone`.
    pub fn poll_letter(
        &self,
        job_id: &str,
        letter: PollLetter,
        facts: &PollMailFacts,
        link: &str,
        zone: TimeZone,
    ) -> Result<MailMessage, ComposeError> {
        let participant = &facts.participant;
        let email = participant
            .email
            .clone()
            .ok_or_else(|| ComposeError("the participant has no address".into()))?;
        let to = Contact {
            name: participant.display_name.clone().unwrap_or_default(),
            email,
        };
        let locale = Locale::from_tag(&participant.locale).unwrap_or_default();
        let poll = &facts.poll;
        let times: Vec<Time> = facts
            .proposals
            .iter()
            .map(|p| Time {
                when: when::span(locale, p.starts_at, p.ends_at, zone),
                chosen: poll.chosen_proposal_id.as_deref() == Some(p.id.as_str()),
            })
            .collect();
        let chosen = times.iter().find(|t| t.chosen).map(|t| t.when.clone());
        let mut context = Context::new();
        context.insert("recipient_name", to.name.trim());
        context.insert("organizer_name", &facts.organizer.display_name);
        context.insert("title", &poll.title);
        context.insert("description", &poll.description);
        context.insert("times", &times);
        context.insert("chosen", &chosen);
        context.insert("closed", &poll.closed_at.is_some());
        context.insert("link", link);
        context.insert("join_url", link);
        context.insert("join_label", &i18n::text(locale, "poll-mail-button"));
        context.insert(
            "deadline",
            &poll.deadline.map(|d| when::moment(locale, d, zone)),
        );
        context.insert("zone", zone.name());
        context.insert("base_url", &self.base_url);
        let rendered = self
            .templates
            .render_named(letter.template(), locale, &mut context)
            .map_err(|e| ComposeError(format!("template {}: {e:?}", letter.template())))?;
        let organizer = Contact {
            name: facts.organizer.display_name.clone(),
            email: facts.organizer.email.clone(),
        };
        Ok(MailMessage {
            from: self.from.clone(),
            // Questions about the poll go to the person who asked.
            reply_to: mailbox(&organizer).unwrap_or_else(|_| self.from.clone()),
            to: mailbox(&to)?,
            subject: rendered.subject,
            text: rendered.text,
            html: rendered.html,
            language: locale.tag(),
            calendar: None,
            message_id: format!("<{job_id}@{}>", self.host),
        })
    }
}
