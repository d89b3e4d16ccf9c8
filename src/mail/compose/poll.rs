//! The mails of a date poll: the invitation to answer, the reminder, the outcome.

use serde::Serialize;
use tera::Context;

use super::{ComposeError, Composer, mailbox};
use crate::domain::Locale;
use crate::i18n;
use crate::mail::facts::Contact;
use crate::mail::message::MailMessage;
use crate::organisations::Branding;
use crate::polls::{PollLetter, PollMailFacts};
use crate::when;

#[derive(Serialize)]
struct Time {
    when: String,
    chosen: bool,
}

impl Composer {
    /// `letter` about the poll in `facts` to its participant, whose personal link is `link`;
    /// times in the facts' zone.
    pub fn poll_letter(
        &self,
        job_id: &str,
        letter: PollLetter,
        facts: &PollMailFacts,
        branding: &Branding,
        link: &str,
    ) -> Result<MailMessage, ComposeError> {
        let zone = facts.zone;
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
        super::branded::insert(&mut context, branding, locale);
        let mut rendered = self
            .templates
            .render_named(letter.template(), locale, &mut context)
            .map_err(|e| ComposeError(format!("template {}: {e:?}", letter.template())))?;
        rendered
            .text
            .push_str(&super::branded::text_footer(branding, locale));
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

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, NaiveDateTime};

    use super::*;
    use crate::accounts::User;
    use crate::domain::TimeZone;
    use crate::mail::MailTemplates;
    use crate::polls::{Poll, PollParticipant, Proposal};

    const BERLIN: &str = "Europe/Berlin";
    const NEW_YORK: &str = "America/New_York";

    fn at(day: u32, hour: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2027, 10, day)
            .and_then(|d| d.and_hms_opt(hour, 0, 0))
            .unwrap()
    }

    fn facts(locale: &str, chosen: Option<&str>, zone: &str) -> PollMailFacts {
        let proposal = |id: &str, day| Proposal {
            id: id.into(),
            poll_id: "q".into(),
            position: 0,
            starts_at: at(day, 8),
            ends_at: at(day, 9),
        };
        PollMailFacts {
            participant: PollParticipant {
                id: "p".into(),
                poll_id: "q".into(),
                email: Some("bob@city-b.test".into()),
                display_name: Some("Bob".into()),
                locale: locale.into(),
                user_id: None,
                guest: false,
                token_hash: String::new(),
                answered_at: None,
                created_at: at(1, 0),
            },
            poll: Poll {
                id: "q".into(),
                organizer_id: "u".into(),
                title: "Digitalrat".into(),
                description: String::new(),
                time_zone: "Europe/Berlin".into(),
                public_link: false,
                public_token_hash: String::new(),
                show_answers: true,
                deadline: Some(at(20, 15)),
                reminder_hours: Some(24),
                reminded_at: None,
                closed_at: chosen.map(|_| at(21, 0)),
                chosen_proposal_id: chosen.map(str::to_owned),
                meeting_id: None,
                created_at: at(1, 0),
                updated_at: at(1, 0),
            },
            // 29 October is summer time in Berlin, 1 November winter time.
            proposals: vec![proposal("a", 29), {
                let mut p = proposal("b", 29);
                p.starts_at = NaiveDate::from_ymd_opt(2027, 11, 1)
                    .and_then(|d| d.and_hms_opt(9, 0, 0))
                    .unwrap();
                p.ends_at = p.starts_at + chrono::TimeDelta::hours(1);
                p
            }],
            organizer: User {
                id: "u".into(),
                email: "alice@city-a.test".into(),
                display_name: "Alice Adler".into(),
                is_admin: false,
                locale: "de".into(),
                time_zone: "Europe/Berlin".into(),
                disabled_at: None,
                created_at: at(1, 0),
                updated_at: at(1, 0),
                sessions_valid_after: None,
                email_verified: true,
                reply_digest: true,
                organisation_id: "o".into(),
                organisation_admin: false,
            },
            zone: TimeZone::parse(zone).unwrap(),
        }
    }

    fn composer() -> Composer {
        Composer::new(
            MailTemplates::load().unwrap(),
            "Treffpunkt <noreply@treffpunkt.example.org>"
                .parse()
                .unwrap(),
            &url::Url::parse("https://treffpunkt.example.org/").unwrap(),
            None,
        )
    }

    #[test]
    fn the_invitation_names_each_time_in_the_readers_language_and_zone_and_the_link() {
        let link = "https://treffpunkt.example.org/p/abc";
        let de = composer()
            .poll_letter(
                "j1",
                PollLetter::Invitation,
                &facts("de", None, BERLIN),
                &Branding::default(),
                link,
            )
            .unwrap();
        assert_eq!(de.subject, "Welche Termine passen Ihnen? Digitalrat");
        assert!(
            de.text.contains("Fr. 29.10.2027, 10:00–11:00 (CEST)"),
            "{}",
            de.text
        );
        assert!(
            de.text.contains("Mo. 01.11.2027, 10:00–11:00 (CET)"),
            "{}",
            de.text
        );
        assert!(de.text.contains(link));
        // HTML escapes the slashes (browsers and mail programs read them back).
        assert!(de.html.contains("&#x2F;p&#x2F;abc"), "{}", de.html);
        assert_eq!(de.reply_to.email.to_string(), "alice@city-a.test");
        let en = composer()
            .poll_letter(
                "j1",
                PollLetter::Invitation,
                &facts("en", None, BERLIN),
                &Branding::default(),
                link,
            )
            .unwrap();
        assert!(
            en.text.contains("Fri, 29 Oct 2027, 10:00–11:00 (CEST)"),
            "{}",
            en.text
        );
        assert!(
            en.text.contains("Please answer by Wed, 20 Oct 2027, 17:00"),
            "{}",
            en.text
        );
    }

    #[test]
    fn the_outcome_names_the_chosen_time_or_that_there_is_none() {
        let chosen = composer()
            .poll_letter(
                "j2",
                PollLetter::Outcome,
                &facts("en", Some("b"), NEW_YORK),
                &Branding::default(),
                "l",
            )
            .unwrap();
        assert_eq!(chosen.subject, "Date found: Digitalrat");
        assert!(
            chosen.text.contains("Mon, 1 Nov 2027, 05:00–06:00 (EDT)"),
            "{}",
            chosen.text
        );
        let none = composer()
            .poll_letter(
                "j3",
                PollLetter::Outcome,
                &facts("de", Some("x"), NEW_YORK),
                &Branding::default(),
                "l",
            )
            .unwrap();
        assert_eq!(none.subject, "Umfrage beendet: Digitalrat");
    }
}
