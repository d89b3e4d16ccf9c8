//! One person's audit entries (export), and forgetting their address in entries' details
//! (erasure: the entries about their account lose it when the account goes).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::{Value, json};

use crate::db::schema::audit_events;
use crate::db::{AnyConnection, contains_pattern, utc_text};

/// Entries by or about the account, or whose detail names the address.
pub fn entries_export(
    conn: &mut AnyConnection,
    user_id: Option<&str>,
    email: &str,
) -> QueryResult<Vec<Value>> {
    type Row = (
        NaiveDateTime,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let query = audit_events::table.order(audit_events::id).select((
        audit_events::occurred_at,
        audit_events::action,
        audit_events::actor_id,
        audit_events::target_user_id,
        audit_events::ip,
        audit_events::detail,
    ));
    let mentioned = audit_events::detail
        .like(contains_pattern(email))
        .escape('\\');
    let rows: Vec<Row> = match user_id {
        Some(user_id) => query
            .filter(
                audit_events::actor_id
                    .eq(user_id)
                    .or(audit_events::target_user_id.eq(user_id))
                    .or(mentioned),
            )
            .load(conn)?,
        None => query.filter(mentioned).load(conn)?,
    };
    Ok(rows
        .into_iter()
        .map(|(at, action, actor, target, ip, detail)| {
            let role = match (actor.as_deref(), target.as_deref()) {
                (Some(actor), _) if Some(actor) == user_id => "actor",
                (_, Some(target)) if Some(target) == user_id => "subject",
                _ => "mentioned",
            };
            json!({"occurred_at": utc_text(at), "action": action, "as": role,
                   "address": ip, "detail": detail})
        })
        .collect())
}

/// Empties the details that name `email`; how many.
pub fn forget_mentions(conn: &mut AnyConnection, email: &str) -> QueryResult<usize> {
    diesel::update(
        audit_events::table.filter(
            audit_events::detail
                .like(contains_pattern(email))
                .escape('\\'),
        ),
    )
    .set(audit_events::detail.eq(None::<String>))
    .execute(conn)
}
