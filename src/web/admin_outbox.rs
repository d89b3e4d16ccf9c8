//! The outbox for administrators: how many mails are waiting, sent, failed or skipped, and the
//! failed ones with their last error, each with "try again" and "discard".

use actix_web::{HttpResponse, web};
use serde_json::json;

use super::Templates;
use super::client::{local_time, see_other};
use super::csrf::{CsrfForm, NoFields};
use super::session::{self, keys};
use super::viewer::Admin;
use crate::db::Db;
use crate::error::AppError;
use crate::mail::queries::participant_emails;
use crate::meetings::MeetingMail;
use crate::outbox;

/// How many failed jobs the page lists (the newest).
const FAILED_SHOWN: i64 = 100;

/// Counts by state and the failed jobs.
pub async fn page(
    Admin(admin): Admin,
    db: web::Data<Db>,
    templates: web::Data<Templates>,
) -> Result<HttpResponse, AppError> {
    let (counts, failed, emails) = db
        .run(|conn| {
            let counts = outbox::counts_of_every_state(conn)?;
            let failed = outbox::failed_jobs(conn, FAILED_SHOWN)?;
            let ids: Vec<String> = failed
                .iter()
                .filter_map(|job| MeetingMail::from_job(&job.kind, &job.payload))
                .filter_map(|mail| mail.participant_id().map(str::to_owned))
                .collect();
            let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
            let emails = participant_emails(conn, &ids)?;
            Ok((counts, failed, emails))
        })
        .await?;
    let states: Vec<_> = counts
        .iter()
        .map(|(state, count)| json!({ "state": state, "count": count }))
        .collect();
    let zone = &admin.user.time_zone;
    let failed: Vec<_> = failed
        .iter()
        .map(|job| {
            let mail = MeetingMail::from_job(&job.kind, &job.payload);
            let recipient = match &mail {
                Some(MeetingMail::Uninvitation(gone)) => Some(gone.email.clone()),
                Some(mail) => mail.participant_id().and_then(|id| emails.get(id).cloned()),
                None => None,
            };
            json!({
                "id": job.id,
                "kind": job.kind.trim_start_matches("mail."),
                "meeting_id": mail.as_ref().map(|m| m.meeting_id().to_owned()),
                "recipient": recipient.unwrap_or_else(|| "–".to_owned()),
                "attempts": job.attempts,
                "error": job.last_error.as_deref().unwrap_or(""),
                "queued_at": local_time(job.created_at, zone),
                "failed_at": job.finished_at.map(|at| local_time(at, zone)),
            })
        })
        .collect();
    let viewer = &admin.viewer;
    let mut context = viewer.context(&templates)?;
    context.insert("states", &states);
    context.insert("failed", &failed);
    let notice = session::read::<String>(&viewer.session, keys::NOTICE);
    viewer.session.remove(keys::NOTICE);
    context.insert("notice_key", &notice);
    templates.page("admin_outbox.html", &context)
}

/// Tries a failed job again now, or gives up on it.
pub async fn change(
    Admin(admin): Admin,
    path: web::Path<(String, String)>,
    CsrfForm(_): CsrfForm<NoFields>,
    db: web::Data<Db>,
) -> Result<HttpResponse, AppError> {
    let (id, action) = path.into_inner();
    type Change = fn(&mut crate::db::AnyConnection, &str) -> diesel::QueryResult<bool>;
    let (change, notice): (Change, &str) = match action.as_str() {
        "retry" => (outbox::retry_now, "outbox-retried"),
        "discard" => (outbox::discard, "outbox-discarded"),
        _ => return Err(AppError::NotFound),
    };
    let changed = db.run(move |conn| Ok(change(conn, &id)?)).await?;
    // Someone else got there first (or the id is wrong): say so instead of pretending.
    let notice = if changed { notice } else { "outbox-not-failed" };
    session::write(&admin.viewer.session, keys::NOTICE, notice)?;
    Ok(see_other("/admin/outbox"))
}
