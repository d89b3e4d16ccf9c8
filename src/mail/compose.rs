//! From the facts of one mail to one finished message: subject and bodies from the templates
//! in the recipient's language and time zone, the calendar with the right method, headers.
//! Pure: the same facts always give the same message (snapshot tests rely on it).

use crate::conference::DialInLines;
use std::borrow::Cow;

use lettre::message::Mailbox;
use tera::Context;

use super::calendar::{self, CalendarEvent, Method, Person, Repeats};
use super::facts::{Contact, Letter, MailFacts, MeetingFacts};
use super::message::MailMessage;
use super::replies::ReplyAddresses;
use super::templates::MailTemplates;
use crate::domain::{Locale, PartStat, recurrence_id_text};
use crate::i18n;
use crate::when;

/// What every message shares: templates, sender, links back, reminders.
#[derive(Clone)]
pub struct Composer {
    templates: MailTemplates,
    from: Mailbox,
    base_url: String,
    host: String,
    alarm_minutes: i64,
    /// With a reply mailbox: the addresses invitations name as their organizer.
    replies: Option<ReplyAddresses>,
}

/// A mail that cannot be made (a template error or an address lettre refuses).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ComposeError(String);

/// The calendar alarm when reminders are off.
const DEFAULT_ALARM_MINUTES: i64 = 15;

impl Composer {
    /// A composer sending as `from`, linking to `base_url`; `reminder_minutes` also sets the
    /// calendar alarm.
    pub fn new(
        templates: MailTemplates,
        from: Mailbox,
        base_url: &url::Url,
        reminder_minutes: Option<i64>,
    ) -> Composer {
        Composer {
            templates,
            from,
            base_url: base_url.as_str().trim_end_matches('/').to_owned(),
            host: base_url.host_str().unwrap_or("localhost").to_owned(),
            alarm_minutes: reminder_minutes.unwrap_or(DEFAULT_ALARM_MINUTES),
            replies: None,
        }
    }

    /// The same composer naming `replies`' addresses as the organizer of what it sends to
    /// participants, so their calendar programs answer to the reply mailbox.
    pub fn with_reply_addresses(self, replies: Option<ReplyAddresses>) -> Composer {
        Composer { replies, ..self }
    }

    /// The composer the settings describe (compiles the templates).
    pub fn from_config(config: &crate::config::Config) -> anyhow::Result<Composer> {
        let replies = config
            .mail
            .replies
            .as_ref()
            .map(|replies| ReplyAddresses::new(&config.secret_key, replies));
        Ok(Composer::new(
            MailTemplates::load()?,
            config.mail.from.clone(),
            &config.base_url,
            config.mail.reminder_minutes,
        )
        .with_reply_addresses(replies))
    }

    /// The calendar UID of a meeting: the same in every message about it, for its whole life.
    pub fn uid(&self, meeting_id: &str) -> String {
        format!("{meeting_id}@{}", self.host)
    }

