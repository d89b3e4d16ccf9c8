//! The outbox for administrators: how many mails are waiting, sent, failed or skipped, and the
//! failed ones with their last error, each with "try again" and "discard".

use actix_web::{HttpResponse, web};
use serde::Serialize;

use crate::db::Db;
use crate::error::AppError;
use crate::mail;
use crate::meetings::MailKind;
use crate::outbox::{self, JobState};
use crate::web::client::{local_time, see_other};
use crate::web::extractors::csrf::{CsrfForm, NoFields};
use crate::web::extractors::viewer::Administrator;
use crate::web::session;
use crate::web::templates::Templates;

/// How many failed jobs the page lists (the newest).
const FAILED_SHOWN: i64 = 100;

/// Counts by state and the failed mails.
pub async fn page(
    Administrator {
        signed_in: admin,
        scope,
    }: Administrator,
    db: web::Data<Db>,
    templates: web::Data<Templates>,
) -> Result<HttpResponse, AppError> {
    let (counts, failed) = db
        .run(move |conn| {
            let organisation = scope.organisation();
            let counts = match organisation {
                None => outbox::counts_of_every_state(conn)?,
                Some(organisation) => mail::counts_of_every_state(conn, organisation)?,
            };
            Ok((
                counts,
                mail::failed_mails(conn, organisation, FAILED_SHOWN)?,
            ))
        })
        .await?;
    let zone = &admin.user.time_zone;
    let view = OutboxPage {
        states: counts
            .into_iter()
            .map(|(state, count)| StateCount { state, count })
            .collect(),
        failed: failed
            .into_iter()
            .map(|mail| FailedRow {
                kind: mail.kind.map_or("–", MailKind::name),
                recipient: mail.recipient.unwrap_or_else(|| "–".to_owned()),
                error: mail.error.unwrap_or_default(),
                queued_at: local_time(mail.queued_at, zone),
                failed_at: mail.failed_at.map(|at| local_time(at, zone)),
                id: mail.job_id,
                meeting_id: mail.meeting_id,
                attempts: mail.attempts,
            })
            .collect(),
        notice_key: session::take_notice(&admin.viewer.session),
    };
    templates.render_page(&admin.viewer, "admin_outbox.html", &view)
}

#[derive(Serialize)]
struct OutboxPage {
    states: Vec<StateCount>,
    failed: Vec<FailedRow>,
    notice_key: Option<String>,
}

#[derive(Serialize)]
struct StateCount {
    state: JobState,
    count: i64,
}

#[derive(Serialize)]
struct FailedRow {
    id: String,
    kind: &'static str,
    meeting_id: Option<String>,
    recipient: String,
    attempts: i32,
    error: String,
    queued_at: String,
    failed_at: Option<String>,
}

/// Tries a failed job again now, or gives up on it.
pub async fn change(
    Administrator {
        signed_in: admin,
        scope,
    }: Administrator,
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
    let changed = db
        .run(move |conn| {
            // Another organisation's job reads as one that is not there.
            if let Some(organisation) = scope.organisation()
                && !mail::job_of_organisation(conn, &id, organisation)?
            {
                return Err(AppError::NotFound);
            }
            Ok(change(conn, &id)?)
        })
        .await?;
    // Someone else got there first (or the id is wrong): say so instead of pretending.
    let notice = if changed { notice } else { "outbox-not-failed" };
    session::set_notice(&admin.viewer.session, notice)?;
    Ok(see_other("/admin/outbox"))
}
