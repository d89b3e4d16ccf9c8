//! The daily digest of answers to an organizer's invitations, as a mail.

use serde::Serialize;
use tera::Context;

use super::{ComposeError, Composer, mailbox};
use crate::domain::{Locale, TimeZone, parse_recurrence_id};
use crate::i18n;
use crate::mail::facts::Contact;
use crate::mail::message::MailMessage;
use crate::meetings::DigestAnswer;
use crate::when;

#[derive(Serialize)]
struct MeetingAnswers {
    title: String,
    url: String,
    answers: Vec<AnswerLine>,
}

#[derive(Serialize)]
struct AnswerLine {
    who: String,
    answer: String,
    comment: Option<String>,
    /// For an answer about one date of a series: that date.
    date: Option<String>,
}

impl Composer {
    /// The digest of `answers` (by meeting, in the order given) for the organizer `to`.
    pub fn digest(
        &self,
        job_id: &str,
        to: &Contact,
        locale: Locale,
        zone: TimeZone,
        answers: &[DigestAnswer],
    ) -> Result<MailMessage, ComposeError> {
        let mut meetings: Vec<MeetingAnswers> = Vec::new();
        let mut last_meeting: Option<&str> = None;
        for answer in answers {
            if last_meeting != Some(answer.meeting_id.as_str()) {
                meetings.push(MeetingAnswers {
                    title: answer.meeting_title.clone(),
                    url: format!("{}/meetings/{}", self.base_url, answer.meeting_id),
                    answers: Vec::new(),
                });
                last_meeting = Some(&answer.meeting_id);
            }
            let response = &answer.response;
            let who = match answer.name.as_deref().map(str::trim) {
                Some(name) if !name.is_empty() => format!("{name} <{}>", answer.email),
                _ => answer.email.clone(),
            };
            if let Some(meeting) = meetings.last_mut() {
                meeting.answers.push(AnswerLine {
                    who,
                    answer: i18n::text(locale, &format!("answer-{}", response.partstat().slug())),
                    comment: response.comment.clone(),
                    date: response
                        .date()
                        .and_then(parse_recurrence_id)
                        .map(|at| when::moment(locale, at.naive_utc(), zone)),
                });
            }
        }
        let mut context = Context::new();
        context.insert("recipient_name", to.name.trim());
        context.insert("count", &answers.len());
        context.insert("meetings", &meetings);
        context.insert("settings_url", &format!("{}/settings", self.base_url));
        context.insert("base_url", &self.base_url);
        let rendered = self
            .templates
            .render_named("digest", locale, &mut context)
            .map_err(|e| ComposeError(format!("template digest: {e:?}")))?;
        Ok(MailMessage {
            from: self.from.clone(),
            reply_to: self.from.clone(),
            to: mailbox(to)?,
            subject: rendered.subject,
            text: rendered.text,
            html: rendered.html,
            language: locale.tag(),
            calendar: None,
            message_id: format!("<{job_id}@{}>", self.host),
        })
    }
}
