//! Calendar files for download and subscription: one meeting (`invite.ics`) and a person's
//! feed. Same UIDs as the invitations, so calendars update the events mails made.

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use super::{Composer, join_label, name_or_address, with_link};
use crate::domain::Locale;
use crate::mail::calendar::{self, CalendarEvent, Method, Person};
use crate::mail::facts::{Contact, MeetingFacts, meeting_facts};
use crate::meetings::{FeedEntry, JoinLinks};

/// One meeting as a published event for one person.
struct Published<'a> {
    meeting: &'a MeetingFacts,
    organizer: &'a Contact,
    /// Their join link (none once the meeting is cancelled).
    join_url: Option<&'a str>,
    /// Their SEQUENCE.
    sequence: i32,
    stamp: DateTime<Utc>,
    /// The description with the link, and the link's label.
    description: &'a str,
    label: &'a str,
}

impl Composer {
    /// The meeting as a calendar file to download (`METHOD:PUBLISH`, the same UID as the
    /// invitations and the downloader's own SEQUENCE, so importing it updates the event the
    /// invitation made), with the downloader's own join link when they have one.
    pub fn calendar_file(
        &self,
        meeting: &MeetingFacts,
        organizer: &Contact,
        own: Option<(&str, i32)>,
        locale: Locale,
        now: DateTime<Utc>,
    ) -> String {
        let (join_url, sequence) = match own {
            Some((url, sequence)) => (Some(url), sequence),
            None => (None, meeting.revision),
        };
        let join_url = join_url.filter(|_| !meeting.cancelled);
        let description = with_link(&meeting.description, join_url, locale);
        let label = join_label(locale);
        let event = self.published(
            Published {
                meeting,
                organizer,
                join_url,
                sequence,
                stamp: now,
                description: &description,
                label: &label,
            },
            locale,
        );
        calendar::calendar(Method::Publish, &event)
    }

    /// A person's calendar feed: every entry as a published event (series with their rule and
    /// exceptions) with the person's own join link and SEQUENCE. `DTSTAMP` is when the entry
    /// last changed, so the text stays the same until something does (the feed's ETag).
    pub fn calendar_feed(
        &self,
        name: &str,
        entries: &[FeedEntry],
        links: &JoinLinks,
        locale: Locale,
    ) -> String {
        let label = join_label(locale);
        let facts: Vec<(MeetingFacts, Option<String>, Contact, String)> = entries
            .iter()
            .map(|entry| {
                let count = usize::try_from(entry.invitee_count).unwrap_or_default();
                let meeting = meeting_facts(&entry.meeting, &entry.exceptions, count);
                let url =
                    (!meeting.cancelled).then(|| links.url(&entry.own.id, entry.own.link_version));
                let organizer = Contact {
                    name: entry.organizer_name.clone(),
                    email: entry.organizer_email.clone(),
                };
                let description = with_link(&meeting.description, url.as_deref(), locale);
                (meeting, url, organizer, description)
            })
            .collect();
        let events: Vec<CalendarEvent<'_>> = entries
            .iter()
            .zip(&facts)
            .map(|(entry, (meeting, url, organizer, description))| {
                self.published(
                    Published {
                        meeting,
                        organizer,
                        join_url: url.as_deref(),
                        sequence: entry.own.sequence,
                        stamp: last_change(entry),
                        description,
                        label: &label,
                    },
                    locale,
                )
            })
            .collect();
        calendar::feed(name, &events)
    }

    /// A tag that changes whenever the feed `calendar_feed` makes of these arguments would:
    /// every stored value it reads (times of change, sequences, link versions, names), the
    /// settings it uses, and this build. Compared with a client's `If-None-Match` before the
    /// feed is made, so a calendar asking again costs a read, not a rendering.
    pub fn calendar_feed_tag(&self, name: &str, entries: &[FeedEntry], locale: Locale) -> String {
        let mut digest = Sha256::new();
        let mut add = |part: &str| {
            digest.update(part.as_bytes());
            digest.update([0]);
        };
        add(env!("CARGO_PKG_VERSION"));
        add(&self.base_url);
        add(&self.alarm_minutes.to_string());
        add(name);
        add(locale.tag());
        for entry in entries {
            let (meeting, own) = (&entry.meeting, &entry.own);
            add(&meeting.id);
            add(&meeting.updated_at.to_string());
            add(&meeting.revision.to_string());
            add(&own.id);
            add(&own.updated_at.to_string());
            add(&own.sequence.to_string());
            add(&own.link_version.to_string());
            add(&entry.organizer_name);
            add(&entry.organizer_email);
            add(&entry.invitee_count.to_string());
            for exception in &entry.exceptions {
                add(&exception.recurrence_id.to_string());
                add(&exception.updated_at.to_string());
            }
        }
        let hex: String = digest.finalize()[..16]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        format!("\"{hex}\"")
    }

    /// The event of `published`: a single meeting, or a series' master with its rule,
    /// cancelled dates and changed dates.
    fn published<'a>(&self, published: Published<'a>, locale: Locale) -> CalendarEvent<'a> {
        let Published {
            meeting,
            organizer,
            join_url,
            sequence,
            stamp,
            description,
            label,
        } = published;
        self.event(
            meeting,
            CalendarEvent {
                uid: self.uid(&meeting.id),
                sequence: u32::try_from(sequence).unwrap_or_default(),
                stamp,
                starts_at: meeting.starts_at,
                ends_at: meeting.ends_at,
                title: &meeting.title,
                description: Cow::Borrowed(description),
                join_url,
                join_label: label,
                organizer: Person {
                    name: name_or_address(organizer),
                    email: &organizer.email,
                },
                attendees: Vec::new(),
                cancelled: meeting.cancelled,
                alarm_minutes: Some(self.alarm_minutes),
                zone: None,
                repeats: None,
                recurrence_id: None,
            },
            locale,
        )
    }
}

/// When anything in an entry last changed: the meeting, the person's entry, a date of it.
pub fn last_change(entry: &FeedEntry) -> DateTime<Utc> {
    entry
        .exceptions
        .iter()
        .map(|e| e.updated_at)
        .chain([entry.meeting.updated_at, entry.own.updated_at])
        .max()
        .unwrap_or(entry.meeting.updated_at)
        .and_utc()
}