    /// The finished message.
    pub fn compose(&self, facts: &MailFacts) -> Result<MailMessage, ComposeError> {
        let meeting = &facts.meeting;
        let recipient = &facts.recipient;
        let locale = recipient.locale;
        let letter = facts.letter;
        let join_url = letter
            .carries_link(meeting.cancelled)
            .then_some(recipient.join_url.as_str());
        let when = when::span(
            locale,
            meeting.starts_at.naive_utc(),
            meeting.ends_at.naive_utc(),
            recipient.zone,
        );
        let organizer_name = name_or_address(&facts.organizer);
        let mut context = Context::new();
        context.insert("title", &meeting.title);
        context.insert("description", &meeting.description);
        context.insert("when", &when);
        // A series' invitation says how it repeats; a mail about one date does not.
        let repeats = match (&meeting.series, &meeting.occurrence) {
            (Some(series), None) => {
                let first = meeting
                    .starts_at
                    .with_timezone(&series.zone.tz())
                    .date_naive();
                when::rule(locale, &series.rule, first)
            }
            _ => String::new(),
        };
        context.insert("repeats", &repeats);
        context.insert("cancelled", &meeting.cancelled);
        context.insert("invitee_count", &meeting.invitee_count);
        context.insert("organizer_name", organizer_name);
        context.insert("recipient_name", recipient.contact.name.trim());
        context.insert("join_url", &join_url.unwrap_or_default());
        // Whoever gets a join link also gets the way in by phone.
        let dial_in = join_url
            .and(meeting.dial_in.as_ref())
            .map(|dial_in| dial_in.lines(locale));
        context.insert("dial_in", &dial_in);
        context.insert("join_label", &join_label(locale));
        context.insert("reply_question", &i18n::text(locale, "mail-reply-question"));
        context.insert(
            "reply_links",
            &reply_links(
                facts,
                join_url.filter(|_| letter.asks_for_answer(meeting.cancelled)),
            ),
        );
        // A reminder says how long it really is until the start, whenever it goes out.
        let (wait_key, wait_count) = when::wait((meeting.starts_at - facts.stamp).num_seconds());
        context.insert(
            "starts_in",
            &i18n::text_with_count(locale, wait_key, wait_count),
        );
        context.insert("base_url", &self.base_url);
        branded::insert(&mut context, &facts.branding, locale);
        let mut rendered = self
            .templates
            .render(letter, locale, &mut context)
            .map_err(|e| ComposeError(format!("template {}: {e:?}", letter.template())))?;
        rendered
            .text
            .push_str(&branded::text_footer(&facts.branding, locale));

        let description = with_dial_in(
            with_link(&meeting.description, join_url, locale),
            dial_in.as_ref(),
        );
        // With a reply mailbox, an invitee's calendar answers to their own reply address; the
        // name stays the organizer's (and From says "<organizer> via Treffpunkt").
        let reply_address = match (&self.replies, &recipient.participant_id, letter) {
            (
                Some(replies),
                Some(id),
                Letter::Invitation | Letter::Update | Letter::Cancellation,
            ) => replies.for_participant(id),
            _ => None,
        };
        let organizer = Person {
            name: organizer_name,
            email: reply_address.as_deref().unwrap_or(&facts.organizer.email),
        };
        let attendee = Person {
            name: name_or_address(&recipient.contact),
            email: &recipient.contact.email,
        };
        let label = join_label(locale);
        let calendar = letter.method().map(|method| {
            let event = self.event(
                meeting,
                CalendarEvent {
                    uid: self.uid(&meeting.id),
                    sequence: u32::try_from(recipient.sequence).unwrap_or_default(),
                    stamp: facts.stamp,
                    starts_at: meeting.starts_at,
                    ends_at: meeting.ends_at,
                    title: &meeting.title,
                    description: Cow::Borrowed(&description),
                    join_url,
                    join_label: &label,
                    organizer,
                    // The organizer's own copy lists nobody; an invitee's lists only them.
                    attendees: if method == Method::Publish {
                        Vec::new()
                    } else {
                        vec![attendee]
                    },
                    cancelled: meeting.cancelled,
                    alarm_minutes: Some(self.alarm_minutes),
                    zone: None,
                    repeats: None,
                    recurrence_id: None,
                },
                locale,
            );
            (method, calendar::calendar(method, &event))
        });
        Ok(MailMessage {
            from: self.sender_for(organizer_name),
            reply_to: mailbox(&facts.organizer)?,
            to: mailbox(&recipient.contact)?,
            subject: rendered.subject,
            text: rendered.text,
            html: rendered.html,
            language: locale.tag(),
            calendar,
            message_id: format!("<{}@{}>", facts.job_id, self.host),
        })
    }

    /// The sender as people see it: `"Ada Lovelace via Treffpunkt" <noreply@…>`. The address
    /// stays ours, so SPF and DMARC hold; Reply-To reaches the organizer.
    fn sender_for(&self, organizer_name: &str) -> Mailbox {
        let service = self
            .from
            .name
            .as_deref()
            .map(str::trim)
            .filter(|name| !name.is_empty())
            .unwrap_or("Treffpunkt");
        Mailbox::new(
            Some(format!("{organizer_name} via {service}")),
            self.from.email.clone(),
        )
    }
}

