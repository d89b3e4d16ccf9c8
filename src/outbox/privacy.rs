//! One person's mails in the outbox: which mails about them are queued or were sent (export),
//! and dropping every job that names them (erasure).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::{Value, json};

use crate::db::schema::outbox_jobs;
use crate::db::{AnyConnection, utc_text};

/// The jobs about these subjects (a person's meeting and poll entries): kind, state, times.
pub fn mails_export(conn: &mut AnyConnection, subject_ids: &[String]) -> QueryResult<Vec<Value>> {
    let rows: Vec<(String, String, NaiveDateTime, Option<NaiveDateTime>)> = outbox_jobs::table
        .filter(outbox_jobs::subject_id.eq_any(subject_ids))
        .order(outbox_jobs::created_at)
        .select((
            outbox_jobs::kind,
            outbox_jobs::state,
            outbox_jobs::created_at,
            outbox_jobs::finished_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(kind, state, created_at, finished_at)| {
            json!({"kind": kind, "state": state, "queued_at": utc_text(created_at),
                   "finished_at": finished_at.map(utc_text)})
        })
        .collect())
}

/// Deletes every job whose payload names `needle` (an address): copies for organizers and
/// digests carry invitees' addresses too. Pending ones are dropped with the rest; how many.
pub fn delete_mentioning(conn: &mut AnyConnection, needle: &str) -> QueryResult<usize> {
    diesel::delete(
        outbox_jobs::table.filter(
            outbox_jobs::payload
                .like(crate::db::contains_pattern(needle))
                .escape('\\'),
        ),
    )
    .execute(conn)
}
