//! Removing every trace of an address: its invitations become "deleted person" (no address,
//! no name, links that open nothing), mails naming it are dropped, its waiting-room names and
//! room stays forget it, and its account goes — with the meetings and polls it organised —
//! unless it still organises meetings to come. The audit log records that an erasure
//! happened, not whose.

use diesel::Connection;

use crate::audit::{self, Actor, AuditAction, AuditEvent};
use crate::db::{self, AnyConnection};
use crate::domain::Email;
use crate::error::AppError;
use crate::meetings::Upcoming;
use crate::{accounts, conference, joining, meetings, outbox, polls};

/// What an erasure removed.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Erased {
    /// Whether an account was deleted.
    pub account: bool,
    /// Meetings and polls the account organised, deleted.
    pub meetings_organised: usize,
    pub polls_organised: usize,
    /// Meeting and poll entries made "deleted person".
    pub invitations: usize,
    pub poll_invitations: usize,
    /// Outbox jobs dropped.
    pub mails: usize,
}

/// Why an erasure did not happen.
#[derive(Debug)]
pub enum ErasureRefused {
    /// The account organises meetings still to come: their invitees would lose them. Cancel
    /// them (or hand them over) first.
    OrganisesUpcoming(Vec<Upcoming>),
    Failed(AppError),
}

impl From<AppError> for ErasureRefused {
    fn from(error: AppError) -> Self {
        ErasureRefused::Failed(error)
    }
}

impl From<diesel::result::Error> for ErasureRefused {
    fn from(error: diesel::result::Error) -> Self {
        ErasureRefused::Failed(error.into())
    }
}

/// Erases `email` in one transaction.
pub fn erase(
    conn: &mut AnyConnection,
    actor: Option<Actor<'_>>,
    email: &Email,
) -> Result<Erased, ErasureRefused> {
    let address = email.as_str();
    let now = db::now();
    conn.transaction(|conn| {
        let account = accounts::find_user_by_email(conn, email)?;
        let mut erased = Erased::default();
        if let Some(user) = &account {
            let upcoming = meetings::upcoming_organised(conn, &user.id, now)?;
            if !upcoming.is_empty() {
                return Err(ErasureRefused::OrganisesUpcoming(upcoming));
            }
            erased.meetings_organised = meetings::delete_organised(conn, &user.id)?;
            erased.polls_organised = polls::delete_polls_organised(conn, &user.id)?;
        }
        let user_id = account.as_ref().map(|user| user.id.as_str());
        let entries = meetings::entry_ids(conn, address, user_id)?;
        let poll_entries = polls::poll_entry_ids(conn, address, user_id)?;
        let subjects: Vec<String> = entries.iter().chain(&poll_entries).cloned().collect();
        erased.mails = outbox::delete_about(conn, &subjects)? + outbox::delete_mentioning(conn, address)?;
        joining::forget_waiting_names(conn, &entries)?;
        conference::forget_in_rooms(conn, &entries, address)?;
        meetings::anonymise_entries(conn, &entries, now)?;
        polls::anonymise_poll_entries(conn, &poll_entries)?;
        erased.invitations = entries.len();
        erased.poll_invitations = poll_entries.len();
        audit::forget_mentions(conn, address)?;
        if let Some(user) = &account {
            accounts::delete_account(conn, &user.id)?;
            erased.account = true;
        }
        let detail = format!(
            "account: {}, meetings organised: {}, polls organised: {}, invitations: {}, poll invitations: {}, mails: {}",
            if erased.account { "deleted" } else { "none" },
            erased.meetings_organised,
            erased.polls_organised,
            erased.invitations,
            erased.poll_invitations,
            erased.mails
        );
        audit::record(
            conn,
            AuditEvent::new(AuditAction::PersonErased)
                .by_actor(actor)
                .detail(&detail),
        )?;
        Ok(erased)
    })
}