impl Composer {
    /// `event` (a single meeting's) as the meeting is: one occurrence alone (its
    /// `RECURRENCE-ID`, its own SEQUENCE), a series' master with its rule, cancelled dates and
    /// changed occurrences, or a single meeting as it is.
    fn event<'a>(
        &self,
        meeting: &'a MeetingFacts,
        mut event: CalendarEvent<'a>,
        locale: Locale,
    ) -> CalendarEvent<'a> {
        let Some(series) = &meeting.series else {
            return event;
        };
        event.zone = Some(series.zone.tz());
        if let Some(occurrence) = &meeting.occurrence {
            event.recurrence_id = Some(occurrence.recurrence_id);
            if let Some(sequence) = occurrence.sequence {
                event.sequence = u32::try_from(sequence).unwrap_or_default();
            }
            return event;
        }
        let overrides = series
            .changed
            .iter()
            .map(|changed| {
                let description = changed
                    .description
                    .as_deref()
                    .unwrap_or(&meeting.description);
                let description = with_link(description, event.join_url, locale);
                CalendarEvent {
                    starts_at: changed.starts_at,
                    ends_at: changed.ends_at,
                    title: changed.title.as_deref().unwrap_or(&meeting.title),
                    description: Cow::Owned(description),
                    sequence: changed
                        .sequence
                        .and_then(|s| u32::try_from(s).ok())
                        .unwrap_or(event.sequence),
                    recurrence_id: Some(changed.recurrence_id),
                    repeats: None,
                    ..event.clone()
                }
            })
            .collect();
        event.repeats = Some(Repeats {
            rrule: series.rrule.clone(),
            exdates: series.cancelled.clone(),
            overrides,
            covers_until: series.covers_until,
        });
        event
    }
}

fn name_or_address(contact: &Contact) -> &str {
    match contact.name.trim() {
        "" => &contact.email,
        name => name,
    }
}

fn mailbox(contact: &Contact) -> Result<Mailbox, ComposeError> {
    let address = contact.email.parse().map_err(|e| {
        ComposeError(format!(
            "the address {:?} is not usable: {e}",
            contact.email
        ))
    })?;
    let name = contact.name.trim();
    Ok(Mailbox::new(
        (!name.is_empty()).then(|| name.to_owned()),
        address,
    ))
}

fn join_label(locale: Locale) -> String {
    i18n::text(locale, "mail-join-label")
}

/// The description as calendars show it: the agenda, then the join link on its own line.
/// Accept, maybe, decline: each opens the reply page behind the join link with the answer
/// preselected (the page asks to confirm; scanners that follow links answer nothing). A mail
/// about one date of a series asks about that date.
fn reply_links(facts: &MailFacts, join_url: Option<&str>) -> Vec<ReplyLink> {
    let Some(join_url) = join_url else {
        return Vec::new();
    };
    let locale = facts.recipient.locale;
    let date = facts
        .meeting
        .occurrence
        .as_ref()
        .map(|o| format!("&date={}", recurrence_id_text(o.recurrence_id)))
        .unwrap_or_default();
    PartStat::ALL
        .into_iter()
        .map(|answer| ReplyLink {
            label: i18n::text(locale, &format!("mail-reply-{}", answer.slug())),
            url: format!("{join_url}/reply?answer={}{date}", answer.slug()),
        })
        .collect()
}

#[derive(serde::Serialize)]
struct ReplyLink {
    label: String,
    url: String,
}

fn with_link(description: &str, join_url: Option<&str>, locale: Locale) -> String {
    match join_url {
        Some(url) => format!("{}\n\n{}: {url}", description.trim_end(), join_line(locale))
            .trim_start()
            .to_owned(),
        None => description.to_owned(),
    }
}

/// The description with the dial-in lines after the join link.
fn with_dial_in(description: String, dial_in: Option<&DialInLines>) -> String {
    match dial_in {
        Some(lines) => format!("{description}\n\n{}", lines.to_text()),
        None => description,
    }
}

fn join_line(locale: Locale) -> String {
    i18n::text(locale, "mail-join-line")
}

mod branded;
mod digest;
mod files;
mod poll;

pub use files::last_change;

#[cfg(test)]
mod tests;
