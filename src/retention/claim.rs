//! Which worker runs today's job: the one that moves `maintenance_runs.last_started_at`
//! forward first. Owns the `maintenance_runs` table.

use std::time::Duration;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::maintenance_runs;

/// Claims the run of `job` at `now` if the last one started at least `every` ago; `true` for
/// the one caller that got it.
pub(super) fn claim(
    conn: &mut AnyConnection,
    job: &str,
    now: NaiveDateTime,
    every: Duration,
) -> QueryResult<bool> {
    let known: bool = diesel::select(diesel::dsl::exists(
        maintenance_runs::table.filter(maintenance_runs::job.eq(job)),
    ))
    .get_result(conn)?;
    if !known {
        let inserted = diesel::insert_into(maintenance_runs::table)
            .values((
                maintenance_runs::job.eq(job),
                maintenance_runs::last_started_at.eq(now),
            ))
            .execute(conn);
        match inserted {
            Ok(_) => return Ok(true),
            // Another worker inserted it first: it runs.
            Err(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            )) => return Ok(false),
            Err(other) => return Err(other),
        }
    }
    let due_before = now - chrono::TimeDelta::from_std(every).unwrap_or(chrono::TimeDelta::MAX);
    let claimed = diesel::update(
        maintenance_runs::table
            .filter(maintenance_runs::job.eq(job))
            .filter(maintenance_runs::last_started_at.le(due_before)),
    )
    .set(maintenance_runs::last_started_at.eq(now))
    .execute(conn)?;
    Ok(claimed == 1)
}
