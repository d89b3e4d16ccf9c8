//! Everything stored about an address, as one JSON document.

use serde_json::{Value, json};

use crate::audit::{self, Actor, AuditAction, AuditEvent};
use crate::db::{self, AnyConnection, utc_text};
use crate::domain::Email;
use crate::error::AppError;
use crate::{accounts, conference, joining, meetings, outbox, polls};

/// The document for `email`; the export is audited (who asked, how many rows), the address not.
pub fn export(
    conn: &mut AnyConnection,
    actor: Option<Actor<'_>>,
    email: &Email,
) -> Result<Value, AppError> {
    let address = email.as_str();
    let account = accounts::account_export(conn, email)?;
    let user_id = account.as_ref().map(|(user, _)| user.id.clone());
    let organised = match &user_id {
        Some(id) => meetings::organised_export(conn, id)?,
        None => Vec::new(),
    };
    let (invitations, entries) = meetings::invitations_export(conn, address, user_id.as_deref())?;
    let polls_organised = match &user_id {
        Some(id) => polls::polls_organised_export(conn, id)?,
        None => Vec::new(),
    };
    let (poll_entries, poll_entry_ids) =
        polls::poll_entries_export(conn, address, user_id.as_deref())?;
    let attendance = conference::stays_export(conn, &entries)?;
    let waiting = joining::waiting_export(conn, &entries)?;
    let subjects: Vec<String> = entries.iter().chain(&poll_entry_ids).cloned().collect();
    let mails = outbox::mails_export(conn, &subjects)?;
    let audit_entries = audit::entries_export(conn, user_id.as_deref(), address)?;
    let rows = organised.len()
        + invitations.len()
        + polls_organised.len()
        + poll_entries.len()
        + attendance.len()
        + waiting.len()
        + mails.len()
        + audit_entries.len()
        + usize::from(account.is_some());
    let detail = format!("{rows} rows");
    audit::record(
        conn,
        AuditEvent::new(AuditAction::DataExported)
            .by_actor(actor)
            .detail(&detail),
    )?;
    Ok(json!({
        "address": address,
        "generated_at": utc_text(db::now()),
        "account": account.map(|(_, document)| document),
        "meetings_organised": organised,
        "invitations": invitations,
        "attendance": attendance,
        "waiting_rooms": waiting,
        "polls_organised": polls_organised,
        "poll_invitations": poll_entries,
        "mails": mails,
        "audit_log": audit_entries,
        // The address book (contacts that name the address) comes with a later release.
        "contacts": [],
    }))
}
