//! The mails made one at a time beside a batch: the daily digest of answers and the mails of
//! date polls. Both are rare (one per organizer and day; one per person and poll event) and
//! read what they say when they are sent.

use super::{MailWorker, Outcome};
use crate::accounts;
use crate::domain::TimeZone;
use crate::error::AppError;
use crate::mail::compose::ComposeError;
use crate::mail::facts::Contact;
use crate::mail::message::MailMessage;
use crate::mail::send_error::SendError;
use crate::meetings::{self, DigestJob};
use crate::organisations;
use crate::outbox::ClaimedJob;
use crate::polls::{self, PollLetter, PollMail};

impl MailWorker {
    /// Makes and sends one digest of answers (rare: one per organizer and day, so one at a
    /// time, outside the batch's concurrency).
    pub(super) async fn digest(&self, job: &ClaimedJob) -> Outcome {
        let Ok(digest) = serde_json::from_str::<DigestJob>(&job.payload) else {
            return Outcome::Failed("the digest job cannot be read".into());
        };
        let read = self
            .db
            .run(move |conn| {
                let user = accounts::find_user(conn, &digest.user_id)?;
                let answers = meetings::digest_answers(conn, &digest)?;
                Ok::<_, AppError>((user, answers))
            })
            .await;
        let (user, answers) = match read {
            Ok(read) => read,
            Err(AppError::NotFound) => return Outcome::Skipped("the account is gone"),
            Err(e) => return Outcome::Retry(e.to_string()),
        };
        if answers.is_empty() || !user.reply_digest || user.disabled_at.is_some() {
            return Outcome::Skipped("nothing to tell, or the digest was switched off");
        }
        let to = Contact {
            name: user.display_name.clone(),
            email: user.email.clone(),
        };
        let zone = TimeZone::parse(&user.time_zone).unwrap_or_default();
        let mail = self
            .composer
            .digest(&job.id, &to, user.locale(), zone, &answers);
        self.send_one(mail).await
    }

    /// Sends one mail made outside a batch; one that cannot be made fails at once.
    async fn send_one(&self, made: Result<MailMessage, ComposeError>) -> Outcome {
        let message = match made
            .map_err(|e| e.to_string())
            .and_then(|mail| mail.to_message().map_err(|e| e.to_string()))
        {
            Ok(message) => message,
            Err(e) => return Outcome::Failed(e),
        };
        match self.transport.send(&message).await {
            Ok(()) => Outcome::Sent,
            Err(SendError::Transient(e)) => Outcome::Retry(e),
            Err(SendError::Permanent(e)) => Outcome::Failed(e),
        }
    }

    /// Makes and sends one mail of a date poll, with the poll as it is now.
    pub(super) async fn poll_mail(&self, job: &ClaimedJob, letter: PollLetter) -> Outcome {
        let Ok(mail) = serde_json::from_str::<PollMail>(&job.payload) else {
            return Outcome::Failed("the poll mail job cannot be read".into());
        };
        let read = self
            .db
            .run(move |conn| {
                let Some(facts) = polls::mail_facts(conn, &mail.participant_id)? else {
                    return Ok(None);
                };
                let branding = organisations::branding_of(conn, &facts.organizer.organisation_id)?;
                Ok(Some((facts, branding)))
            })
            .await;
        let (facts, branding) = match read {
            Ok(Some(read)) => read,
            Ok(None) | Err(AppError::NotFound) => return Outcome::Skipped("the poll is gone"),
            Err(e) => return Outcome::Retry(e.to_string()),
        };
        if letter == PollLetter::Reminder
            && (facts.poll.closed_at.is_some() || facts.participant.answered_at.is_some())
        {
            return Outcome::Skipped("answered or closed since the reminder was queued");
        }
        let link = self
            .links
            .poll
            .url(&self.links.poll.personal_token(&facts.participant.id));
        let mail = self
            .composer
            .poll_letter(&job.id, letter, &facts, &branding, &link);
        self.send_one(mail).await
    }
}
