//! Calendar files for download and subscription: one meeting (`invite.ics`) and a person's
//! feed. Same UIDs as the invitations, so calendars update the events mails made.

use std::borrow::Cow;

use chrono::{DateTime, Utc};

use super::{Composer, join_label, name_or_address, with_link};
use crate::domain::Locale;
use crate::mail::calendar::{self, CalendarEvent, Method, Person};
use crate::mail::facts::{Contact, MeetingFacts, meeting_facts};
use crate::meetings::{FeedEntry, JoinLinks};

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
        let event = self.event(
            meeting,
            CalendarEvent {
                uid: self.uid(&meeting.id),
                sequence: u32::try_from(sequence).unwrap_or_default(),
                stamp: now,
                starts_at: meeting.starts_at,
                ends_at: meeting.ends_at,
                title: &meeting.title,
                description: Cow::Borrowed(&description),
                join_url,
                join_label: &label,
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
        );
        calendar::calendar(Method::Publish, &event)
    }
}

impl Composer {
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
        let facts: Vec<(MeetingFacts, Option<String>, Contact)> = entries
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
                (meeting, url, organizer)
            })
            .collect();
        let descriptions: Vec<String> = facts
            .iter()
            .map(|(meeting, url, _)| with_link(&meeting.description, url.as_deref(), locale))
            .collect();
        let events: Vec<CalendarEvent<'_>> = entries
            .iter()
            .zip(&facts)
            .zip(&descriptions)
            .map(|((entry, (meeting, url, organizer)), description)| {
                let event = CalendarEvent {
                    uid: self.uid(&meeting.id),
                    sequence: u32::try_from(entry.own.sequence).unwrap_or_default(),
                    stamp: last_change(entry),
                    starts_at: meeting.starts_at,
                    ends_at: meeting.ends_at,
                    title: &meeting.title,
                    description: Cow::Borrowed(description),
                    join_url: url.as_deref(),
                    join_label: &label,
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
                };
                self.event(meeting, event, locale)
            })
            .collect();
        calendar::feed(name, &events)
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
